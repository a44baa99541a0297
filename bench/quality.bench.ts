/**
 * Quality-rule evaluation speed: our Arrow evaluator vs the same checks as SQL in DuckDB, on
 * one synthetic table (default 10M rows), printed side by side with the ratio.
 *
 *   npx tsx bench/quality.bench.ts [--rows 10000000] [--repeat 3]
 *
 * Both engines get identical data: the Arrow columns are computed in TypeScript from the same
 * formulas the DuckDB table is built with in SQL, and each pair of metrics is checked equal
 * before timings are printed. Data generation and loading are not timed. Timings are the
 * best of --repeat runs. DuckDB uses its default threads (all cores); our evaluator is
 * single-threaded.
 */
import * as arrow from 'apache-arrow';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { evaluateDqdl, type RuleOutcome } from '../quality-rules';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const ROWS = argument('rows', 10_000_000);
const REPEAT = argument('repeat', 3);
const USERS = 1_000_000;
// id = (i * 7_919_993) mod ROWS is a permutation of 0..ROWS-1 when the multiplier is coprime with ROWS.
const ID_MULTIPLIER = 7_919_993;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The synthetic table, built column by column straight into Arrow buffers. */
function buildArrow(): { events: arrow.Table; users: arrow.Table } {
  if (gcd(ID_MULTIPLIER, ROWS) !== 1) throw new Error(`--rows must be coprime with ${ID_MULTIPLIER}`);
  const id = new BigInt64Array(ROWS);
  const userId = new BigInt64Array(ROWS);
  const score = new Float64Array(ROWS);
  const validity = new Uint8Array(Math.ceil(ROWS / 8));
  const offsets = new Int32Array(ROWS + 1);
  const bytes = new Uint8Array(ROWS * 16);
  let used = 0;
  let nulls = 0;
  for (let i = 0; i < ROWS; i++) {
    id[i] = BigInt((i * ID_MULTIPLIER) % ROWS);
    // 0.1% of events point at a user that does not exist.
    userId[i] = BigInt(i % 1000 === 7 ? USERS + i : (i * 31) % USERS);
    score[i] = ((i * 7919) % 10_001) / 100;
    if (i % 100 !== 3) {
      validity[i >> 3]! |= 1 << (i & 7);
      const text = `u${i}@x.io`;
      for (let k = 0; k < text.length; k++) bytes[used + k] = text.charCodeAt(k);
      used += text.length;
    } else nulls++;
    offsets[i + 1] = used;
  }
  const int64 = (values: BigInt64Array) => arrow.makeData({ type: new arrow.Int64(), length: values.length, nullCount: 0, data: values });
  const email = arrow.makeData({ type: new arrow.Utf8(), length: ROWS, nullCount: nulls, nullBitmap: validity, valueOffsets: offsets, data: bytes.subarray(0, used) });
  const events = new arrow.Table({
    id: arrow.makeVector(int64(id)),
    user_id: arrow.makeVector(int64(userId)),
    score: arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: ROWS, nullCount: 0, data: score })),
    email: arrow.makeVector(email),
  });
  const ids = new BigInt64Array(USERS);
  for (let i = 0; i < USERS; i++) ids[i] = BigInt(i);
  return { events, users: new arrow.Table({ id: arrow.makeVector(int64(ids)) }) };
}

async function buildDuck(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TABLE events AS SELECT
      ((i * ${ID_MULTIPLIER}) % ${ROWS})::BIGINT AS id,
      (CASE WHEN i % 1000 = 7 THEN ${USERS} + i ELSE (i * 31) % ${USERS} END)::BIGINT AS user_id,
      ((i * 7919) % 10001) / 100.0 AS score,
      CASE WHEN i % 100 = 3 THEN NULL ELSE 'u' || i || '@x.io' END AS email
    FROM range(${ROWS}) r(i)`);
  await connection.run(`CREATE TABLE users AS SELECT i::BIGINT AS id FROM range(${USERS}) r(i)`);
}

interface Check {
  name: string;
  rule: string;
  metric: string;
  sql: string;
}

const CHECKS: Check[] = [
  { name: 'IsComplete', rule: 'IsComplete "email"', metric: 'Column.email.Completeness', sql: 'SELECT count(email)::DOUBLE / count(*) FROM events' },
  {
    name: 'IsUnique',
    rule: 'IsUnique "id"',
    metric: 'Column.id.Uniqueness',
    sql: 'SELECT (count(*) FILTER (WHERE n = 1))::DOUBLE / sum(n) FROM (SELECT id, count(*) AS n FROM events WHERE id IS NOT NULL GROUP BY id)',
  },
  {
    name: 'ColumnValues',
    rule: 'ColumnValues "score" between 0 and 100',
    metric: 'Column.score.ColumnValues.Compliance',
    sql: 'SELECT avg(CASE WHEN score > 0 AND score < 100 THEN 1.0 ELSE 0.0 END) FROM events',
  },
  {
    name: 'ReferentialIntegrity',
    rule: 'ReferentialIntegrity "user_id" "users.id" = 1.0',
    metric: 'Column.users.ReferentialIntegrity',
    sql: 'SELECT (count(*) FILTER (WHERE u.id IS NOT NULL))::DOUBLE / count(*) FROM events e LEFT JOIN (SELECT DISTINCT id FROM users) u ON e.user_id = u.id',
  },
];

async function best<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let r = 0; r < REPEAT; r++) {
    const start = process.hrtime.bigint();
    value = await run();
    ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms, value: value! };
}

async function main(): Promise<void> {
  process.stdout.write(`building ${ROWS.toLocaleString('en-US')} rows (Arrow in TypeScript, DuckDB in SQL)...\n`);
  const { events, users } = buildArrow();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await buildDuck(connection);
  const tables = { events, users };

  const rows: string[][] = [];
  for (const check of CHECKS) {
    const ours = await best(async () => (await evaluateDqdl(`Rules = [ ${check.rule} ]`, tables, 'events'))[0]!);
    const duck = await best(async () => Number((await connection.runAndReadAll(check.sql)).getRowsJS()[0]![0]));
    const metric = (ours.value as RuleOutcome).evaluatedMetrics[check.metric];
    if (metric === undefined || Math.abs(metric - duck.value) > 1e-9) {
      throw new Error(`${check.name}: our ${check.metric} = ${metric} but DuckDB says ${duck.value}`);
    }
    rows.push([check.name, metric.toFixed(6), ours.ms.toFixed(0), duck.ms.toFixed(0), (ours.ms / duck.ms).toFixed(2)]);
  }
  const all = await best(() => evaluateDqdl(`Rules = [ ${CHECKS.map((c) => c.rule).join(', ')} ]`, tables, 'events'));
  const duckAll = await best(async () => {
    for (const check of CHECKS) await connection.runAndReadAll(check.sql);
  });
  rows.push(['all four, one suite', '', all.ms.toFixed(0), duckAll.ms.toFixed(0), (all.ms / duckAll.ms).toFixed(2)]);
  connection.closeSync();
  instance.closeSync();

  const header = ['check', 'metric', 'arrow ms', 'duckdb ms', 'ratio (arrow/duckdb)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(`\n${ROWS.toLocaleString('en-US')} rows, best of ${REPEAT}; users table ${USERS.toLocaleString('en-US')} rows\n`);
  process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
