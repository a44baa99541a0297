/**
 * The inner loop: `stedi run` end to end (the CLI process, from spawn to exit: staging, the five
 * STEDI jobs, counting, the gate) with `stedi dev` up — warm: its second run — beside `stedi run
 * --no-dev`, which starts its own emulator and Spark. Wall seconds and CPU seconds (the CLI's
 * tree, from /proc's cutime; for dev runs plus what the dev server's tree used meanwhile).
 * `npx tsx bench/dev-loop.bench.ts [LANDING_DIR]` (default ../shared/data/stedi-2023);
 * `measureDevRun()` gives the figures to a combined bench.
 */
import '../common/quiet-warnings.js';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDevState } from '../harness/dev';
import { printComparison, since } from './format';
import { treeCpuSeconds } from './process-cpu';

const BIN = path.join(__dirname, '..', 'bin', 'stedi.js');
export const REAL_LANDING = path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023');

export interface DevRunFigures {
  /** `stedi run --no-dev`: its own emulator and Spark. */
  withoutDev: { seconds: number; cpuSeconds: number; exitCode: number | null };
  /** `stedi dev` until ready. */
  devStartSeconds: number;
  /** The first and the second `stedi run` on the dev harness (the second is the warm figure). */
  firstWithDev: { seconds: number; cpuSeconds: number; exitCode: number | null };
  warmWithDev: { seconds: number; cpuSeconds: number; exitCode: number | null };
  /** withoutDev.seconds / warmWithDev.seconds. */
  ratio: number;
  loadAverage: number[];
}

/** CPU seconds of this process's reaped children (cutime + cstime of /proc/self/stat). */
function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function timedCli(args: string[], cwd: string, devPid?: number): { seconds: number; cpuSeconds: number; exitCode: number | null; stderr: string } {
  const [cpu0, dev0, mark] = [childrenCpuSeconds(), treeCpuSeconds(devPid) ?? 0, performance.now()];
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = since(mark);
  const cpuSeconds = childrenCpuSeconds() - cpu0 + ((treeCpuSeconds(devPid) ?? 0) - dev0);
  return { seconds, cpuSeconds: Math.round(cpuSeconds * 100) / 100, exitCode: result.status, stderr: result.stderr };
}

/** Runs the comparison in a temp project (the bundled STEDI definition) and stops its dev server. */
export async function measureDevRun(options: { landing?: string } = {}): Promise<DevRunFigures> {
  const landing = path.resolve(options.landing ?? REAL_LANDING);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dev-'));
  const runsDir = path.join(work, 'runs');
  const run = ['run', '--landing', landing, '--runs-dir', runsDir];
  try {
    const withoutDev = timedCli([...run, '--no-dev'], work);
    const mark = performance.now();
    const started = spawnSync(process.execPath, [BIN, 'dev', '--runs-dir', runsDir, '--idle-timeout', '10'], { cwd: work, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`stedi dev failed: ${started.stderr}${started.stdout}`);
    const devStartSeconds = since(mark);
    const devPid = readDevState(runsDir)?.pid;
    const first = timedCli(run, work, devPid);
    const warm = timedCli(run, work, devPid);
    if (!warm.stderr.includes('using the dev harness')) throw new Error(`the warm run did not use the dev harness:\n${warm.stderr}`);
    const strip = ({ stderr: _s, ...figures }: ReturnType<typeof timedCli>) => figures;
    return { withoutDev: strip(withoutDev), devStartSeconds, firstWithDev: strip(first), warmWithDev: strip(warm), ratio: withoutDev.seconds / warm.seconds, loadAverage: os.loadavg() };
  } finally {
    spawnSync(process.execPath, [BIN, 'dev', 'stop', '--runs-dir', runsDir], { cwd: work, encoding: 'utf8' });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const landing = process.argv[2] ?? REAL_LANDING;
  const figures = await measureDevRun({ landing });
  console.log(`stedi run end to end on ${landing} (exit codes: no dev ${figures.withoutDev.exitCode}, dev ${figures.firstWithDev.exitCode} / ${figures.warmWithDev.exitCode})`);
  console.log(`stedi dev ready in ${figures.devStartSeconds.toFixed(2)}s; first run on dev ${figures.firstWithDev.seconds.toFixed(2)}s (${figures.firstWithDev.cpuSeconds}s CPU)`);
  printComparison('stedi run: with stedi dev up (warm, 2nd run) vs without (--no-dev)', [
    { label: 'wall seconds', ours: figures.warmWithDev.seconds, reference: figures.withoutDev.seconds },
    { label: 'CPU seconds', ours: figures.warmWithDev.cpuSeconds, reference: figures.withoutDev.cpuSeconds },
  ]);
  console.log(`load average ${figures.loadAverage.map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
