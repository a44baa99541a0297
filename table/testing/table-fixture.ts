/** Test helper: a TableSource from Athena DDL and object contents, in a temp directory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCreateTable } from '../ddl/parse-create-table';
import type { TableSource } from '../glue-table';

export function tableFixture(ddl: string, objects: Record<string, string | Buffer>): TableSource & { cleanup(): void } {
  const { database = 'db', tableInput } = parseCreateTable(ddl, 'fixture.sql');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-table-test-'));
  for (const [key, content] of Object.entries(objects)) {
    const target = path.join(dataDir, ...key.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return {
    database,
    name: tableInput.Name as string,
    table: { ...tableInput, Name: tableInput.Name as string, DatabaseName: database },
    dataDir,
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export const openxDdl = (columns: string, properties = "'ignore.malformed.json'='FALSE'"): string =>
  `CREATE EXTERNAL TABLE db.t (${columns}) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' ` +
  `WITH SERDEPROPERTIES (${properties}) LOCATION 's3://b/t/'`;
