import type { EmulatorStatus } from '../emulator/moto-emulator';
import { RemoteJobRunner, serveJobRunner, type JobRunner } from './job-server-bridge';
import type { JobRun, JobRunRequest } from './protocol';

/** A runner standing in for the started harness: the bridge only carries its answers across. */
class ScriptedRunner implements JobRunner {
  status: EmulatorStatus = { alive: true, logFile: '/logs/emulator.log' };
  async runJob(request: JobRunRequest): Promise<JobRun> {
    if (request.jobName === 'unreachable') throw new Error('the job server died and could not be restarted');
    const state = request.timeoutMinutes ? 'TIMEOUT' : 'SUCCEEDED';
    return { jobRunId: 'jr_1', jobName: request.jobName, state, startedOn: 't0', completedOn: 't1', executionSeconds: 1, error: null, output: `ran ${request.script}`, dataQuality: [] };
  }
  async emulatorStatus(): Promise<EmulatorStatus> {
    return this.status;
  }
}

describe('the shared-harness bridge', () => {
  it('carries job runs (timeout included), emulator status and errors between processes', async () => {
    const runner = new ScriptedRunner();
    const bridge = await serveJobRunner(runner);
    const client = new RemoteJobRunner('127.0.0.1', bridge.port);
    try {
      const [ok, timedOut] = await Promise.all([
        client.runJob({ jobName: 'a', script: '/s/a.py' }),
        client.runJob({ jobName: 'b', script: '/s/b.py', timeoutMinutes: 0.1 }),
      ]);
      expect([ok.state, ok.output, timedOut.state]).toEqual(['SUCCEEDED', 'ran /s/a.py', 'TIMEOUT']);
      expect(await client.emulatorStatus()).toEqual({ alive: true, logFile: '/logs/emulator.log' });
      runner.status = { alive: false, exitCode: 137, signal: null };
      expect(await client.emulatorStatus()).toEqual({ alive: false, exitCode: 137, signal: null });
      await expect(client.runJob({ jobName: 'unreachable', script: '/s/x.py' })).rejects.toThrow(/could not be restarted/);
    } finally {
      client.close();
      await bridge.close();
    }
  });

  it('refuses to listen on or connect to a non-loopback host', async () => {
    await expect(serveJobRunner(new ScriptedRunner(), '0.0.0.0')).rejects.toThrow(/loopback/);
    expect(() => new RemoteJobRunner('10.0.0.1', 1)).toThrow(/loopback/);
  });
});
