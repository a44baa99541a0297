/**
 * Local Athena reads through the table layer: its count(*) is the ledger's `rows`, whitespace-only
 * lines are not rows, and when Athena would refuse the table the query fails naming the object
 * and line the ledger lists.
 */
import * as fs from 'node:fs';
import { readRunTable } from '../../table';
import { queryRun } from '../query-run';
import { makeRunDir } from '../test-support/run-fixture';

const ddl = (name: string, ignore = 'FALSE'): string =>
  `CREATE EXTERNAL TABLE stedi.${name} (id bigint, name string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' ` +
  `WITH SERDEPROPERTIES ('ignore.malformed.json'='${ignore}') LOCATION 's3://b/${name}/'`;

describe('local Athena over the table layer', () => {
  let runDir: string;
  beforeAll(() => {
    runDir = makeRunDir([
      // 2 rows, 1 "}," row, 1 non-JSON row (all NULL), 2 whitespace-only lines (not rows).
      { ddl: ddl('messy'), files: { 'a.json': '{"id": 1, "name": "a"}\n   \n{"id": 2},\n\t\nid,name\n', 'b/c.json': '{"id": 3}\n' } },
      { ddl: ddl('broken'), files: { 'a.json': '{"id": 1}\n', 'z/b.json': '{"id": 2}\n{"id": 3\n' } },
    ]);
  });
  afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('count(*) equals the ledger rows; whitespace-only lines are not rows', async () => {
    const { ledger } = await readRunTable(runDir, 'stedi', 'messy');
    expect(ledger.rows).toBe(4);
    expect(ledger.reasons).toMatchObject({ 'blank-line': 2, 'trailing-content': 1, 'not-a-json-object': 1 });
    const result = await queryRun({ runDir, sql: 'SELECT count(*), count(id) FROM messy' });
    expect(result.rows).toEqual([[4, 3]]);
  });

  it('fails naming the object and line the ledger lists when Athena would refuse the table', async () => {
    const { ledger } = await readRunTable(runDir, 'stedi', 'broken');
    expect(ledger.athenaRefuses).toMatchObject({ key: 'z/b.json', line: 2 });
    await expect(queryRun({ runDir, sql: 'SELECT count(*) FROM broken' })).rejects.toMatchObject({
      code: 'HIVE_CURSOR_ERROR',
      message: expect.stringContaining('z/b.json line 2'),
    });
  });
});
