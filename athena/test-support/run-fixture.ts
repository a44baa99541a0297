/**
 * Builds small run directories in os.tmpdir() for tests: catalog entries from Athena DDL, data
 * objects from given contents, and a minimal run.json.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Table } from '@aws-sdk/client-glue';
import { RUN_RECORD_SCHEMA_VERSION, RunRecord, TableRecord, catalogTablePath, runRecordPath, tableDataDir } from '../../common/run-dir';
import { parseCreateTable } from '../../table/ddl/parse-create-table';

export interface FixtureTable {
  ddl: string;
  /** Object key (relative to the table location) → content, or → a file to symlink. */
  files?: Record<string, string | Buffer | { symlinkTo: string }>;
  record?: Partial<TableRecord>;
}

export function makeRunDir(tables: FixtureTable[], prefix = 'stedi-athena-test-'): string {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const records: Record<string, TableRecord> = {};
  const databases = new Set<string>();
  for (const fixture of tables) {
    const { database = 'stedi', tableInput } = parseCreateTable(fixture.ddl, 'fixture.sql');
    databases.add(database);
    const name = tableInput.Name as string;
    const table: Table = { ...tableInput, Name: name, DatabaseName: database, CreateTime: new Date('2024-01-01T00:00:00Z') };
    const catalogFile = catalogTablePath(runDir, database, name);
    fs.mkdirSync(path.dirname(catalogFile), { recursive: true });
    fs.writeFileSync(catalogFile, JSON.stringify(table, null, 2));
    const dataDir = tableDataDir(runDir, database, name);
    fs.mkdirSync(dataDir, { recursive: true });
    for (const [key, content] of Object.entries(fixture.files ?? {})) {
      const target = path.join(dataDir, ...key.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (typeof content === 'object' && !Buffer.isBuffer(content)) fs.symlinkSync(content.symlinkTo, target);
      else fs.writeFileSync(target, content);
    }
    const zone = name.endsWith('_landing') ? 'landing' : name.endsWith('_trusted') ? 'trusted' : 'curated';
    records[name] = {
      database,
      zone,
      location: tableInput.StorageDescriptor?.Location ?? '',
      format: tableInput.Parameters?.classification ?? 'json',
      rows: null,
      expected: null,
      rejectedRecords: 0,
      ...fixture.record,
    };
  }
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: path.basename(runDir),
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:00:01.000Z',
    pipeline: 'fixture',
    landing: 'fixture',
    databases: [...databases],
    tables: records,
    jobs: [],
    status: 'SUCCEEDED',
  };
  fs.writeFileSync(runRecordPath(runDir), JSON.stringify(record, null, 2));
  return runDir;
}

export const JSON_SERDE = `ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json'='FALSE', 'dots.in.keys'='FALSE', 'case.insensitive'='TRUE', 'mapping'='TRUE')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`;
