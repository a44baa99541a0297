import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EmulatorStatus } from '../harness/emulator/moto-emulator';
import { RemoteJobRunner, serveJobRunner, type JobRunner } from '../harness/job-server/job-server-bridge';
import type { JobRun } from '../harness/job-server/protocol';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';
import { HARNESS_HANDLE } from './handle';

const runner: JobRunner = {
  runJob: async () => ({}) as JobRun,
  emulatorStatus: async (): Promise<EmulatorStatus> => ({ alive: true, logFile: '/logs/emulator.log' }),
};

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms).unref())]);

describe('the jest preset', () => {
  it('names its setup files by absolute path, as jest needs from a preset, and they exist', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const preset = require('./jest-preset.js') as { globalSetup: string; globalTeardown: string; setupFilesAfterEnv: string[]; setupFiles: string[] };
    for (const file of [preset.globalSetup, preset.globalTeardown, ...preset.setupFilesAfterEnv, ...preset.setupFiles]) {
      expect(path.isAbsolute(file)).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
    }
    // In this checkout the sources are TypeScript; installed, the same preset names the compiled .js.
    expect(path.extname(preset.globalSetup)).toBe('.ts');
  });

  it('starts nothing under STEDI_SKIP_INTEGRATION=1, and the teardown then has nothing to stop', async () => {
    const before = process.env.STEDI_SKIP_INTEGRATION;
    process.env.STEDI_SKIP_INTEGRATION = '1';
    try {
      await globalSetup({ rootDir: '/nonexistent' });
      expect((globalThis as Record<symbol, unknown>)[HARNESS_HANDLE]).toBeUndefined();
      expect(fs.existsSync('/nonexistent')).toBe(false);
      await expect(globalTeardown()).resolves.toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.STEDI_SKIP_INTEGRATION;
      else process.env.STEDI_SKIP_INTEGRATION = before;
    }
  });

  it("closes the shared bridge even when a worker never closed its client (the in-band hang)", async () => {
    const bridge = await serveJobRunner(runner);
    const forgotten = new RemoteJobRunner('127.0.0.1', bridge.port);
    expect(await forgotten.emulatorStatus()).toMatchObject({ alive: true });
    await within(bridge.close(), 3_000, 'bridge.close() with an open client');
    forgotten.close();
  });

  it('lets a worker process exit when its client is idle and unclosed (no "failed to exit gracefully")', async () => {
    const bridge = await serveJobRunner(runner);
    try {
      const script = [
        `const { RemoteJobRunner } = require(${JSON.stringify(path.join(__dirname, '..', 'harness', 'job-server', 'job-server-bridge.ts'))});`,
        `new RemoteJobRunner('127.0.0.1', ${bridge.port}).emulatorStatus().then((s) => console.log('answered', s.alive));`,
      ].join('\n');
      const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const code = await within(new Promise<number | null>((resolve) => child.on('exit', resolve)), 20_000, 'the child with an idle client').catch((error: Error) => {
        child.kill('SIGKILL');
        throw error;
      });
      expect({ code, out: out.trim() }).toEqual({ code: 0, out: 'answered true' });
    } finally {
      await bridge.close();
    }
  });
});
