/**
 * The emulator's peak memory against the size of one object, through the harness's own paths:
 * a sink write (harness/python/stedi_glue/staged_upload.py, run in the provisioned Python), a
 * table download (table/s3/s3-objects.ts downloadPrefix, whole GETs) and s3a-like ranged GETs
 * (1 MiB reads spread over the object, one at a time).
 *
 * ours: stedi_moto + multipart sink writes of 16 MiB parts. reference: moto's own server + one
 * PutObject per file (the path before). moto's peak per phase is its VmHWM, reset before each
 * phase (Linux /proc/PID/clear_refs). A fresh emulator per side and size.
 *
 * `npx tsx bench/emulator-memory.bench.ts [MB ...]` (default 16 128 384; needs ~2 GiB free at 384).
 */
import '../common/quiet-warnings.js';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MotoEmulator, provisionRuntime, type MotoServerModule, type StartedMotoEmulator } from '../harness';
import { PYTHON_SOURCE_DIR } from '../harness/runtime/paths';
import { downloadPrefix } from '../table';
import { printComparison } from './format';
import { highWaterMarkMiB, resetHighWaterMark } from './process-memory';

const BUCKET = 'bench-emulator-memory';
const RANGED_READS = 16;

/** Writes one file of `bytes` through staged_upload.write; `single` forces one PutObject (the old path). */
const SINK_WRITE = `
import os, sys
from stedi_glue import staged_upload
size, single = int(sys.argv[1]), sys.argv[2] == "single"
if single:
    staged_upload.MULTIPART_PART_BYTES = size
def write_local(uri):
    root = uri[len("file://"):]
    os.makedirs(root)
    with open(os.path.join(root, "part-00000.json"), "wb") as f:
        for _ in range(size // 2**20):
            f.write(os.urandom(2**20))
        f.write(os.urandom(size % 2**20))
print(staged_upload.write(write_local, "s3://${BUCKET}/out/"))
`;

interface Peaks {
  idle: number;
  write: number;
  download: number;
  ranged: number;
}

async function phase(emulator: StartedMotoEmulator, work: () => Promise<void> | void): Promise<number> {
  const pid = emulator.pid as number;
  resetHighWaterMark(pid);
  await work();
  return highWaterMarkMiB(pid);
}

async function measure(python: string, module: MotoServerModule, bytes: number): Promise<Peaks> {
  const emulator = await new MotoEmulator(python).withServerModule(module).start();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-emulator-memory-'));
  try {
    await emulator.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const idle = highWaterMarkMiB(emulator.pid as number);
    const write = await phase(emulator, () => {
      execFileSync(python, ['-c', SINK_WRITE, String(bytes), module === 'moto.server' ? 'single' : 'parts'], {
        env: { ...process.env, ...emulator.environment(), PYTHONPATH: PYTHON_SOURCE_DIR },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    });
    const download = await phase(emulator, async () => {
      const got = await downloadPrefix(emulator.s3, { bucket: BUCKET, prefix: 'out/' }, path.join(scratch, 'download'));
      const size = fs.statSync(got.files[0] as string).size;
      if (size !== bytes) throw new Error(`downloaded ${size} bytes of ${bytes}`);
    });
    const ranged = await phase(emulator, async () => {
      for (let i = 0; i < RANGED_READS; i++) {
        const start = Math.floor(((bytes - 2 ** 20) * i) / RANGED_READS);
        const answer = await emulator.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'out/part-00000.json', Range: `bytes=${start}-${start + 2 ** 20 - 1}` }));
        const read = await answer.Body!.transformToByteArray();
        if (read.length !== 2 ** 20) throw new Error(`ranged GET at ${start} read ${read.length} bytes`);
      }
    });
    return { idle, write, download, ranged };
  } finally {
    await emulator.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = (process.argv.length > 2 ? process.argv.slice(2) : ['16', '128', '384']).map(Number);
  const python = (await provisionRuntime()).python.python;
  for (const mb of sizes) {
    const bytes = mb * 10 ** 6;
    const ours = await measure(python, 'stedi_moto', bytes);
    const reference = await measure(python, 'moto.server', bytes);
    printComparison(`moto peak RSS (MiB), one ${mb} MB object: stedi_moto + 16 MiB parts (ours) vs moto.server + one PutObject (reference)`, [
      { label: 'idle, after start', ours: ours.idle, reference: reference.idle, unit: '' },
      { label: 'sink write (staged_upload)', ours: ours.write, reference: reference.write, unit: '' },
      { label: 'table download (whole GET)', ours: ours.download, reference: reference.download, unit: '' },
      { label: `${RANGED_READS} ranged GETs of 1 MiB`, ours: ours.ranged, reference: reference.ranged, unit: '' },
    ]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
