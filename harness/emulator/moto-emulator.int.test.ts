import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { provisionRuntime, silentProgress } from '..';
import { MOTO_KEY_BUFFER_BYTES, MotoEmulator, type StartedMotoEmulator } from './moto-emulator';

const describeRuntime = process.env.STEDI_SKIP_INTEGRATION === '1' ? describe.skip : describe;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Files moto holds open that have no name any more: its spooled S3 objects (Linux /proc). */
function spooledFiles(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('(deleted)');
    } catch {
      return false; // closed meanwhile
    }
  }).length;
}

/**
 * Puts `bytes`, counts how many more spooled files moto holds, and reads them back (counted before
 * the read: a GET of a spooled object holds a duplicate descriptor until its response is closed).
 */
async function spoolsAfterPut(emulator: StartedMotoEmulator, key: string, bytes: number): Promise<number> {
  const before = spooledFiles(emulator.pid as number);
  const body = Buffer.alloc(bytes, key);
  await emulator.s3.send(new PutObjectCommand({ Bucket: 'spool', Key: key, Body: body }));
  const spooled = spooledFiles(emulator.pid as number) - before;
  const read = await emulator.s3.send(new GetObjectCommand({ Bucket: 'spool', Key: key }));
  expect(Buffer.from(await read.Body!.transformToByteArray()).equals(body)).toBe(true);
  return spooled;
}

const describeLinux = process.platform === 'linux' ? describeRuntime : describe.skip;

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
    expect(emulator.status()).toEqual({ alive: true, logFile: emulator.logFile });
    const log = fs.readFileSync(emulator.logFile, 'utf8');
    await emulator.stop();
    expect(emulator.isRunning()).toBe(false);
    expect(log).toContain('PUT /lifecycle-bucket');
    // Its temp dir (default log, sandbox HOME) is gone with it.
    expect(path.basename(path.dirname(emulator.logFile))).toMatch(/^stedi-moto-/);
    expect(fs.existsSync(path.dirname(emulator.logFile))).toBe(false);
  }, 120_000);

  it('says that it died and how (for "the emulator died (…)" instead of ECONNREFUSED)', async () => {
    const emulator = await new MotoEmulator(python).start();
    process.kill(emulator.pid as number, 'SIGKILL');
    for (let i = 0; i < 100 && emulator.isRunning(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.status()).toEqual({ alive: false, exitCode: null, signal: 'SIGKILL', logFile: emulator.logFile });
    await emulator.stop();
  }, 120_000);

  it('refuses to bind to a non-loopback address', () => {
    expect(() => new MotoEmulator(python).withHost('0.0.0.0')).toThrow(/loopback only/);
  });

  it('leaves no orphan server and no temp dir when its owner is interrupted with Ctrl-C (SIGINT)', async () => {
    const owner = spawn(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        '-e',
        `const { MotoEmulator } = require(${JSON.stringify(path.join(__dirname, 'moto-emulator.ts'))});
         new MotoEmulator(${JSON.stringify(python)}).start().then((e) => { console.log('PID ' + e.pid + ' LOG ' + e.logFile); setInterval(() => {}, 1000); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const { pid, logFile } = await new Promise<{ pid: number; logFile: string }>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /PID (\d+) LOG (\S+)\n/.exec(out);
        if (match) resolve({ pid: Number(match[1]), logFile: match[2] as string });
      });
      owner.on('exit', () => reject(new Error(`owner exited before starting moto: ${out}`)));
    });
    expect(isAlive(pid)).toBe(true);
    const exited = new Promise((resolve) => owner.on('exit', resolve));
    owner.kill('SIGINT');
    await exited;
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(path.dirname(logFile))).toBe(false); // its temp dir went with it
  }, 120_000);
});

describeLinux('moto emulator memory', () => {
  let python: string;

  beforeAll(async () => {
    python = (await provisionRuntime(silentProgress)).python.python;
  }, 1_800_000);

  it('keeps objects above MOTO_KEY_BUFFER_BYTES in a temp file, not in its memory, and small ones in memory', async () => {
    const emulator = await new MotoEmulator(python).start();
    try {
      await emulator.s3.send(new CreateBucketCommand({ Bucket: 'spool' }));
      expect(await spoolsAfterPut(emulator, 'small', 1024)).toBe(0);
      expect(await spoolsAfterPut(emulator, 'large', MOTO_KEY_BUFFER_BYTES + 1)).toBe(1);
    } finally {
      await emulator.stop();
    }
  }, 120_000);

  it("takes the user's MOTO_S3_DEFAULT_KEY_BUFFER_SIZE instead", async () => {
    const saved = process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE;
    process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE = String(8 * 2 ** 20);
    const emulator = await new MotoEmulator(python).start().finally(() => {
      if (saved === undefined) delete process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE;
      else process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE = saved;
    });
    try {
      await emulator.s3.send(new CreateBucketCommand({ Bucket: 'spool' }));
      expect(await spoolsAfterPut(emulator, 'large', 2 ** 20)).toBe(0);
    } finally {
      await emulator.stop();
    }
  }, 120_000);
});
