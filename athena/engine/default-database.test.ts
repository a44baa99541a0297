/**
 * Where unqualified table names resolve: no database is a default (no `stedi`). A run with one
 * database resolves in it; with several, a name resolves in the one database holding it, and a
 * name several databases hold is refused. Athena resolves unqualified names in the one database
 * of the query's QueryExecutionContext ("The name of the database used in the query execution",
 * https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecutionContext.html); a run
 * with several databases has no such single context unless --database gives it, so the local
 * engine takes a name only when one database holds it, and never guesses between two.
 */
import * as fs from 'node:fs';
import { isStediError } from '../../common/errors';
import { queryRun } from '../query-run';
import { JSON_SERDE, makeRunDir } from '../test-support/run-fixture';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function table(database: string, name: string, rows: string[]) {
  return {
    ddl: `CREATE EXTERNAL TABLE ${database}.${name} (id int) ${JSON_SERDE} LOCATION 's3://b/${database}/${name}/'`,
    files: { 'part-0.json': rows.map((r) => `${r}\n`).join('') },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isStediError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('unqualified table names', () => {
  it('a run with one database (not stedi) resolves them there', async () => {
    const runDir = makeRunDir([table('shop', 'orders', ['{"id":1}', '{"id":2}'])]);
    dirs.push(runDir);
    const result = await queryRun({ runDir, sql: 'SELECT COUNT(*) FROM orders' });
    expect(result.rows.map((row) => Number(row[0]))).toEqual([2]);
    expect(result.database).toBe('shop');
  });

  it('several databases: a name only one holds resolves there; one several hold is refused, naming them', async () => {
    const runDir = makeRunDir([table('raw', 'orders', ['{"id":1}']), table('lake', 'orders', ['{"id":1}', '{"id":2}']), table('lake', 'customers', ['{"id":7}'])]);
    dirs.push(runDir);
    expect((await queryRun({ runDir, sql: 'SELECT id FROM customers' })).rows.map((row) => Number(row[0]))).toEqual([7]);
    expect(await codeOf(queryRun({ runDir, sql: 'SELECT COUNT(*) FROM orders' }))).toMatch(/^QUERY_AMBIGUOUS_TABLE: table orders is in several databases of this run \(lake, raw\)/);
    expect(await codeOf(queryRun({ runDir, sql: 'DESCRIBE orders' }))).toMatch(/^QUERY_AMBIGUOUS_TABLE/);
    expect(await codeOf(queryRun({ runDir, sql: 'SHOW TABLES' }))).toMatch(/^QUERY_AMBIGUOUS_DATABASE: this run has several databases \(lake, raw\)/);
    // Qualified, or with --database, the same names work.
    expect((await queryRun({ runDir, sql: 'SELECT COUNT(*) FROM lake.orders' })).rows.map((row) => Number(row[0]))).toEqual([2]);
    expect((await queryRun({ runDir, sql: 'SELECT COUNT(*) FROM orders', database: 'raw' })).rows.map((row) => Number(row[0]))).toEqual([1]);
    expect((await queryRun({ runDir, sql: 'SHOW TABLES IN lake' })).rows).toEqual([['customers'], ['orders']]);
  });
});
