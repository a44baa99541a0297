import type { AthenaClient } from '@aws-sdk/client-athena';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { StediError } from '../common/errors';
import type { EmulatorStatus } from './emulator/moto-emulator';
import type { JobRun, JobRunRequest } from './job-server/protocol';

/**
 * Where a pipeline runs: `local` (moto + local Spark on this machine), `docker` (the same two
 * as containers started with testcontainers, harness/docker), `aws` (real S3/Glue/Athena,
 * later). All share this surface, so the same pipeline and rules run on each.
 */
export type BackendKind = 'local' | 'docker' | 'aws';

export interface StartedBackend extends AsyncDisposable {
  readonly kind: BackendKind;
  readonly s3: S3Client;
  readonly glue: GlueClient;
  readonly athena: AthenaClient;
  getEndpoint(): string;
  /**
   * Runs one job to SUCCEEDED, FAILED or TIMEOUT (`request.timeoutMinutes`, default Glue's). A
   * job that kills its process is FAILED (error type JOB_SERVER_DIED) with its own output, and
   * the next job runs on a restarted server.
   */
  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun>;
  /**
   * Whether the emulator still runs, and its exit code or signal if not: lets a caller whose
   * AWS call failed say "the emulator died (exit code 137)" instead of "ECONNREFUSED".
   */
  emulatorStatus(): Promise<EmulatorStatus>;
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Log files to keep in the run record, by name. */
  logFiles(): Record<string, string>;
}

export function parseBackendKind(value: string): BackendKind {
  if (value === 'local' || value === 'docker' || value === 'aws') return value;
  throw new StediError('BACKEND_UNKNOWN', `unknown backend ${JSON.stringify(value)}; expected local, docker or aws`);
}

export function unavailableBackend(kind: Exclude<BackendKind, 'local' | 'docker'>): never {
  throw new StediError('BACKEND_NOT_AVAILABLE', `the ${kind} backend (real S3, Glue and Athena) is not implemented yet. Use --backend local or --backend docker`, { fault: 'user' });
}
