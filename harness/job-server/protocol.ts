/**
 * Messages of the job server protocol (harness/python/stedi_glue/job_server.py documents the
 * Python side). Requests go to the server's stdin, events come back on its file descriptor 3,
 * one JSON object per line; stdout/stderr stay free for Spark's and the scripts' own output.
 */
export type JobRunState = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface JobRunRequest {
  jobName: string;
  /** Absolute path of the Glue job script (unmodified PySpark / Glue Studio output). */
  script: string;
  /** Job arguments with their leading "--", as AWS Glue passes them; --JOB_NAME is added. */
  arguments?: Record<string, string>;
}

export interface JobRunError {
  type: string;
  message: string;
  traceback?: string;
}

export interface DataQualityRecord {
  ruleset: string;
  outcomes: Array<{ Rule: string; Outcome: string; FailureReason?: string | null; EvaluatedMetrics?: Record<string, number> }>;
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
  /** What the script printed (stdout and stderr), as the job's log. */
  output: string;
  dataQuality: DataQualityRecord[];
}

export interface ReadyEvent {
  event: 'ready';
  sparkVersion: string;
  pythonVersion: string;
  master: string;
  startupSeconds: number;
}

export type ServerEvent =
  | ReadyEvent
  | { event: 'fatal'; message: string; traceback?: string }
  | { id: string; event: 'pong' | 'reset' | 'bye' }
  | { id: string; event: 'started'; jobRunId: string; startedOn: string }
  | ({ id: string; event: 'finished' } & JobRun)
  | { id: string | null; event: 'error'; message: string };
