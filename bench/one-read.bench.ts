/**
 * How a run reads its tables, from the first job to the gate's verdict, on one warm harness:
 * ours — each table exported while the later jobs run, the gate fed by the counting scan (what
 * `stedi run` does) — beside the reference: every table exported after the last job and read
 * again by the gate. The two alternate round by round (the order flips each round), so the load
 * of a shared machine falls on both; medians are printed, with the CLI's CPU seconds.
 * `npx tsx bench/one-read.bench.ts [LANDING_DIR] [--rounds N]` (default ../shared/data/stedi-2023, 3 rounds)
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHarness } from '../harness';
import { loadPipelineDefinition, runPipeline } from '../pipeline';
import { printComparison } from './format';
import { timedRun } from './pipeline.bench';

type Mode = 'ours' | 'reference';
interface Round {
  jobs: number;
  tail: number;
  total: number;
  cpu: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
  const roundsValue = roundsAt >= 0 ? roundsAt + 1 : -1;
  const landing = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== roundsValue) ?? path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023'));
  const definition = loadPipelineDefinition();
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-one-read-'));
  const harness = await new LocalHarness().start();
  const results: Record<Mode, Round[]> = { ours: [], reference: [] };
  try {
    await runPipeline({ backend: harness, definition, landingDir: landing, runsRoot }); // warms the job server
    for (let round = 0; round < rounds; round++) {
      const order: Mode[] = round % 2 === 0 ? ['reference', 'ours'] : ['ours', 'reference'];
      for (const mode of order) {
        await harness.emulator.reset();
        const cpu = process.cpuUsage();
        const run = await timedRun(harness, definition, landing, runsRoot, mode === 'ours' ? 'one-read' : 'reference');
        const used = process.cpuUsage(cpu);
        const tail = run.countingSeconds + run.gateSeconds;
        const figures = { jobs: run.jobs.reduce((sum, job) => sum + job.wallSeconds, 0), tail, total: run.totalSeconds + run.gateSeconds, cpu: (used.user + used.system) / 1e6 };
        results[mode].push(figures);
        console.log(`round ${round + 1} ${mode.padEnd(9)} jobs ${figures.jobs.toFixed(2)}s  last job → verdict ${figures.tail.toFixed(2)}s  run + gate ${figures.total.toFixed(2)}s  CLI CPU ${figures.cpu.toFixed(2)}s  load ${os.loadavg()[0].toFixed(1)}`);
      }
    }
  } finally {
    await harness.stop();
    fs.rmSync(runsRoot, { recursive: true, force: true });
  }
  const row = (label: string, pick: (r: Round) => number): { label: string; ours: number; reference: number } => ({ label, ours: median(results.ours.map(pick)), reference: median(results.reference.map(pick)) });
  printComparison(`medians of ${rounds} rounds (landing ${landing}): one read (ours) vs export at the end + the gate reading again (reference)`, [
    row('five jobs (wall)', (r) => r.jobs),
    row('last job end → gate verdict', (r) => r.tail),
    row('staging → gate verdict', (r) => r.total),
    row('CLI CPU seconds', (r) => r.cpu),
  ]);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
