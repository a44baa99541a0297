/**
 * run.json: what a run did — its tables with their counts, its jobs with their states. Types are
 * inferred from the schemas, so a new field is one line here (keep it `.optional()` so runs
 * made before it still validate; see artifact.ts for when to bump the version).
 */
import { z } from 'zod/v4';
import { readArtifact, writeArtifact, type ArtifactKind } from './artifact';
import { runRecordPath } from './layout';
import { ledgerSummarySchema } from './ledger';

export const RUN_RECORD_SCHEMA_VERSION = 1;

const count = z.number().int().nonnegative();

export const zoneSchema = z.string().min(1).describe('The zone the pipeline definition puts the table in: a label (landing, trusted, curated, silver, ...).');
export type Zone = z.infer<typeof zoneSchema>;

export const jobStateSchema = z.enum(['SUCCEEDED', 'FAILED', 'SKIPPED', 'TIMEOUT']);
export type JobState = z.infer<typeof jobStateSchema>;

export const jobInputSchema = z
  .object({
    database: z.string().nullable().describe('null for `from_options` sources.'),
    table: z.string().nullable(),
    location: z.string().describe("The table's LOCATION, or the `from_options` paths joined by ','."),
    format: z.string(),
    recordsRead: count.describe('Non-blank lines (JSON) or rows (Parquet, CSV) the reader saw.'),
    recordsInFrame: count.describe('Records in the frame the reader returned.'),
    errorRecords: count.describe("The frame's errorsCount(): records read but not in the frame."),
    errorSamples: z
      .array(z.object({ file: z.string().describe('S3 URI as stored.'), line: count.nullable().describe('1-based physical line; null when not locatable.'), reason: z.string() }))
      .describe('The first 20 error records, located.'),
    reusedRead: z
      .boolean()
      .optional()
      .describe('true when the warm job server reused an earlier parse of the same files (same table definition, URIs, ETags and sizes) instead of reading them again; the figures are those of that read.'),
  })
  .describe("One source a job read (create_dynamic_frame / create_data_frame), as the job's reader counted it.");
export type JobInputRecord = z.infer<typeof jobInputSchema>;

export const lostRecordsSchema = z
  .object({
    count: count.describe('Records the ledger accepted that a job read but lost (distinct records).'),
    byJob: z.record(z.string(), count).describe('Records lost per job.'),
    located: z.array(z.string()).describe('`file:line reason` of each located lost record (file relative to the table location, like the ledger), at most 20.'),
  })
  .describe("Records the table layer's ledger accepted but a job's reader dropped or turned into error records.");
export type LostRecords = z.infer<typeof lostRecordsSchema>;

export const tableRecordSchema = z
  .object({
    database: z.string(),
    zone: zoneSchema,
    location: z.string().describe('s3://bucket/prefix/ from the catalog.'),
    format: z.string().describe("The catalog's classification: 'json' | 'parquet' | 'csv'."),
    rows: z.number().int().nonnegative().nullable().describe("Rows read back from the emulated S3 with the catalog's format; null if it could not be read."),
    expected: z.number().int().nonnegative().nullable().describe('Expected rows for this dataset, when the pipeline definition or the generator knows them.'),
    rejectedRecords: z.number().int().nonnegative().describe("Records in the table's objects that did not parse (counted, never silently dropped)."),
    error: z.string().optional().describe('Set when the table could not be counted or does not exist.'),
    ledger: ledgerSummarySchema.optional().describe('What the table layer made of every line of the exported objects (the full ledger is ledger/<database>/<table>.json).'),
    staged: z
      .object({
        files: z.number().int().nonnegative(),
        records: z.number().int().nonnegative().nullable().describe("Rows of the landing files as Athena counts them; null when Athena would refuse them."),
        rejectedFiles: z.array(z.string()).describe('Landing files not uploaded because they are not the format of the table, with why.'),
        ledger: ledgerSummarySchema,
      })
      .optional()
      .describe('Landing tables: what was staged from the landing folder, read with the same reader.'),
    lost: lostRecordsSchema.optional().describe("Set when a job's reader lost records of this table that the ledger accepted (the run is then not SUCCEEDED)."),
  })
  .describe('One catalog table of the run and its row count.');
export type TableRecord = z.infer<typeof tableRecordSchema>;

export const jobErrorSchema = z.object({ type: z.string(), message: z.string(), traceback: z.string().optional() });

export const dataQualityOutcomeSchema = z.object({
  Rule: z.string(),
  Outcome: z.string(),
  FailureReason: z.string().nullable().optional(),
  EvaluatedMetrics: z.record(z.string(), z.number().nullable()).optional().describe('null: a metric that is not a number (NaN, e.g. the mean of an empty column).'),
});

export const jobDataQualitySchema = z.object({ ruleset: z.string(), outcomes: z.array(dataQualityOutcomeSchema) });

export const jobRunRecordSchema = z
  .object({
    name: z.string(),
    jobRunId: z.string().nullable(),
    state: jobStateSchema,
    seconds: z.number().nonnegative(),
    startedOn: z.string().optional(),
    completedOn: z.string().optional(),
    error: jobErrorSchema.optional(),
    skippedBecause: z.array(z.string()).optional().describe("Why a job was SKIPPED: the failed job(s) it depends on, or 'staging' when the landing data could not be staged."),
    dataQuality: z.array(jobDataQualitySchema).optional().describe('Outcomes of the DQDL rulesets the job evaluated itself (EvaluateDataQuality), as Glue records them.'),
    inputs: z.array(jobInputSchema).optional().describe('What each source the job read yielded: records read, in the frame, error records.'),
  })
  .describe('One job of the run, as the Glue job run API would report it.');
export type JobRunRecord = z.infer<typeof jobRunRecordSchema>;

export const runStatusSchema = z
  .enum(['SUCCEEDED', 'COUNT_MISMATCH', 'FAILED'])
  .describe("COUNT_MISMATCH: a table's count differs from its expectation or could not be made, a record was rejected, or a job's reader lost records (tables[].lost).");
export type RunStatus = z.infer<typeof runStatusSchema>;

export const backendImageSchema = z.object({
  ref: z.string().describe('The image as the harness named it (a content-hash tag like stedi-glue:<hash>, or the image the user gave).'),
  id: z.string().nullable().describe("The engine's image id (sha256:...); null when it could not be read."),
});

export const backendRecordSchema = z
  .object({
    kind: z.enum(['local', 'docker', 'aws']).describe('The --backend the run used.'),
    emulator: z.enum(['moto', 'localstack']).optional().describe('The AWS emulator the run talked to (docker backend).'),
    glueJobs: z
      .enum(['job-server', 'spark-submit'])
      .optional()
      .describe("How jobs ran (docker backend): the harness's awsglue layer behind its job server, or spark-submit per job with a Glue libs image's own awsglue (--glue-image)."),
    images: z
      .object({ emulator: backendImageSchema, glue: backendImageSchema.optional() })
      .optional()
      .describe('The container images of the run (docker backend), so a result can be tied to exactly what produced it.'),
    containers: z.record(z.string(), z.string()).optional().describe('Container names by role (removed when the run ends; they name the logs under logs/).'),
    dev: z
      .object({ pid: z.number().int().positive(), startedAt: z.string(), endpoint: z.string() })
      .optional()
      .describe('Set when the run used the warm harness of a running `stedi dev` (its server pid, since when it runs, its emulator) instead of starting an emulator and Spark.'),
  })
  .describe('Where the run ran.');
export type BackendRecord = z.infer<typeof backendRecordSchema>;

export const runRecordSchema = z
  .object({
    schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
    runId: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    pipeline: z.string().describe('The pipeline definition file.'),
    pipelineName: z.string().optional().describe("The definition's `name`, for titles (the report, CI summaries)."),
    landing: z.string().describe('Where the landing data came from (a directory, or `profile:<name>:<seed>`).'),
    databases: z.array(z.string()),
    tables: z.record(z.string(), tableRecordSchema),
    jobs: z.array(jobRunRecordSchema),
    expectationsFile: z.string().optional().describe('Rule levels and expectations a generator produced, if the dataset came with them.'),
    rules: z
      .array(z.object({ table: z.string(), file: z.string() }))
      .optional()
      .describe("The pipeline definition's DQDL files (absolute paths), each with the table it guards; the gate uses exactly these unless told otherwise."),
    restoredFrom: z.string().optional().describe('The run id whose saved state a `--job` rerun (or `stedi dev --watch`) restored into the emulator before running its jobs.'),
    backend: backendRecordSchema.optional().describe('The backend the run used (runs made before this field have none).'),
    status: runStatusSchema,
    error: z.string().optional().describe('A fault that stopped the run early (the emulator died, S3 failed): what and where.'),
  })
  .describe('run.json: what one `stedi run` did.');
export type RunRecord = z.infer<typeof runRecordSchema>;

export const RUN_RECORD: ArtifactKind<typeof runRecordSchema> = {
  title: 'run record',
  schema: runRecordSchema,
  version: RUN_RECORD_SCHEMA_VERSION,
  invalidCode: 'RUN_RECORD_INVALID',
};

export function readRunRecord(runDir: string): RunRecord {
  return readArtifact(RUN_RECORD, runRecordPath(runDir));
}

/** Validates the record, then writes run.json. */
export function writeRunRecordFile(runDir: string, record: RunRecord): void {
  writeArtifact(RUN_RECORD, runRecordPath(runDir), record);
}
