/**
 * Messages of the job server protocol. harness/python/stedi_glue/job_server.py documents the
 * Python side; the two are one contract, changed together. Requests go to the server's stdin,
 * events come back on its file descriptor 3, one JSON object per line; a job's output arrives on
 * file descriptor 4 (the script's fds 1 and 2 point there while it runs) up to an end marker;
 * stdout/stderr carry the server's and Spark's own log.
 */
export type JobRunState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMEOUT';

export interface JobRunRequest {
  jobName: string;
  /** Absolute path of the Glue job script (unmodified PySpark / Glue Studio output). */
  script: string;
  /** Job arguments with their leading "--", as AWS Glue passes them; --JOB_NAME is added. */
  arguments?: Record<string, string>;
  /**
   * Glue's `Timeout`: minutes the run may take before it is stopped and ends in TIMEOUT.
   * Fractions are allowed (tests use 0.1). Default: Glue's default for the runtime's Glue
   * version (harness/runtime/pins.ts `defaultJobTimeoutMinutes`).
   */
  timeoutMinutes?: number;
}

export interface JobRunError {
  /** The Python exception type, or `JOB_SERVER_DIED` (the process died under the job) or `Timeout`. */
  type: string;
  message: string;
  traceback?: string;
}

export interface DataQualityRecord {
  ruleset: string;
  outcomes: Array<{ Rule: string; Outcome: string; FailureReason?: string | null; EvaluatedMetrics?: Record<string, number | null> }>;
}

/** A record a job's reader could not use (an error record), located where the reader could. */
export interface JobInputErrorSample {
  /** The object's S3 URI as stored (decoded, not `%20`). */
  file: string;
  /** 1-based physical line in the file (blank lines counted); null when not locatable. */
  line: number | null;
  reason: string;
}

/**
 * What one source a job read yielded (harness/python/stedi_glue/job_context.py `input_stats`):
 * one item per `create_dynamic_frame` / `create_data_frame` read, in read order.
 */
export interface JobInput {
  /** null for `from_options` sources. */
  database: string | null;
  table: string | null;
  /** The table's LOCATION, or the `from_options` paths joined by ",". */
  location: string;
  format: string;
  /** Non-blank lines (JSON) or rows (Parquet, CSV) the reader saw. */
  recordsRead: number;
  /** Records in the frame the reader returned. */
  recordsInFrame: number;
  /** `errorsCount()` of that frame: records read but not in it. */
  errorRecords: number;
  /** At most 20. */
  errorSamples: JobInputErrorSample[];
  /** true when the warm job server reused an earlier parse of the same files (stedi_glue/read_cache.py). */
  reusedRead?: boolean;
}

/** A finished job run, shaped like Glue's GetJobRun where the fields overlap. */
export interface JobRun {
  jobRunId: string;
  jobName: string;
  state: Exclude<JobRunState, 'RUNNING'>;
  startedOn: string;
  completedOn: string;
  executionSeconds: number;
  error: JobRunError | null;
  /** What the script wrote to stdout and stderr (any way: print, os.write, C code), capped at LOG_CAP_BYTES. */
  output: string;
  dataQuality: DataQualityRecord[];
  /** Per source the job read; absent or [] when the script never ran (or died before reporting). */
  inputs?: JobInput[];
}

export interface ReadyEvent {
  event: 'ready';
  sparkVersion: string;
  pythonVersion: string;
  master: string;
  startupSeconds: number;
  /** The job server process and its Spark driver JVM. */
  pid: number;
  jvmPid: number | null;
}

/** The `finished` event: a JobRun without `output`, which comes on fd 4. */
export type FinishedEvent = { id: string; event: 'finished' } & Omit<JobRun, 'output'>;

export type ServerEvent =
  | ReadyEvent
  | { event: 'fatal'; message: string; traceback?: string }
  | { id: string; event: 'pong' | 'reset' | 'bye' }
  | { id: string; event: 'started'; jobRunId: string; startedOn: string }
  | { id: string; event: 'cancelling'; jobRunId: string; active: boolean }
  | FinishedEvent
  | { id: string | null; event: 'error'; message: string };

/** The bytes the server writes on fd 4 after a job's output: NUL, this prefix, the run's token, NUL. */
export function outputEndMarker(token: string): Buffer {
  return Buffer.from(`\0stedi-output-end ${token}\0`, 'latin1');
}
