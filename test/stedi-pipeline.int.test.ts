import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { queryRun } from '../athena';
import { generateDataset, type Expectations, type GenerateOptions } from '../fixtures';
import { loadPipelineDefinition, runPipeline, type PipelineRun } from '../pipeline';
import { PreloadedTables, runQualityGate, type GateResult, type RuleOutcome } from '../quality-rules';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, REAL_DATA_DIR, sharedHarness } from '../harness/testing/integration';
import { STEDI_2023_COUNTS as SPECIFIED_COUNTS, STEDI_2023_CUSTOMERS_WITHOUT_CONSENT } from '../spec/stedi-2023';


const hasRealData = fs.existsSync(REAL_DATA_DIR);
if (!hasRealData) console.warn(`skipping the real-data pipeline tests: ${REAL_DATA_DIR} is absent`);
const describeRealData = hasRealData ? describeIntegration : describe.skip;

function counts(run: PipelineRun): Record<string, number | null> {
  return Object.fromEntries(Object.keys(SPECIFIED_COUNTS).map((name) => [name, run.record.tables[name]?.rows ?? null]));
}

// One file, so the runs that share the STEDI bucket and database never overlap.
describeRealData('the STEDI pipeline on the real 2023 data', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-runs-'));
  const definition = loadPipelineDefinition();
  let first: PipelineRun;

  afterAll(() => backend.stop());

  it('produces the specified row count for every table, read back from S3', async () => {
    first = await runPipeline({ backend, definition, landingDir: REAL_DATA_DIR, runsRoot });
    expect(first.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual(
      definition.jobs.map((job) => [job.name, 'SUCCEEDED', undefined]),
    );
    expect(counts(first)).toEqual(SPECIFIED_COUNTS);
    expect(first.rejectedLanding.count).toBe(0);
  }, 900_000);

  it('saves a run directory that later commands can read offline', () => {
    const saved = JSON.parse(fs.readFileSync(path.join(first.runDir, 'run.json'), 'utf8'));
    expect(saved.tables.machine_learning_curated.rows).toBe(SPECIFIED_COUNTS.machine_learning_curated);
    const catalog = JSON.parse(fs.readFileSync(path.join(first.runDir, 'catalog', 'stedi', 'customer_trusted.json'), 'utf8'));
    expect(catalog.StorageDescriptor.Location).toMatch(/^s3:\/\/stedi-lakehouse\/customer\/trusted\/?$/);
    expect(fs.readdirSync(path.join(first.runDir, 'data', 'stedi', 'customer_trusted')).some((f) => f.endsWith('.json'))).toBe(true);
    expect(fs.realpathSync(path.join(runsRoot, 'latest'))).toBe(fs.realpathSync(first.runDir));
    expect(fs.existsSync(path.join(first.runDir, 'jobs', 'machine_learning_curated.log'))).toBe(true);
  });

  it('answers Athena SQL over the saved run with the specified counts (stedi query)', async () => {
    for (const [table, rows] of Object.entries(SPECIFIED_COUNTS)) {
      const result = await queryRun({ runDir: first.runDir, sql: `SELECT COUNT(*) FROM "stedi"."${table}"` });
      expect([table, Number(result.rows[0]?.[0])]).toEqual([table, rows]);
    }
    // DESIGN.md §2: 956 customers, 482 with a research consent date.
    const withoutConsent = await queryRun({ runDir: first.runDir, sql: 'SELECT COUNT(*) FROM customer_landing WHERE sharewithresearchasofdate IS NULL' });
    expect(Number(withoutConsent.rows[0]?.[0])).toBe(STEDI_2023_CUSTOMERS_WITHOUT_CONSENT);
  }, 300_000);

  it('gives the same counts when run again in the same harness (no appended duplicates)', async () => {
    const preloaded = new PreloadedTables();
    const second = await runPipeline({ backend, definition, landingDir: REAL_DATA_DIR, runsRoot, observers: preloaded });
    expect(counts(second)).toEqual(SPECIFIED_COUNTS);
    // `stedi run` feeds the gate from the counting scan; `stedi check` reads the saved run: the same verdicts.
    const shared = await runQualityGate({ runDir: second.runDir, preloaded });
    const reread = await runQualityGate({ runDir: second.runDir });
    expect(shared.tables).toEqual(reread.tables);
    expect(shared.outcomes).toEqual(reread.outcomes);
    expect(shared.tables.find((t) => t.table === 'machine_learning_curated')?.rows).toBe(SPECIFIED_COUNTS.machine_learning_curated);
  }, 900_000);
});

/**
 * Generated datasets through the pipeline and the quality gate. The generator's expectations.json
 * is the independent ground truth: its counts come from the generator's own plan, and each
 * defect names the rule that must catch it.
 */
describeIntegration('generated STEDI datasets through the pipeline and the quality gate', () => {
  let backend: SharedHarnessClient;
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-generated-runs-'));
  const datasets = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-generated-'));
  const definition = loadPipelineDefinition();
  const SMALL = { customers: 40, seed: 11 };
  let cleanGate: GateResult;

  beforeAll(() => {
    backend = sharedHarness();
  });
  afterAll(() => backend.stop());

  async function runGenerated(name: string, options: Partial<GenerateOptions>): Promise<{ run: PipelineRun; gate: GateResult; expectations: Expectations }> {
    const out = path.join(datasets, name);
    const generated = await generateDataset({ ...options, out, progress: false });
    const run = await runPipeline({ backend, definition, landingDir: out, expected: generated.expectations.tables, runsRoot });
    const gate = await runQualityGate({ runDir: run.runDir });
    return { run, gate, expectations: generated.expectations };
  }

  function outcomeOf(gate: GateResult, rule: string): RuleOutcome {
    const found = gate.outcomes.find((o) => `${o.table}: ${o.rule}` === rule);
    if (!found) throw new Error(`the gate has no outcome for ${rule}; it has:\n${gate.outcomes.map((o) => `${o.table}: ${o.rule}`).join('\n')}`);
    return found;
  }

  const metricOf = (outcome: RuleOutcome): number | undefined => Object.values(outcome.evaluatedMetrics)[0];

  it('the stedi-2023 profile gives exactly the specified counts and passes the gate', async () => {
    const { run, gate, expectations } = await runGenerated('profile', { profile: 'stedi-2023', seed: 7 });
    expect(expectations.tables).toEqual(SPECIFIED_COUNTS);
    expect(counts(run)).toEqual(SPECIFIED_COUNTS);
    expect(gate.errors).toEqual([]);
    expect(gate.exitCode).toBe(0);
  }, 900_000);

  it('a small clean dataset matches its expectations and passes the gate', async () => {
    const { run, gate, expectations } = await runGenerated('clean', SMALL);
    expect(counts(run)).toEqual(expectations.tables);
    expect(run.record.status).toBe('SUCCEEDED');
    expect(gate.exitCode).toBe(0);
    cleanGate = gate;
  }, 900_000);

  it.each(['serial-reuse', 'duplicate-emails', 'timestamp-collisions', 'pre-consent', 'malformed-lines', 'schema-drift', 'duplicate-delivery'])(
    'the %s defect is flagged by the rule its expectations name, which passes without it',
    async (defect) => {
      const { run, gate, expectations } = await runGenerated(defect, { ...SMALL, defects: [defect] });
      expect(counts(run)).toEqual(expectations.tables);
      if (defect === 'malformed-lines') {
        // Athena's OpenX SerDe reads a `},` line as a row (text after the object is ignored) and,
        // with 'ignore.malformed.json'='FALSE', refuses a table with a truncated line
        // (https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html): the generator's
        // expectations (compared above) say so, and here each malformed line is where the
        // generator wrote it. Truncated lines are rejected records, located; `},` lines are rows
        // read with an issue.
        const files = Object.values(expectations.files).flat();
        const truncatedAt = new Set(files.flatMap((f) => f.truncatedLines.map((line) => `${f.path}:${line}`)));
        expect(run.rejectedLanding.count).toBe(files.reduce((sum, f) => sum + f.truncated, 0));
        const root = path.join(datasets, defect);
        for (const bad of run.rejectedLanding.lines) expect(truncatedAt).toContain(`${path.relative(root, bad.file).split(path.sep).join('/')}:${bad.line}`);
        for (const [table, feed] of [['accelerometer_landing', 'accelerometer'], ['step_trainer_landing', 'step_trainer']] as const) {
          const refusal = run.record.tables[table]?.ledger?.athenaRefuses;
          expect(truncatedAt).toContain(`${feed}/landing/${refusal?.key}:${refusal?.line}`);
          expect(outcomeOf(gate, `${table}: LedgerIssues = 0`)).toMatchObject({ outcome: 'Failed', level: 'error' });
        }
        const trailingCommas = expectations.files.customer.reduce((sum, f) => sum + f.trailingComma, 0);
        expect(trailingCommas).toBeGreaterThan(0);
        expect(run.record.tables.customer_landing?.ledger?.reasons['trailing-content']).toBe(trailingCommas);
        expect(run.record.status).toBe('COUNT_MISMATCH');
      }
      const record = expectations.defects.find((d) => d.name === defect);
      expect(record).toBeDefined();
      const flagged = outcomeOf(gate, record!.rule);
      const clean = outcomeOf(cleanGate, record!.rule);
      if (record!.baseline !== undefined) {
        // A warning that already reports the clean data's count: the defect raises it by what was injected.
        expect(metricOf(clean)).toBe(record!.baseline);
        expect(metricOf(flagged)).toBe(record!.baseline + record!.affected);
      } else {
        expect(clean.outcome).toBe('Passed');
        expect(flagged.outcome).toBe('Failed');
      }
    },
    900_000,
  );
});
