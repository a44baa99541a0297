/**
 * The inner loop: `stedi run` end to end (the CLI process, from spawn to exit: staging, the five
 * STEDI jobs, counting, the gate) with `stedi dev` up — warm: its second run — beside `stedi run
 * --no-dev`, which starts its own emulator and Spark. Wall seconds and CPU seconds (the CLI's
 * process tree sampled from /proc; for dev runs plus what the dev server's tree used meanwhile).
 * `npx tsx bench/dev-loop.bench.ts [LANDING_DIR]` (default ../shared/data/stedi-2023);
 * `measureDevRun()` gives the figures to a combined bench.
 */
import '../common/quiet-warnings.js';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { descendantsOf, listProcesses, readProcess } from '../common/process-table';
import { readDevState } from '../harness/dev';
import { provisionRuntime } from '../harness';
import { classArchiveNote, printComparison, since } from './format';

const BIN = path.join(__dirname, '..', 'bin', 'stedi.js');
export const REAL_LANDING = path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023');

export interface DevRunFigures {
  /** `stedi run --no-dev`: its own emulator and Spark. */
  withoutDev: CliFigures;
  /** `stedi dev` until ready. */
  devStartSeconds: number;
  /** The first and the second `stedi run` on the dev harness (the second is the warm figure). */
  firstWithDev: CliFigures;
  warmWithDev: CliFigures;
  /** withoutDev.seconds / warmWithDev.seconds. */
  ratio: number;
  loadAverage: number[];
  /** The JVM class archive's state before the first start (classArchiveNote). */
  classArchive: string;
}

/**
 * CPU seconds a process tree uses from now until stop(): each member's own user+system time,
 * sampled every 0.2 s and kept at its last value, minus what it had used at the first sample (a
 * member born later counts from 0). Per member, because members come and go: a JVM whose
 * parent was killed is reaped by init (the waiter's cutime misses it), PySpark's Python workers
 * exit between jobs (a live-tree sum would go down). What a member used after its last sample is
 * lost: an undercount of at most 0.2 s per process.
 */
function sampleTreeCpu(root: number): { stop(): number } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let initial = true;
  const sample = (): void => {
    for (const proc of [root, ...descendantsOf(root, listProcesses()).map((p) => p.pid)]) {
      const seconds = readProcess(proc)?.cpuSeconds;
      if (seconds === undefined) continue;
      if (!first.has(proc)) first.set(proc, initial ? seconds : 0);
      last.set(proc, seconds);
    }
    initial = false;
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return [...last.entries()].reduce((sum, [pid, seconds]) => sum + seconds - (first.get(pid) ?? 0), 0);
    },
  };
}


interface CliFigures {
  seconds: number;
  /** The CLI's tree plus, on dev, the dev server's tree meanwhile. */
  cpuSeconds: number;
  /** Of which the dev server's tree (0 without dev). */
  devCpuSeconds: number;
  exitCode: number | null;
}

async function timedCli(args: string[], cwd: string, devPid?: number): Promise<CliFigures & { stderr: string }> {
  const devCpu = devPid !== undefined ? sampleTreeCpu(devPid) : undefined;
  const mark = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const cpu = sampleTreeCpu(child.pid!);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = since(mark);
  const round = (x: number): number => Math.round(x * 100) / 100;
  const devCpuSeconds = devCpu?.stop() ?? 0;
  return { seconds, cpuSeconds: round(cpu.stop() + devCpuSeconds), devCpuSeconds: round(devCpuSeconds), exitCode, stderr };
}

/** Runs the comparison in a temp project (the bundled STEDI definition) and stops its dev server. */
export async function measureDevRun(options: { landing?: string } = {}): Promise<DevRunFigures> {
  const landing = path.resolve(options.landing ?? REAL_LANDING);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dev-'));
  const runsDir = path.join(work, 'runs');
  const run = ['run', '--landing', landing, '--runs-dir', runsDir];
  const classArchive = classArchiveNote(await provisionRuntime());
  try {
    const withoutDev = await timedCli([...run, '--no-dev'], work);
    const mark = performance.now();
    const started = spawnSync(process.execPath, [BIN, 'dev', '--runs-dir', runsDir, '--idle-timeout', '10'], { cwd: work, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`stedi dev failed: ${started.stderr}${started.stdout}`);
    const devStartSeconds = since(mark);
    const devPid = readDevState(runsDir)?.pid;
    const first = await timedCli(run, work, devPid);
    const warm = await timedCli(run, work, devPid);
    if (!warm.stderr.includes('using the dev harness')) throw new Error(`the warm run did not use the dev harness:\n${warm.stderr}`);
    const strip = ({ stderr: _s, ...figures }: Awaited<ReturnType<typeof timedCli>>) => figures;
    return { withoutDev: strip(withoutDev), devStartSeconds, firstWithDev: strip(first), warmWithDev: strip(warm), ratio: withoutDev.seconds / warm.seconds, loadAverage: os.loadavg(), classArchive };
  } finally {
    spawnSync(process.execPath, [BIN, 'dev', 'stop', '--runs-dir', runsDir], { cwd: work, encoding: 'utf8' });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const landing = process.argv[2] ?? REAL_LANDING;
  const figures = await measureDevRun({ landing });
  console.log(`stedi run end to end on ${landing} (exit codes: no dev ${figures.withoutDev.exitCode}, dev ${figures.firstWithDev.exitCode} / ${figures.warmWithDev.exitCode})`);
  const { firstWithDev: first, warmWithDev: warm } = figures;
  console.log(`stedi dev ready in ${figures.devStartSeconds.toFixed(2)}s; first run on dev ${first.seconds.toFixed(2)}s (${first.cpuSeconds}s CPU, ${first.devCpuSeconds}s of it in the dev server)`);
  console.log(`warm run on dev: ${warm.cpuSeconds}s CPU, ${warm.devCpuSeconds}s of it in the dev server (jobs), ${(warm.cpuSeconds - warm.devCpuSeconds).toFixed(2)}s in the stedi run process (start, staging, counting, gate)`);
  printComparison('stedi run: with stedi dev up (warm, 2nd run) vs without (--no-dev)', [
    { label: 'wall seconds', ours: figures.warmWithDev.seconds, reference: figures.withoutDev.seconds },
    { label: 'CPU seconds', ours: figures.warmWithDev.cpuSeconds, reference: figures.withoutDev.cpuSeconds },
  ]);
  console.log(`load average ${figures.loadAverage.map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; ${figures.classArchive}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
