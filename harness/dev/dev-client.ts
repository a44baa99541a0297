import * as path from 'node:path';
import { describeError, EmulatorError } from '../../common/errors';
import type { BackendRecord } from '../../common/run-dir';
import type { StartedBackend } from '../backend';
import { EmulatorClients } from '../clients';
import type { EmulatorStatus } from '../emulator/moto-emulator';
import { RemoteJobRunner } from '../job-server/job-server-bridge';
import type { JobRun, JobRunRequest } from '../job-server/protocol';
import type { DevBridgeStatus } from './dev-bridge';
import { liveDevState, type DevState } from './dev-state';

/** Who holds the dev harness while another client waits for it. */
export interface DevBusy {
  description: string;
  since: string;
}

/**
 * A running `stedi dev`, seen from `stedi run`, `stedi check` or jest's global setup: SDK clients
 * on its emulator and jobs on its warm Spark, through its bridge. Nothing runs until `acquire()`
 * got the lease; the owner of the lease may reset the emulator (the dev harness is the project's
 * own). `stop()` releases the lease and closes the connection: the server keeps running.
 */
export class DevHarnessClient extends EmulatorClients implements StartedBackend {
  readonly kind = 'local' as const;
  private readonly runner: RemoteJobRunner;
  private leaseId: string | undefined;

  constructor(readonly state: Required<Pick<DevState, 'endpoint' | 'bridgePort' | 'token'>> & DevState) {
    super(state.endpoint);
    this.runner = new RemoteJobRunner('127.0.0.1', state.bridgePort, { token: state.token });
  }

  get pid(): number {
    return this.state.pid;
  }

  /** The lease id this client holds (jest hands it to its workers), once acquired. */
  get lease(): string | undefined {
    return this.leaseId;
  }


  /** The server's status (token checked): uptime, sessions and jobs served, who holds it. */
  async status(timeoutMs = 5_000): Promise<DevBridgeStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EmulatorError('DEV_NOT_ANSWERING', `the dev harness (pid ${this.pid}) did not answer on 127.0.0.1:${this.state.bridgePort} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const reply = await Promise.race([this.runner.call('status'), timeout]);
      return reply.status as unknown as DevBridgeStatus;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Takes the lease: runs through the dev harness are one at a time. When another client holds
   * it, `onBusy` is told who, and this waits for its turn (the holder's release, or its exit).
   */
  async acquire(holder: string, onBusy?: (busy: DevBusy) => void): Promise<void> {
    let reply = await this.runner.call('acquire', { holder, wait: false });
    if (reply.busy) {
      onBusy?.(reply.busy as DevBusy);
      reply = await this.runner.call('acquire', { holder, wait: true });
    }
    this.leaseId = String(reply.lease);
    this.runner.useLease(this.leaseId);
  }

  runJob(request: JobRunRequest): Promise<JobRun> {
    return this.runner.runJob(request);
  }

  emulatorStatus(): Promise<EmulatorStatus> {
    return this.runner.emulatorStatus();
  }

  /** A clean emulator and Spark catalog: allowed to the lease's owner (a `stedi run`), refused to others. */
  async reset(): Promise<void> {
    await this.runner.call('reset');
  }

  /**
   * What a run or a jest session does first: take the lease (waiting while another holds it) and
   * start from a reset emulator, so no earlier run's state leaks in. On failure the connection is
   * closed, which also releases a lease already taken.
   */
  async claim(holder: string, onBusy?: (busy: DevBusy) => void): Promise<void> {
    try {
      await this.acquire(holder, onBusy);
      await this.reset();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Asks the server to shut down (its harness, then itself). */
  async requestStop(): Promise<void> {
    await this.runner.call('stop');
  }

  /** run.json's `backend`: local, and which dev server ran it. */
  describeBackend(): BackendRecord {
    return { kind: 'local', dev: { pid: this.state.pid, startedAt: this.state.startedAt, endpoint: this.state.endpoint } };
  }

  logFiles(): Record<string, string> {
    return { 'emulator.log': path.join(this.state.logDir, 'emulator.log'), 'job-server.log': path.join(this.state.logDir, 'job-server.log') };
  }

  /** Releases the lease and closes the connection; the dev server keeps running. */
  async stop(): Promise<void> {
    if (this.leaseId) {
      try {
        await this.runner.call('release');
      } catch {
        // closing the connection releases it too
      }
      this.leaseId = undefined;
    }
    this.runner.close();
    this.destroyClients();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

export type DevLookup = { found: DevHarnessClient; status: DevBridgeStatus } | { found: undefined; why: string | undefined };

/**
 * The running dev harness of a runs directory, connected and answering with the token of its
 * state file; otherwise why not (no state file: `why` undefined; a stale one is swept).
 */
export async function findDevHarness(runsDir: string, timeoutMs = 5_000): Promise<DevLookup> {
  let state: DevState | undefined;
  try {
    state = liveDevState(runsDir);
  } catch (error) {
    return { found: undefined, why: describeError(error) };
  }
  if (!state) return { found: undefined, why: undefined };
  if (state.state !== 'ready' || !state.endpoint || !state.bridgePort || !state.token) {
    return { found: undefined, why: `the dev harness (pid ${state.pid}) is still starting` };
  }
  const client = new DevHarnessClient({ ...state, endpoint: state.endpoint, bridgePort: state.bridgePort, token: state.token });
  try {
    return { found: client, status: await client.status(timeoutMs) };
  } catch (error) {
    await client.stop();
    return { found: undefined, why: `the dev harness (pid ${state.pid}) did not answer: ${describeError(error)}` };
  }
}
