import type { JobRun, JobRunRequest } from '../job-server/protocol';

/**
 * How the docker backend runs Glue jobs: the harness's awsglue layer behind its job server in a
 * long-lived Glue container (job-server-glue.ts), or one container per job running spark-submit
 * with a Glue libs image's own awsglue (glue-libs.ts, `--glue-image`).
 */
export interface GlueRunner {
  readonly mode: 'job-server' | 'spark-submit';
  /** The image jobs run in (tag and engine id), for run.json. */
  readonly image: { ref: string; id: string };
  /** The current Glue container's name (job-server), or the name prefix of the per-job containers. */
  readonly containerName: string;
  /** The log kept in the run directory as job-server.log. */
  readonly logFile: string;
  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun>;
  /** Forgets Spark-side state between pipeline runs. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}
