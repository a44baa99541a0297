import { EmulatorError } from '../common/errors';
import type { StartedBackend } from './backend';
import { EmulatorClients } from './clients';
import type { EmulatorStatus } from './emulator/moto-emulator';
import { RemoteJobRunner, serveJobRunner, type BridgeCredentials } from './job-server/job-server-bridge';
import type { JobRun, JobRunRequest } from './job-server/protocol';
import type { StartedLocalHarness } from './local-harness';

/** Environment variables through which a started harness is shared with other processes. */
export const SHARED_ENDPOINT_ENV = 'STEDI_SHARED_ENDPOINT';
export const SHARED_JOBS_PORT_ENV = 'STEDI_SHARED_JOBS_PORT';
export const SHARED_LOG_DIR_ENV = 'STEDI_SHARED_LOG_DIR';
/** Set when the shared harness is a `stedi dev` server (harness/dev): its bridge's token and the jest session's lease. */
export const SHARED_TOKEN_ENV = 'STEDI_SHARED_TOKEN';
export const SHARED_LEASE_ENV = 'STEDI_SHARED_LEASE';

/** Publishes a started harness (jest global setup): its endpoint and a job bridge port in env. */
export async function shareHarness(harness: StartedLocalHarness): Promise<() => Promise<void>> {
  const bridge = await serveJobRunner(harness);
  process.env[SHARED_ENDPOINT_ENV] = harness.getEndpoint();
  process.env[SHARED_JOBS_PORT_ENV] = String(bridge.port);
  return bridge.close;
}

export function isHarnessShared(): boolean {
  return Boolean(process.env[SHARED_ENDPOINT_ENV] && process.env[SHARED_JOBS_PORT_ENV]);
}

/**
 * The harness started by jest's global setup, seen from a test worker: SDK clients on the same
 * emulator and jobs run on the same Spark. Reset is refused: other test files share the state,
 * so each test uses its own bucket and database names.
 */
export class SharedHarnessClient extends EmulatorClients implements StartedBackend {
  readonly kind = 'local' as const;
  private readonly runner: RemoteJobRunner;

  constructor(endpoint: string, jobsPort: number, credentials: BridgeCredentials = {}) {
    super(endpoint);
    this.runner = new RemoteJobRunner('127.0.0.1', jobsPort, credentials);
  }

  static fromEnvironment(): SharedHarnessClient {
    const endpoint = process.env[SHARED_ENDPOINT_ENV];
    const port = Number(process.env[SHARED_JOBS_PORT_ENV]);
    if (!endpoint || !port) throw new EmulatorError('NO_SHARED_HARNESS', `no shared harness: ${SHARED_ENDPOINT_ENV} and ${SHARED_JOBS_PORT_ENV} are unset (is jest's global setup configured?)`);
    const [token, lease] = [process.env[SHARED_TOKEN_ENV], process.env[SHARED_LEASE_ENV]];
    return new SharedHarnessClient(endpoint, port, { ...(token ? { token } : {}), ...(lease ? { lease } : {}) });
  }


  runJob(request: JobRunRequest): Promise<JobRun> {
    return this.runner.runJob(request);
  }

  emulatorStatus(): Promise<EmulatorStatus> {
    return this.runner.emulatorStatus();
  }

  async reset(): Promise<void> {
    throw new EmulatorError('SHARED_RESET', 'the shared harness is not reset from a test: use your own bucket and database names');
  }

  logFiles(): Record<string, string> {
    const dir = process.env[SHARED_LOG_DIR_ENV];
    return dir ? { 'emulator.log': `${dir}/emulator.log`, 'job-server.log': `${dir}/job-server.log` } : {};
  }

  async stop(): Promise<void> {
    this.runner.close();
    this.destroyClients();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
