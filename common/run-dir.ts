/**
 * The run directory: what `stedi run` leaves behind so that other commands (check, query,
 * report) work offline, without the emulator. Layout (schema version 1):
 *
 *   .stedi/runs/<runId>/
 *     run.json                          RunRecord below
 *     catalog/<database>/<table>.json   the Glue `Table` object exactly as GetTable returns it
 *     data/<database>/<table>/...       every object under the table's S3 location, keys kept
 *                                       relative to that location (part-*.json, *.parquet, ...)
 *     logs/emulator.log                 the moto server's log
 *     logs/job-server.log               the Spark / job server's log
 *     jobs/<jobName>.log                what the job script printed, and its traceback if it failed
 *   .stedi/runs/latest                  symlink (or a file holding the id) to the newest run
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from './errors';

export const RUN_RECORD_SCHEMA_VERSION = 1;

export type Zone = 'landing' | 'trusted' | 'curated';
export type JobState = 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'TIMEOUT';

export interface TableRecord {
  database: string;
  zone: Zone;
  /** s3://bucket/prefix/ from the catalog. */
  location: string;
  /** The catalog's classification: 'json' | 'parquet' | 'csv'. */
  format: string;
  /** Rows read back from the emulated S3 with the catalog's format; null if it could not be read. */
  rows: number | null;
  /** Expected rows for this dataset, when the pipeline definition or the generator knows them. */
  expected: number | null;
  /** Records in the table's objects that did not parse (counted, never silently dropped). */
  rejectedRecords: number;
  /** Set when the table could not be counted or does not exist. */
  error?: string;
}

export interface JobRunRecord {
  name: string;
  jobRunId: string | null;
  state: JobState;
  seconds: number;
  startedOn?: string;
  completedOn?: string;
  error?: { type: string; message: string; traceback?: string };
  /** Why a job was SKIPPED: the failed job(s) it depends on, or 'staging' when the landing data could not be staged. */
  skippedBecause?: string[];
  /** Outcomes of the DQDL rulesets the job evaluated itself (EvaluateDataQuality), as Glue records them. */
  dataQuality?: Array<{ ruleset: string; outcomes: Array<{ Rule: string; Outcome: string; FailureReason?: string | null; EvaluatedMetrics?: Record<string, number> }> }>;
}

export interface RunRecord {
  schemaVersion: typeof RUN_RECORD_SCHEMA_VERSION;
  runId: string;
  startedAt: string;
  finishedAt: string;
  pipeline: string;
  /** Where the landing data came from (a directory, or `profile:<name>:<seed>`). */
  landing: string;
  databases: string[];
  tables: Record<string, TableRecord>;
  jobs: JobRunRecord[];
  /** Rule levels and expectations a generator produced, if the dataset came with them. */
  expectationsFile?: string;
  status: 'SUCCEEDED' | 'COUNT_MISMATCH' | 'FAILED';
  /** A fault that stopped the run early (the emulator died, S3 failed): what and where. */
  error?: string;
}

export const DEFAULT_RUNS_ROOT = path.join('.stedi', 'runs');

export function runRecordPath(runDir: string): string {
  return path.join(runDir, 'run.json');
}

export function catalogTablePath(runDir: string, database: string, table: string): string {
  return path.join(runDir, 'catalog', database, `${table}.json`);
}

export function tableDataDir(runDir: string, database: string, table: string): string {
  return path.join(runDir, 'data', database, table);
}

/** Resolves `--run DIR` (default: the latest run under .stedi/runs) to an existing run directory. */
export function resolveRunDir(runDir: string | undefined, runsRoot = DEFAULT_RUNS_ROOT): string {
  const candidate = runDir ?? path.join(runsRoot, 'latest');
  let resolved = candidate;
  try {
    resolved = fs.realpathSync(candidate);
  } catch {
    throw new InputError(
      'RUN_NOT_FOUND',
      runDir === undefined
        ? `no saved run under ${runsRoot}: run \`stedi run\` first, or pass --run DIR`
        : `run directory ${candidate} does not exist`,
    );
  }
  if (!fs.existsSync(runRecordPath(resolved))) {
    throw new InputError('RUN_INCOMPLETE', `${resolved} has no run.json: it is not a stedi run directory`);
  }
  return resolved;
}

export function readRunRecord(runDir: string): RunRecord {
  const file = runRecordPath(runDir);
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
  if (record.schemaVersion !== RUN_RECORD_SCHEMA_VERSION) {
    throw new InputError(
      'RUN_SCHEMA_VERSION',
      `${file} has schemaVersion ${String(record.schemaVersion)}; this stedi reads version ${RUN_RECORD_SCHEMA_VERSION}`,
    );
  }
  return record;
}
