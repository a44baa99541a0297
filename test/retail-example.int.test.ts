/**
 * The second example project (examples/retail, not STEDI) end to end on the shared harness:
 * landing data the test writes itself, expected counts the test computes itself from what it
 * wrote, then the pipeline (three real Glue scripts), the gate with the definition's own rules,
 * and local Athena over the saved run.
 *
 * Glue behaviours this relies on, with where AWS documents them:
 * - Glue names: database and table names are lower-cased and may hold hyphens and spaces
 *   (Glue API "Single-line string pattern"; https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-common.html).
 * - A crawler registers Hive-style `key=value` folders as partitions with those names
 *   (https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html), and
 *   from_catalog reads the registered partitions.
 * - A Glue sink with `compression="snappy"` and JSON writes Hadoop-framed `.snappy` text files
 *   (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-json-home.html).
 */
import { GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { queryRun } from '../athena';
import { loadPipelineDefinition, runPipeline, type PipelineRun } from '../pipeline';
import { runQualityGate } from '../quality-rules';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

const PIPELINE = path.resolve(__dirname, '..', 'examples', 'retail', 'retail.pipeline.yaml');
const DATABASE = 'retail-analytics';

interface Order {
  orderId: string;
  storeId: string;
  amount: number;
  status: string;
  orderDate: string;
}

/** A small deterministic generator (LCG), so the data and the counts are the same every run. */
function landingData(dir: string): { expected: Record<string, number>; dates: string[] } {
  let state = 20261202;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const stores = ['s01', 's02', 's03', 's04', 's05', 's06'].map((id, i) => ({ id, region: ['north', 'south', 'east'][i % 3]! }));
  const dates = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
  const orders: Order[] = [];
  for (let i = 0; i < 240; i++) {
    orders.push({
      orderId: `o${String(i).padStart(4, '0')}`,
      storeId: `s0${1 + Math.floor(next() * 8)}`, // s07 and s08 are not in the store list
      amount: next() < 0.1 ? 0 : Math.round(next() * 90000) / 100,
      status: next() < 0.7 ? 'PAID' : 'CANCELLED',
      orderDate: dates[Math.floor(next() * dates.length)]!,
    });
  }
  fs.mkdirSync(path.join(dir, 'orders'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'stores'), { recursive: true });
  for (const date of dates) {
    const lines = orders.filter((o) => o.orderDate === date).map((o) => JSON.stringify(o));
    fs.writeFileSync(path.join(dir, 'orders', `${date}.json`), `${lines.join('\n')}\n`);
  }
  fs.writeFileSync(path.join(dir, 'stores', 'stores.csv'), `storeid,region,opened\n${stores.map((s) => `${s.id},${s.region},2020-01-01`).join('\n')}\n`);

  const clean = orders.filter((o) => o.status === 'PAID' && o.amount > 0);
  const known = new Set(stores.map((s) => s.id));
  const enriched = clean.filter((o) => known.has(o.storeId));
  const regions = new Set(enriched.map((o) => stores.find((s) => s.id === o.storeId)!.region));
  return {
    expected: {
      orders_landing: orders.length,
      store_regions: stores.length,
      orders_clean: clean.length,
      'orders by region': enriched.length,
      region_totals: regions.size,
    },
    dates: [...new Set(clean.map((o) => o.orderDate))].sort(),
  };
}

describeIntegration('examples/retail: a non-STEDI Glue project end to end', () => {
  let backend: SharedHarnessClient;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-retail-'));
  const landing = path.join(work, 'landing');
  const { expected, dates } = landingData(landing);
  let run: PipelineRun;

  beforeAll(async () => {
    backend = sharedHarness();
    run = await runPipeline({ backend, definition: loadPipelineDefinition(PIPELINE), landingDir: landing, expected, runsRoot: path.join(work, 'runs') });
  }, 900_000);
  afterAll(() => backend.stop());

  it('runs every job and counts every table exactly', () => {
    expect(run.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual([
      ['clean_orders', 'SUCCEEDED', undefined],
      ['enrich_orders', 'SUCCEEDED', undefined],
      ['region_totals', 'SUCCEEDED', undefined],
    ]);
    const counted = Object.fromEntries(Object.keys(expected).map((name) => [name, run.record.tables[name]?.rows ?? null]));
    expect(counted).toEqual(expected);
    expect(run.record.status).toBe('SUCCEEDED');
  });

  it('registered the partitions of the crawled table, as a crawler names them', async () => {
    const partitions = await backend.glue.send(new GetPartitionsCommand({ DatabaseName: DATABASE, TableName: 'orders_clean' }));
    expect((partitions.Partitions ?? []).map((p) => p.Values?.[0]).sort()).toEqual(dates);
  });

  it('wrote the join with one storeid column, snappy-compressed, under the lower-cased name', async () => {
    const table = await backend.glue.send(new GetTableCommand({ DatabaseName: DATABASE, Name: 'orders by region' }));
    const columns = [...(table.Table?.StorageDescriptor?.Columns ?? []), ...(table.Table?.PartitionKeys ?? [])].map((c) => c.Name);
    expect(columns.filter((name) => name === 'storeid')).toHaveLength(1);
    const files = fs.readdirSync(path.join(run.runDir, 'data', DATABASE, 'orders by region')).filter((f) => !f.startsWith('_') && !f.startsWith('.'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.snappy'))).toBe(true);
  });

  it('passes the gate with the rules the definition declares (and only those)', async () => {
    const gate = await runQualityGate({ runDir: run.runDir });
    expect(gate.errors).toEqual([]);
    // Rules written in the project's own DQDL files carry `file:line` as their source; the
    // harness's generated checks (row counts, ledger, schema drift) carry run.json/ledger/loader.
    // The path is relative to the working directory.
    const rulesDir = path.join(path.dirname(PIPELINE), 'rules');
    const tablesWithRules = new Set(gate.outcomes.filter((o) => o.source !== undefined && path.resolve(o.source).startsWith(rulesDir)).map((o) => o.table));
    expect([...tablesWithRules].sort()).toEqual(['orders by region', 'orders_clean', 'region_totals']);
    expect(gate.outcomes.filter((o) => o.outcome !== 'Passed').map((o) => `${o.table}: ${o.rule}`)).toEqual([]);
    expect(gate.exitCode).toBe(0);
  });

  it('answers local Athena with the same counts', async () => {
    for (const [table, rows] of Object.entries(expected)) {
      const result = await queryRun({ runDir: run.runDir, sql: `SELECT COUNT(*) FROM "${DATABASE}"."${table}"` });
      expect([table, Number(result.rows[0]?.[0])]).toEqual([table, rows]);
    }
  }, 300_000);
});
