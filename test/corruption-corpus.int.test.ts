/**
 * The corruption corpus: landing files the test writes itself, one kind of damage per file,
 * through a real run (moto + the job server). For every table, the four readers of a count agree
 * — run.json, `stedi check`'s RowCount, `stedi query count(*)` and the report — and every landing
 * line the test wrote is either in a count or in the ledger with its file, line and reason,
 * checked line by line against the test's own construction (not against the reader's output).
 *
 * What Athena does with each kind (the reference for counts):
 * - OpenX JSON SerDe parses the first JSON object of a line and ignores what follows it
 *   (org.json JSONTokener stops after the closing brace), so `{...},` is one row;
 * - a line its parser cannot read fails the query (HIVE_CURSOR_ERROR) unless the table says
 *   `ignore.malformed.json`='true', where it is a row of NULLs
 *   (https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html);
 * - Hadoop's text input skips no line but the SerDe returns no row for an empty one; files whose
 *   names start with `_` or `.` are not read (Hive's hidden-file filter,
 *   https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html);
 * - a value that is not its column's type fails only when that column is read (HIVE_BAD_DATA),
 *   so count(*) still counts the row.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildReport } from '../athena/report/build-report';
import { queryRun } from '../athena';
import { loadPipelineDefinition, runPipeline, type PipelineRun } from '../pipeline';
import { runQualityGate, type GateResult } from '../quality-rules';
import { readLedger, type Ledger, type LedgerReason } from '../table';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

const DATABASE = 'corpus';

/**
 * What the test expects of one line it wrote: a row (clean or with an issue), or not a row.
 * `lostByJob`: a row Athena counts that the job's Spark reader cannot read (it becomes an error
 * record, Glue's errorsCount()), so it must be reported as lost.
 */
type Expect = { row: true; reason?: LedgerReason; also?: LedgerReason[]; lostByJob?: string } | { row: false; reason: LedgerReason };
interface CorpusFile {
  key: string;
  bytes: Buffer;
  lines: Expect[];
}

const ok: Expect = { row: true };
/** A row with one issue, or more (`also`: further issues of the same line, in the ledger's order). */
const issue = (reason: LedgerReason, ...also: LedgerReason[]): Expect => ({ row: true, reason, ...(also.length > 0 ? { also } : {}) });
const notRow = (reason: LedgerReason): Expect => ({ row: false, reason });
/** A job's reader loses the line: Athena reads it, Spark's JSON parser does not (see `HUGE_VALUE_CHARS`). */
const lostBy = (why: string): Expect => ({ row: true, lostByJob: why });

/**
 * A string value of 20,000,100 characters: over the 20,000,000-character maximum string length
 * of Jackson 2.15's StreamReadConstraints (DEFAULT_MAX_STRING_LEN), which Spark 3.5's JSON parser
 * uses, so Spark's from_json returns NULL and Glue's reader makes the line an error record
 * (FasterXML/jackson-core StreamReadConstraints.java; harness/python/stedi_glue/accounting.py);
 * the line (~20 MB) is under Athena's 32 MB row limit, so Athena counts it
 * (https://docs.aws.amazon.com/athena/latest/ug/other-notable-limitations.html: "Row or column
 * size limitation: The size of a single row or its columns cannot exceed 32 megabytes").
 */
const HUGE_VALUE_CHARS = 20_000_100;

const good = (id: number): string => JSON.stringify({ id, user: `u${id}@example.com`, ts: 1_655_000_000_000 + id });

function textFile(key: string, lines: Array<[string, Expect]>, ending = '\n'): CorpusFile {
  return { key, bytes: Buffer.from(lines.map(([text]) => text).join('\n') + (lines.length ? ending : '')), lines: lines.map(([, e]) => e) };
}

/** Files of the tolerant landing table: every kind Athena reads (with or without an issue). */
function tolerantCorpus(): CorpusFile[] {
  const invalidUtf8 = Buffer.concat([Buffer.from('{"id": 90, "user": "bad'), Buffer.from([0xff, 0xfe]), Buffer.from('@example.com", "ts": 1}\n')]);
  const duplicate = `{"id": 80, "user": "first@example.com", "ts": 2}\n`.replace('"ts"', '"user": "second@example.com", "ts"');
  return [
    textFile('clean.json', [1, 2, 3, 4, 5].map((id) => [good(id), ok])),
    textFile('trailing-comma.json', [10, 11, 12].map((id) => [`${good(id)},`, issue('trailing-content')])),
    textFile('bom.json', [[`\uFEFF${good(20)}`, issue('bom')], [good(21), ok]]),
    { key: 'duplicate-key.json', bytes: Buffer.from(duplicate), lines: [issue('duplicate-key')] },
    { key: 'invalid-utf8.json', bytes: invalidUtf8, lines: [issue('invalid-utf8-replaced')] },
    textFile('blank-lines.json', [[good(30), ok], ['', notRow('blank-line')], ['   \t', notRow('blank-line')], [good(31), ok]]),
    { key: 'empty.json', bytes: Buffer.alloc(0), lines: [] },
    { key: 'whitespace-only.json', bytes: Buffer.from('   \n\n'), lines: [notRow('blank-line'), notRow('blank-line')] },
    textFile('nested/2026/11/deep.json', [40, 41].map((id) => [good(id), ok])),
    textFile('camel-case.json', [[JSON.stringify({ ID: 50, User: 'camel@example.com', Ts: 5 }), ok]]),
    textFile('numbers-as-strings.json', [[JSON.stringify({ id: '60', user: 'n@example.com', ts: '1655000000060' }), ok]]),
    textFile('float-timestamp.json', [[JSON.stringify({ id: 70, user: 'f@example.com', ts: 1655000000.5 }), issue('value-not-coercible')]]),
    textFile('date-as-string.json', [[JSON.stringify({ id: 71, user: 'd@example.com', ts: '2022-06-18' }), issue('value-not-coercible')]]),
    textFile('delivered-twice-a.json', [100, 101].map((id) => [good(id), ok])),
    textFile('delivered-twice-b.json', [100, 101].map((id) => [good(id), ok])),
    textFile('no-final-newline.json', [[good(110), ok]], ''),
    textFile('huge-string.json', [
      [good(120), ok],
      [JSON.stringify({ id: 121, user: 'x'.repeat(HUGE_VALUE_CHARS), ts: 1 }), lostBy('record of')],
      [good(122), ok],
    ]),
  ];
}

/** Files of the lenient table (`ignore.malformed.json`='true'): unreadable lines are NULL rows. */
function lenientCorpus(): CorpusFile[] {
  return [
    textFile('truncated-last-line.json', [[good(200), ok], ['{"id": 201, "user": "trunc', issue('malformed-json-ignored')]], ''),
    // A line whose first non-blank character is not `{` (or `[`) is a row of NULLs before any
    // parsing, with or without ignore.malformed.json (trinodb/trino
    // lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/openxjson/README.md, "Line Format" rule 1).
    textFile('csv-in-json.json', [['id,user,ts', issue('not-a-json-object')], ['202,c@example.com,3', issue('not-a-json-object')]]),
    // An array line maps its elements to the columns by position: the object lands in `id bigint`,
    // and "JSON object or array values for numeric or temporal types, throw an exception" (the
    // same trino openxjson README, "Type Mapping"): HIVE_BAD_DATA when `id` is read, NULL here.
    textFile('array-line.json', [[`[${good(203)}]`, issue('json-array-line', 'value-not-coercible')]]),
  ];
}

/** Objects under a table location that no reader may count (Hive's hidden files). */
const HIDDEN = ['_SUCCESS', '.part-0000.json.crc', '_temporary/0/part-9.json'];

function ddl(table: string, lenient: boolean): string {
  return `CREATE EXTERNAL TABLE ${DATABASE}.${table} (id bigint, user string, ts bigint)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json'='${lenient ? 'TRUE' : 'FALSE'}')
LOCATION 's3://corpus-raw/${table}/'
TBLPROPERTIES ('classification'='json');\n`;
}

function writeProject(root: string): { landing: string; files: Record<string, CorpusFile[]> } {
  const landing = path.join(root, 'landing');
  const files: Record<string, CorpusFile[]> = {
    tolerant_landing: tolerantCorpus(),
    lenient_landing: lenientCorpus(),
    strict_landing: [textFile('one-bad-line.json', [[good(300), ok], ['{"id": 301,', notRow('malformed-json')], [good(302), ok]])],
  };
  for (const [table, corpus] of Object.entries(files)) {
    for (const file of corpus) {
      fs.mkdirSync(path.dirname(path.join(landing, table, file.key)), { recursive: true });
      fs.writeFileSync(path.join(landing, table, file.key), file.bytes);
    }
    for (const hidden of HIDDEN) {
      fs.mkdirSync(path.dirname(path.join(landing, table, hidden)), { recursive: true });
      fs.writeFileSync(path.join(landing, table, hidden), `${good(999)}\n`);
    }
    fs.mkdirSync(path.join(root, 'ddl'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ddl', `${table}.sql`), ddl(table, table === 'lenient_landing'));
  }
  fs.mkdirSync(path.join(root, 'glue'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'glue', 'copy_events.py'),
    `import sys
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)
events = glueContext.create_dynamic_frame.from_catalog(database="${DATABASE}", table_name="tolerant_landing")
glueContext.purge_s3_path("s3://corpus-lake/events/", {"retentionPeriod": 0})
sink = glueContext.getSink(path="s3://corpus-lake/events/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
                           partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="sink")
sink.setCatalogInfo(catalogDatabase="${DATABASE}", catalogTableName="events_trusted")
sink.setFormat("json")
sink.writeFrame(events)
job.commit()
`,
  );
  const tables = Object.keys(files)
    .map((table) => `  - { name: ${table}, zone: landing, ddl: ddl/${table}.sql, landing: ${table} }`)
    .join('\n');
  fs.writeFileSync(
    path.join(root, 'corpus.pipeline.yaml'),
    `schemaVersion: 1
name: corruption-corpus
database: ${DATABASE}
buckets: [corpus-raw, corpus-lake]
tables:
${tables}
  - { name: events_trusted, zone: trusted }
jobs:
  - { name: copy_events, script: glue/copy_events.py, inputs: [tolerant_landing], outputs: [events_trusted] }
`,
  );
  return { landing, files };
}

const rowsOf = (corpus: CorpusFile[]): number => corpus.reduce((sum, f) => sum + f.lines.filter((l) => l.row).length, 0);
/** The lines the test made for the job's reader to lose, as `file:line`. */
const lostLines = (corpus: CorpusFile[]): string[] =>
  corpus.flatMap((f) => f.lines.flatMap((l, i) => (l.row && l.lostByJob ? [`${f.key}:${i + 1}`] : [])));

describeIntegration('the corruption corpus: one count in every command, every line accounted for', () => {
  let backend: SharedHarnessClient;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-corpus-'));
  const { landing, files } = writeProject(root);
  let run: PipelineRun;
  let gate: GateResult;
  const ledgers: Record<string, Ledger> = {};

  beforeAll(async () => {
    backend = sharedHarness();
    const definition = loadPipelineDefinition(path.join(root, 'corpus.pipeline.yaml'));
    const expected = { tolerant_landing: rowsOf(files.tolerant_landing!), lenient_landing: rowsOf(files.lenient_landing!), events_trusted: rowsOf(files.tolerant_landing!) - lostLines(files.tolerant_landing!).length };
    run = await runPipeline({ backend, definition, landingDir: landing, expected, runsRoot: path.join(root, 'runs') });
    gate = await runQualityGate({ runDir: run.runDir });
    for (const table of Object.keys(files)) {
      const ledger = readLedger(run.runDir, DATABASE, table);
      if (!ledger) throw new Error(`run ${run.runDir} saved no ledger for ${table}`);
      ledgers[table] = ledger;
    }
  }, 900_000);
  afterAll(async () => {
    await backend.stop();
    // The corpus holds a 20 MB line, copied into the run directory: leave nothing behind.
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('counts, in run.json, exactly the rows the test wrote (hidden objects and blank lines excluded)', () => {
    expect(run.record.tables.tolerant_landing?.rows).toBe(rowsOf(files.tolerant_landing!));
    expect(run.record.tables.lenient_landing?.rows).toBe(rowsOf(files.lenient_landing!));
    expect(run.record.jobs.map((j) => [j.name, j.state])).toEqual([['copy_events', 'SUCCEEDED']]);
  });

  it("reports the records the job's reader lost with their file and line, and the run is not SUCCEEDED", () => {
    const lost = lostLines(files.tolerant_landing!);
    const reported = run.record.tables.tolerant_landing?.lost;
    expect({ count: reported?.count, byJob: reported?.byJob, lines: reported?.located.map((l) => l.split(' ')[0]) }).toEqual({
      count: lost.length,
      byJob: { copy_events: lost.length },
      lines: lost,
    });
    expect(reported?.located[0]).toMatch(/lost by copy_events: record of \d+ characters/);
    const input = run.record.jobs[0]?.inputs?.find((i) => i.table === 'tolerant_landing');
    expect(input).toMatchObject({ database: DATABASE, recordsInFrame: run.record.tables.events_trusted?.rows });
    expect(run.record.tables.events_trusted?.lost).toBeUndefined();
    expect(run.record.status).toBe('COUNT_MISMATCH');
    const ledgerRule = gate.outcomes.find((o) => o.table === 'tolerant_landing' && o.rule === 'LedgerIssues = 0');
    expect(ledgerRule).toMatchObject({ outcome: 'Failed', level: 'error', evaluatedMetrics: expect.objectContaining({ 'Dataset.*.LostRecords': lost.length }) });
    expect(ledgerRule?.failureReason).toContain(`lost: ${lost[0]} lost by copy_events`);
  });

  it.each(['tolerant_landing', 'lenient_landing', 'events_trusted'])('%s: run.json, stedi check, stedi query and the report agree', async (table) => {
    const runRows = run.record.tables[table]?.rows;
    const rowCount = gate.outcomes.find((o) => o.table === table && o.rule.startsWith('RowCount'));
    const queried = await queryRun({ runDir: run.runDir, sql: `SELECT count(*) FROM ${DATABASE}.${table}` });
    const report = await buildReport({ runDir: run.runDir, outFile: path.join(root, `report-${table}`, 'index.html'), chromium: false });
    const reported = report.tables.find((t) => t.table === table || t.table === `${DATABASE}.${table}`);
    expect({ check: Object.values(rowCount?.evaluatedMetrics ?? {})[0], query: Number(queried.rows[0]?.[0]), report: reported?.count }).toEqual({ check: runRows, query: runRows, report: runRows });
  }, 300_000);

  it('local Athena refuses the strict table as Athena does, naming the file and line the ledger lists', async () => {
    const refusal = ledgers.strict_landing!.athenaRefuses;
    expect(refusal).toEqual(expect.objectContaining({ key: 'one-bad-line.json', line: 2 }));
    expect(run.record.tables.strict_landing?.rows).toBeNull();
    await expect(queryRun({ runDir: run.runDir, sql: `SELECT count(*) FROM ${DATABASE}.strict_landing` })).rejects.toThrow(/one-bad-line\.json.*\b2\b/);
  }, 300_000);

  it.each(['tolerant_landing', 'lenient_landing', 'strict_landing'])('%s: every line the test wrote is in a count or in the ledger with its reason', (table) => {
    const ledger = ledgers[table]!;
    for (const file of files[table]!) {
      const object = ledger.objectsWithIssues.find((o) => o.key === file.key);
      const expectedIssues = file.lines.flatMap((line, index) =>
        [line.reason, ...(line.row ? line.also ?? [] : [])].flatMap((reason) => (reason ? [{ line: index + 1, reason }] : [])),
      );
      const listed = (object?.examples ?? []).map((e) => ({ line: e.line, reason: e.reason }));
      const order = (a: { line: number; reason: string }, b: { line: number; reason: string }) => a.line - b.line || a.reason.localeCompare(b.reason);
      expect({ key: file.key, lines: listed.sort(order) }).toEqual({ key: file.key, lines: expectedIssues.sort(order) });
      if (object) {
        expect({ key: file.key, total: object.accepted + object.acceptedWithIssues + object.rejected + object.skipped }).toEqual({ key: file.key, total: file.lines.length });
      }
    }
    expect(ledger.skippedObjects.map((o) => o.key).sort()).toEqual([...HIDDEN].sort());
    const written = files[table]!.reduce((sum, f) => sum + f.lines.length, 0);
    expect(ledger.accepted + ledger.acceptedWithIssues + ledger.rejected + ledger.skipped).toBe(written);
  });
});
