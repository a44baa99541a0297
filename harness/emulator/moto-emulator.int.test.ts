import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { provisionRuntime, silentProgress } from '..';
import { MotoEmulator } from './moto-emulator';

const describeRuntime = process.env.STEDI_SKIP_INTEGRATION === '1' ? describe.skip : describe;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeRuntime('moto emulator lifecycle', () => {
  let python: string;

  beforeAll(async () => {
    python = (await provisionRuntime(silentProgress)).python.python;
  }, 1_800_000);

  it('starts on a free loopback port, serves S3, resets to empty, stops, and keeps its log', async () => {
    const emulator = await new MotoEmulator(python).start();
    expect(emulator.getEndpoint()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await emulator.s3.send(new CreateBucketCommand({ Bucket: 'lifecycle-bucket' }));
    expect((await emulator.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['lifecycle-bucket']);
    await emulator.reset();
    expect((await emulator.s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    await emulator.stop();
    expect(emulator.isRunning()).toBe(false);
    expect(fs.readFileSync(emulator.logFile, 'utf8')).toContain('PUT /lifecycle-bucket');
  }, 120_000);

  it('refuses to bind to a non-loopback address', () => {
    expect(() => new MotoEmulator(python).withHost('0.0.0.0')).toThrow(/loopback only/);
  });

  it('leaves no orphan server when its owner is interrupted with Ctrl-C (SIGINT)', async () => {
    const owner = spawn(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        '-e',
        `const { MotoEmulator } = require(${JSON.stringify(path.join(__dirname, 'moto-emulator.ts'))});
         new MotoEmulator(${JSON.stringify(python)}).start().then((e) => { console.log('PID ' + e.pid); setInterval(() => {}, 1000); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /PID (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      owner.on('exit', () => reject(new Error(`owner exited before starting moto: ${out}`)));
    });
    expect(isAlive(pid)).toBe(true);
    const exited = new Promise((resolve) => owner.on('exit', resolve));
    owner.kill('SIGINT');
    await exited;
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(pid)).toBe(false);
  }, 120_000);
});
