/**
 * The dev bridge's own rules, with a scripted backend standing in for the started harness (the
 * bridge only gates and carries its answers): the token, one lease at a time with waiting, jobs
 * only under the current lease, reset only by the lease's own connection, a lease freed when
 * its connection closes, idle time counted only without a lease.
 */
import type { EmulatorStatus } from '../emulator/moto-emulator';
import { RemoteJobRunner } from '../job-server/job-server-bridge';
import type { JobRun, JobRunRequest } from '../job-server/protocol';
import { serveDevBridge, type DevBackend, type DevBridge } from './dev-bridge';

class ScriptedBackend implements DevBackend {
  resets = 0;
  ran: string[] = [];
  async runJob(request: JobRunRequest): Promise<JobRun> {
    this.ran.push(request.jobName);
    return { jobRunId: 'jr_1', jobName: request.jobName, state: 'SUCCEEDED', startedOn: 't0', completedOn: 't1', executionSeconds: 1, error: null, output: '', dataQuality: [] };
  }
  async emulatorStatus(): Promise<EmulatorStatus> {
    return { alive: true };
  }
  async reset(): Promise<void> {
    this.resets += 1;
  }
}

describe('the dev bridge', () => {
  let backend: ScriptedBackend;
  let bridge: DevBridge;
  let stops = 0;
  const clients: RemoteJobRunner[] = [];
  const client = (token = bridge.token): RemoteJobRunner => {
    const made = new RemoteJobRunner('127.0.0.1', bridge.port, { token });
    clients.push(made);
    return made;
  };
  const job = (name: string): JobRunRequest => ({ jobName: name, script: `/s/${name}.py` });

  beforeEach(async () => {
    backend = new ScriptedBackend();
    bridge = await serveDevBridge(backend, { onStop: () => (stops += 1) });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await bridge.close();
  });

  it('refuses every request without the token, and a wrong one', async () => {
    await expect(client('').call('status')).rejects.toMatchObject({ code: 'DEV_TOKEN_REFUSED' });
    await expect(client('0'.repeat(64)).call('acquire', { holder: 'x' })).rejects.toMatchObject({ code: 'DEV_TOKEN_REFUSED' });
    await expect(client('nope').call('stop')).rejects.toMatchObject({ code: 'DEV_TOKEN_REFUSED' });
    expect(stops).toBe(0);
  });

  it('runs jobs only under the current lease', async () => {
    const a = client();
    await expect(a.runJob(job('before'))).rejects.toMatchObject({ code: 'DEV_NO_LEASE' });
    const { lease } = await a.call('acquire', { holder: 'run A' });
    a.useLease(String(lease));
    expect((await a.runJob(job('a1'))).state).toBe('SUCCEEDED');
    expect(backend.ran).toEqual(['a1']);
    expect(bridge.status()).toMatchObject({ sessionsServed: 1, jobsServed: 1, holder: { description: 'run A' } });
  });

  it('serialises: a second client is told who holds it, waits, and gets it when the first releases', async () => {
    const [a, b] = [client(), client()];
    a.useLease(String((await a.call('acquire', { holder: 'run A' })).lease));
    expect((await b.call('acquire', { holder: 'run B' })).busy).toMatchObject({ description: 'run A' });
    let granted: string | undefined;
    const waiting = b.call('acquire', { holder: 'run B', wait: true }).then((reply) => (granted = String(reply.lease)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(granted).toBeUndefined();
    expect(bridge.status().waiting).toBe(1);
    await a.runJob(job('a1'));
    await a.call('release');
    await waiting;
    b.useLease(granted!);
    await b.runJob(job('b1'));
    // A's old lease id no longer runs anything.
    await expect(a.runJob(job('a2'))).rejects.toMatchObject({ code: 'DEV_NO_LEASE' });
    expect(backend.ran).toEqual(['a1', 'b1']);
  });

  it('frees the lease when its connection closes (a client that crashed)', async () => {
    const [a, b] = [client(), client()];
    await a.call('acquire', { holder: 'run A' });
    const waiting = b.call('acquire', { holder: 'run B', wait: true });
    a.close();
    expect((await waiting).lease).toEqual(expect.any(String));
    expect(bridge.status().holder).toMatchObject({ description: 'run B' });
  });

  it("resets for the lease's own connection only, not for another connection handed the lease id (jest workers)", async () => {
    const owner = client();
    const lease = String((await owner.call('acquire', { holder: 'jest' })).lease);
    owner.useLease(lease);
    const worker = new RemoteJobRunner('127.0.0.1', bridge.port, { token: bridge.token, lease });
    clients.push(worker);
    await expect(worker.call('reset')).rejects.toMatchObject({ code: 'SHARED_RESET' });
    expect((await worker.runJob(job('w1'))).state).toBe('SUCCEEDED');
    await owner.call('reset');
    expect(backend.resets).toBe(1);
  });

  it('counts idle time only without a lease, and stops on request', async () => {
    const a = client();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(bridge.idleMs()).toBeGreaterThanOrEqual(50);
    await a.call('acquire', { holder: 'run A' });
    expect(bridge.idleMs()).toBe(0);
    await a.call('stop');
    expect(stops).toBe(1);
  });
});
