/**
 * Scale: the STEDI pipeline end to end at N× the stedi-2023 profile (generated, seed 7), a fresh
 * harness per factor, phase by phase — generate, emulator + Spark start, staging + DDL, each job,
 * counting + export, the quality gate — with rows/s and the peak memory of each process (Node
 * alone; the job server's tree: Python, its JVM, PySpark workers; moto), then time(10×)/time(1×)
 * and time(100×)/time(10×). Generated datasets are cached under <cache>/bench-data and reused.
 *
 * `npx tsx bench/scale.bench.ts [--factors 1,10,100] [--spark-master URL|cluster [--runs-dir DIR]]
 *   [--driver-memory 2g] [--shuffle-partitions N] [--jit full]`
 * (--jit full: STEDI_SPARK_JIT=full for the job server, the C2 compiler that pays back at 10× and more)
 * The lead's combined bench calls `measureScale(factors)` and `formatScaleReport(results)`.
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '../fixtures';
import { LocalHarness, silentProgress, type StartedLocalHarness } from '../harness';
import { cacheRoot } from '../harness/runtime/paths';
import { motoEnvironment } from '../harness/emulator/moto-emulator';
import { loadPipelineDefinition, runPipeline } from '../pipeline';
import { PreloadedTables, runQualityGate } from '../quality-rules';
import { RunningSparkCluster, resolveSparkMaster } from '../harness/cluster';
import { treeCpuSeconds } from './process-cpu';
import { highWaterMarkMiB, resetHighWaterMark, RssSampler, type TreePeak } from './process-memory';
import { TreeBreakdownSampler, treeBreakdownRows, type TreeBreakdown } from './tree-breakdown';

const PROFILE = 'stedi-2023';

export interface ScaleOptions {
  seed?: number;
  /** A Spark master for the job server (default local[*]). */
  sparkMaster?: string;
  /** Pids of a standalone cluster's daemons (`stedi cluster up`): its executors run under them. */
  clusterPids?: number[];
  /** Extra Spark settings for the job server, e.g. spark.driver.memory (see `sparkKnobs`). */
  sparkConf?: Record<string, string>;
  log?: (line: string) => void;
}

export interface ScalePhase {
  name: string;
  seconds: number;
  /** Records the phase went through (landing records for staging, records read for a job). */
  rows?: number;
  /** CPU seconds of the job server's process tree during a job (wall moves with the load). */
  cpuSeconds?: number;
}

export interface ScaleMeasurement {
  factor: number;
  landing: string;
  landingRecords: number;
  landingMiB: number;
  generateCached: boolean;
  phases: ScalePhase[];
  /** Staging through the gate: what a warm harness would pay. */
  pipelineSeconds: number;
  /** Everything but generation: the start of the emulator and Spark included. */
  endToEndSeconds: number;
  jobStates: string[];
  countsMatch: boolean;
  countMismatches: string[];
  gateExitCode: number;
  peaks: Record<'node' | 'jobServer' | 'moto', TreePeak> & { cluster?: TreePeak };
  /** The job server's tree by process (JVM, Python driver, PySpark workers): which one grows. */
  jobServerTree?: TreeBreakdown;
  /** Where Node's memory is when the gate starts (every table preloaded) and after it: for the flat-memory work. */
  nodeMemory: { beforeGate: NodeMemory; afterGate: NodeMemory; runPeakMiB: number; gatePeakMiB: number };
  loadAverage: [number, number];
}

/** process.memoryUsage() in MiB: `arrayBuffers` holds the Arrow tables' buffers; `heapUsed` the JS objects. */
interface NodeMemory {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
}

function nodeMemory(): NodeMemory {
  const usage = process.memoryUsage();
  const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
  return { rss: mib(usage.rss), heapUsed: mib(usage.heapUsed), arrayBuffers: mib(usage.arrayBuffers), external: mib(usage.external) };
}

interface CachedDataset {
  dir: string;
  generateSeconds: number;
  cached: boolean;
}

/** The dataset of one factor, generated once into the cache (a `.partial` dir renamed when complete). */
export async function scaleDataset(factor: number, seed = 7): Promise<CachedDataset> {
  const dir = path.join(cacheRoot(), 'bench-data', `${PROFILE}-seed${seed}-x${factor}`);
  const sidecar = `${dir}.generate.json`;
  if (fs.existsSync(path.join(dir, 'expectations.json'))) {
    const recorded = fs.existsSync(sidecar) ? (JSON.parse(fs.readFileSync(sidecar, 'utf8')) as { seconds: number }).seconds : Number.NaN;
    return { dir, generateSeconds: recorded, cached: true };
  }
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const mark = performance.now();
  await generateDataset({ profile: PROFILE, seed, scale: factor, out: partial, progress: false });
  const seconds = (performance.now() - mark) / 1000;
  fs.renameSync(partial, dir);
  fs.writeFileSync(sidecar, JSON.stringify({ seconds, generatedAt: new Date().toISOString() }));
  return { dir, generateSeconds: seconds, cached: false };
}

function landingSize(dir: string): { records: number; bytes: number; expected: Record<string, number | null> } {
  const expectations = JSON.parse(fs.readFileSync(path.join(dir, 'expectations.json'), 'utf8')) as { tables: Record<string, number | null>; files: Record<string, Array<{ path: string; lines: number }>> };
  let records = 0;
  let bytes = 0;
  for (const files of Object.values(expectations.files)) {
    for (const file of files) {
      records += file.lines;
      bytes += fs.statSync(path.join(dir, file.path)).size;
    }
  }
  return { records, bytes, expected: expectations.tables };
}

/** One factor on a fresh harness (so each process's peak memory belongs to this factor alone). */
async function measureOne(factor: number, options: ScaleOptions): Promise<ScaleMeasurement> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataset = await scaleDataset(factor, options.seed);
  const size = landingSize(dataset.dir);
  log(`scale ${factor}×: ${size.records.toLocaleString('en-US')} landing records, ${(size.bytes / 2 ** 20).toFixed(0)} MiB (${dataset.dir}${dataset.cached ? ', cached' : ''})`);
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-runs-'));
  let harness: StartedLocalHarness | undefined;
  const sampler = new RssSampler(() => ({
    node: { pid: process.pid, tree: false },
    jobServer: { pid: harness?.sparkInfo?.pid, tree: true },
    moto: { pid: harness?.emulator.pid, tree: true },
    ...(options.clusterPids ? { cluster: { pid: options.clusterPids, tree: true } } : {}),
  })).start();
  const breakdown = new TreeBreakdownSampler(() => harness?.sparkInfo?.pid).start();
  const phases: ScalePhase[] = [{ name: 'generate', seconds: dataset.generateSeconds, rows: size.records }];
  try {
    const start = performance.now();
    const configured = new LocalHarness().withProgress(silentProgress);
    if (options.sparkMaster) configured.withSparkMaster(options.sparkMaster);
    if (options.sparkConf) configured.withSparkConf(options.sparkConf);
    harness = await configured.start();
    phases.push({ name: 'emulator + Spark start', seconds: harness.timings.emulatorStartSeconds + harness.timings.sparkStartSeconds });
    resetHighWaterMark(process.pid);
    const pipelineStart = performance.now();
    let firstJob = 0;
    let lastJob = 0;
    const serverCpu = (): number => treeCpuSeconds(harness?.sparkInfo?.pid) ?? Number.NaN;
    const cpuAtStart = new Map<string, number>();
    const jobCpu = new Map<string, number>();
    // As `stedi run` does: tables exported while later jobs run, the gate fed by the counting scan.
    const preloaded = new PreloadedTables();
    const run = await runPipeline({
      backend: harness,
      definition: loadPipelineDefinition(),
      landingDir: dataset.dir,
      expected: size.expected,
      runsRoot,
      observers: preloaded,
      onEvent: (event) => {
        if (event.type === 'job-started') {
          firstJob ||= performance.now();
          cpuAtStart.set(event.job, serverCpu());
        }
        if (event.type === 'job-finished') {
          lastJob = performance.now();
          jobCpu.set(event.job.name, serverCpu() - (cpuAtStart.get(event.job.name) ?? Number.NaN));
        }
        if (event.type === 'job-finished') log(`  ${event.job.name} ${event.job.state} in ${event.job.seconds}s`);
      },
    });
    const counted = performance.now();
    phases.push({ name: 'staging + DDL', seconds: ((firstJob || counted) - pipelineStart) / 1000, rows: size.records });
    for (const job of run.record.jobs) {
      phases.push({ name: job.name, seconds: job.seconds, rows: (job.inputs ?? []).reduce((sum, input) => sum + input.recordsRead, 0), cpuSeconds: jobCpu.get(job.name) });
    }
    phases.push({ name: 'counting + export', seconds: (counted - (lastJob || counted)) / 1000 });
    const runPeakMiB = highWaterMarkMiB(process.pid);
    const beforeGate = nodeMemory();
    resetHighWaterMark(process.pid);
    const gateStart = performance.now();
    const gate = await runQualityGate({ runDir: run.runDir, preloaded });
    // A gate that could not evaluate (exit 2) or failed says why: the run folder is removed below.
    for (const problem of [...gate.errors, ...gate.outcomes.filter((o) => o.outcome !== 'Passed' && o.level === 'error').map((o) => `${o.table}: ${o.outcome} ${o.rule}: ${o.failureReason ?? ''}`)]) {
      log(`  gate: ${problem}`);
    }
    const end = performance.now();
    const afterGate = nodeMemory();
    const gatePeakMiB = highWaterMarkMiB(process.pid);
    phases.push({ name: 'quality gate', seconds: (end - gateStart) / 1000 });
    const mismatches = Object.entries(size.expected)
      .filter(([table, rows]) => run.record.tables[table]?.rows !== rows)
      .map(([table, rows]) => `${table}: expected ${String(rows)}, got ${String(run.record.tables[table]?.rows)}`);
    const loads = os.loadavg();
    return {
      factor,
      landing: dataset.dir,
      landingRecords: size.records,
      landingMiB: size.bytes / 2 ** 20,
      generateCached: dataset.cached,
      phases,
      pipelineSeconds: (end - pipelineStart) / 1000,
      endToEndSeconds: (end - start) / 1000,
      jobStates: run.record.jobs.map((job) => `${job.name}=${job.state}`),
      countsMatch: mismatches.length === 0,
      countMismatches: mismatches,
      gateExitCode: gate.exitCode,
      peaks: sampler.stop() as ScaleMeasurement['peaks'],
      jobServerTree: breakdown.stop(),
      nodeMemory: { beforeGate, afterGate, runPeakMiB, gatePeakMiB },
      loadAverage: [loads[0] ?? 0, loads[1] ?? 0],
    };
  } finally {
    sampler.stop();
    breakdown.stop();
    await harness?.stop();
    fs.rmSync(runsRoot, { recursive: true, force: true });
  }
}

/** Runs the pipeline at each factor in turn (generating the datasets not cached yet). */
export async function measureScale(factors: number[] = [1, 10, 100], options: ScaleOptions = {}): Promise<ScaleMeasurement[]> {
  const results: ScaleMeasurement[] = [];
  for (const factor of factors) results.push(await measureOne(factor, options));
  return results;
}

const secs = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)}s` : '-');
const rate = (rows: number | undefined, seconds: number): string => (rows && seconds > 0 ? `${Math.round(rows / seconds).toLocaleString('en-US')}/s` : '');

/** The scale table: one column per factor, phases as rows, then memory and the ratios. */
export function formatScaleReport(results: ScaleMeasurement[]): string {
  const header = ['phase', ...results.map((r) => `${r.factor}× time`), ...results.map((r) => `${r.factor}× CPU`), ...results.map((r) => `${r.factor}× rows/s`)];
  const names = results[0]?.phases.map((p) => p.name) ?? [];
  const rows: string[][] = names.map((name) => {
    const phase = (r: ScaleMeasurement): ScalePhase | undefined => r.phases.find((p) => p.name === name);
    const cached = name === 'generate' ? (r: ScaleMeasurement) => (r.generateCached ? '*' : '') : () => '';
    const cpu = (r: ScaleMeasurement): string => (phase(r)?.cpuSeconds === undefined ? '' : secs(phase(r)?.cpuSeconds ?? Number.NaN));
    return [name, ...results.map((r) => `${secs(phase(r)?.seconds ?? Number.NaN)}${cached(r)}`), ...results.map(cpu), ...results.map((r) => rate(phase(r)?.rows, phase(r)?.seconds ?? 0))];
  });
  const jobsCpu = (r: ScaleMeasurement): number => r.phases.reduce((sum, p) => sum + (p.cpuSeconds ?? 0), 0);
  const blank = (): string => '';
  rows.push(['five jobs', ...results.map((r) => secs(r.phases.filter((p) => p.cpuSeconds !== undefined).reduce((sum, p) => sum + p.seconds, 0))), ...results.map((r) => secs(jobsCpu(r))), ...results.map(blank)]);
  rows.push(['pipeline (staging → gate)', ...results.map((r) => secs(r.pipelineSeconds)), ...results.map(blank), ...results.map((r) => rate(r.landingRecords, r.pipelineSeconds))]);
  rows.push(['end to end (start → gate)', ...results.map((r) => secs(r.endToEndSeconds)), ...results.map(blank), ...results.map((r) => rate(r.landingRecords, r.endToEndSeconds))]);
  const mem = (label: string, pick: (r: ScaleMeasurement) => string): string[] => [label, ...results.map(pick), ...results.map(blank), ...results.map(blank)];
  rows.push(mem('peak RSS Node (MiB)', (r) => String(r.peaks.node?.treeRssMiB ?? '-')));
  const parts = (m: NodeMemory): string => `${m.rss} (JS heap ${m.heapUsed}, ArrayBuffers ${m.arrayBuffers}, external ${m.external})`;
  rows.push(mem('  Node peak, staging → counting + export (MiB)', (r) => String(r.nodeMemory.runPeakMiB)));
  rows.push(mem('  Node peak, quality gate (MiB)', (r) => String(r.nodeMemory.gatePeakMiB)));
  rows.push(mem('  Node RSS before the gate (MiB)', (r) => parts(r.nodeMemory.beforeGate)));
  rows.push(mem('  Node RSS after the gate (MiB)', (r) => parts(r.nodeMemory.afterGate)));
  rows.push(mem('peak RSS job server tree (MiB)', (r) => String(r.peaks.jobServer?.treeRssMiB ?? '-')));
  rows.push(mem('  largest process VmHWM (MiB)', (r) => String(r.peaks.jobServer?.largestProcessHwmMiB ?? '-')));
  for (const row of treeBreakdownRows(results.map((r) => r.jobServerTree))) rows.push(mem(row[0] ?? '', (r) => row[1 + results.indexOf(r)] ?? '-'));
  rows.push(mem('peak RSS moto (MiB)', (r) => String(r.peaks.moto?.treeRssMiB ?? '-')));
  if (results.some((r) => r.peaks.cluster)) rows.push(mem('peak RSS cluster: daemons + executors (MiB)', (r) => String(r.peaks.cluster?.treeRssMiB ?? '-')));
  rows.push(mem('counts = expectations', (r) => (r.countsMatch ? 'yes' : 'NO')));
  rows.push(mem('gate exit code', (r) => String(r.gateExitCode)));
  rows.push(mem('load average (1 / 5 min)', (r) => `${r.loadAverage[0].toFixed(1)} / ${r.loadAverage[1].toFixed(1)}`));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(header), ...rows.map(line)];
  if (results.some((r) => r.generateCached)) out.push('* generation time recorded when the cached dataset was made');
  for (const r of results.filter((x) => !x.countsMatch)) out.push(`${r.factor}×: ${r.countMismatches.join('; ')}`);
  out.push('', 'ratios (goal: time(100×)/time(10×) ≤ 12; 100× ≤ 5 min end to end on 2 cores, memory flat):');
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1] as ScaleMeasurement, results[i] as ScaleMeasurement];
    const jobs = (r: ScaleMeasurement, pick: (p: ScalePhase) => number): number => r.phases.filter((p) => p.cpuSeconds !== undefined).reduce((sum, p) => sum + pick(p), 0);
    out.push(`  time(${b.factor}×)/time(${a.factor}×): pipeline ${(b.pipelineSeconds / a.pipelineSeconds).toFixed(2)}, end to end ${(b.endToEndSeconds / a.endToEndSeconds).toFixed(2)}, five jobs ${(jobs(b, (p) => p.seconds) / jobs(a, (p) => p.seconds)).toFixed(2)} (CPU ${(jobs(b, (p) => p.cpuSeconds ?? 0) / jobs(a, (p) => p.cpuSeconds ?? 0)).toFixed(2)}) (data ×${(b.landingRecords / a.landingRecords).toFixed(1)})`);
  }
  return out.join('\n');
}

/** --driver-memory / --shuffle-partitions as the Spark settings the job server takes. */
export function sparkKnobs(args: string[]): Record<string, string> {
  const value = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const conf: Record<string, string> = {};
  const memory = value('--driver-memory');
  if (memory) conf['spark.driver.memory'] = memory;
  const partitions = value('--shuffle-partitions');
  if (partitions) conf['spark.sql.shuffle.partitions'] = partitions;
  return conf;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--factors');
  const factors = (at >= 0 ? (args[at + 1] ?? '') : '1,10,100').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const masterAt = args.indexOf('--spark-master');
  const runsDirAt = args.indexOf('--runs-dir');
  const runsDir = runsDirAt >= 0 ? (args[runsDirAt + 1] ?? '') : path.join('.stedi', 'runs');
  // `--spark-master cluster`: the cluster `stedi cluster up --runs-dir DIR` started; its processes are measured too.
  const sparkMaster = resolveSparkMaster(masterAt >= 0 ? args[masterAt + 1] : undefined, runsDir);
  const cluster = sparkMaster === undefined ? undefined : RunningSparkCluster.find(runsDir);
  const clusterPids = cluster?.masterUrl === sparkMaster ? cluster?.state.processes.map((p) => p.pid) : undefined;
  const sparkConf = sparkKnobs(args);
  const jitAt = args.indexOf('--jit');
  if (jitAt >= 0) process.env.STEDI_SPARK_JIT = args[jitAt + 1] ?? '';
  const jit = process.env.STEDI_SPARK_JIT?.trim() ? `STEDI_SPARK_JIT=${process.env.STEDI_SPARK_JIT}` : 'JIT C1 only (default)';
  const moto = `MOTO_S3_DEFAULT_KEY_BUFFER_SIZE=${motoEnvironment(process.env).MOTO_S3_DEFAULT_KEY_BUFFER_SIZE ?? ''}`;
  console.log(`scale bench: ${PROFILE} ×${factors.join(', ×')}, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0].toFixed(1)} at start; Spark ${sparkMaster ?? 'local[*]'} ${JSON.stringify(sparkConf)}, ${jit}, ${moto}`);
  const results = await measureScale(factors, { sparkMaster, sparkConf, ...(clusterPids ? { clusterPids } : {}) });
  console.log(`\n${formatScaleReport(results)}`);
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
