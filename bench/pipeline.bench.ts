/**
 * One full STEDI run on the real data, phase by phase, cold (a fresh Spark) and warm (the same
 * job server, a reset emulator), beside the same five transformations as DuckDB SQL in process
 * (bench/duckdb-reference.ts) — and, with `--spark-submit`, beside the five scripts as five
 * separate spark-submit processes (the AWS Glue Docker image's way).
 * `npx tsx bench/pipeline.bench.ts [LANDING_DIR] [--spark-submit] [--spark-conf JSON]` (default ../shared/data/stedi-2023)
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHarness, provisionRuntime, type Runtime, type StartedLocalHarness } from '../harness';
import { applyDdl, ensureBucketsAndDatabases, tableFromDdl } from '../pipeline/catalog-setup';
import { findLandingFiles, stageLandingTable } from '../pipeline/staging';
import { loadPipelineDefinition, orderJobs, runPipeline, type PipelineDefinition } from '../pipeline';
import { PreloadedTables, runQualityGate } from '../quality-rules';
import { measureDevRun } from './dev-loop.bench';
import { runDuckReference } from './duckdb-reference';
import { classArchiveNote, printComparison, since } from './format';
import { formatScaleReport, measureScale } from './scale.bench';
import { treeCpuSeconds } from './process-cpu';
import { sparkConfFlags, sparkSubmit } from './spark-submit';

export interface Phases {
  stagingSeconds: number;
  jobs: Array<{ name: string; seconds: number; wallSeconds: number; cpuSeconds: number; state: string }>;
  countingSeconds: number;
  /** The quality gate after the run (its tables preloaded by the counting scan in 'one-read' mode). */
  gateSeconds: number;
  totalSeconds: number;
  rows: Record<string, number | null>;
}

/**
 * How a run reads its tables after the jobs: 'one-read' as `stedi run` does (each table exported
 * while later jobs run, the gate's Arrow tables built by the counting scan); 'reference' exports
 * every table after the last job and the gate reads them again from the run directory.
 */
export type TableReading = 'one-read' | 'reference';

/** Runs the pipeline once, then the gate; phases from its events: staging+DDL until the first job, counting after the last. */
export async function timedRun(harness: StartedLocalHarness, definition: PipelineDefinition, landing: string, runsRoot: string, reading: TableReading = 'one-read'): Promise<Phases> {
  const preloaded = reading === 'one-read' ? new PreloadedTables() : undefined;
  const mark = performance.now();
  let firstJobStart = 0;
  let lastJobEnd = 0;
  const started = new Map<string, number>();
  const wall = new Map<string, number>();
  const cpuAtStart = new Map<string, number>();
  const cpu = new Map<string, number>();
  const serverCpu = (): number => treeCpuSeconds(harness.sparkInfo?.pid) ?? 0;
  const run = await runPipeline({
    backend: harness,
    definition,
    landingDir: landing,
    runsRoot,
    earlyExport: reading === 'one-read',
    observers: preloaded,
    onEvent: (event) => {
      if (event.type === 'job-started') {
        firstJobStart ||= performance.now();
        started.set(event.job, performance.now());
        cpuAtStart.set(event.job, serverCpu());
      }
      if (event.type === 'job-finished') {
        lastJobEnd = performance.now();
        wall.set(event.job.name, (lastJobEnd - (started.get(event.job.name) ?? lastJobEnd)) / 1000);
        cpu.set(event.job.name, serverCpu() - (cpuAtStart.get(event.job.name) ?? 0));
      }
    },
  });
  const end = performance.now();
  const gate = await runQualityGate({ runDir: run.runDir, preloaded });
  if (gate.exitCode !== 0) console.log(`GATE EXIT CODE ${gate.exitCode} (${reading})`);
  const gateSeconds = (performance.now() - end) / 1000;
  return {
    gateSeconds,
    stagingSeconds: (firstJobStart - mark) / 1000,
    jobs: run.record.jobs.map((job) => ({ name: job.name, seconds: job.seconds, wallSeconds: wall.get(job.name) ?? 0, cpuSeconds: cpu.get(job.name) ?? 0, state: job.state })),
    countingSeconds: (end - lastJobEnd) / 1000,
    totalSeconds: (end - mark) / 1000,
    rows: Object.fromEntries(Object.entries(run.record.tables).map(([name, table]) => [name, table.rows])),
  };
}

const fmt = (seconds: number): string => `${seconds.toFixed(2)}s`.padStart(9);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const withSparkSubmit = all || args.includes('--spark-submit');
  const withDev = all || args.includes('--dev');
  const scaleAt = args.indexOf('--scale');
  const scaleFactors = scaleAt >= 0 ? (args[scaleAt + 1] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) : all ? [1, 10, 100] : [];
  // --spark-conf '{"key":"value"}': Spark settings to compare (the job server's own stay underneath).
  const confAt = args.indexOf('--spark-conf');
  const sparkConf = confAt >= 0 ? (JSON.parse(args[confAt + 1] ?? '{}') as Record<string, string>) : {};
  const optionValues = new Set([confAt, scaleAt].filter((at) => at >= 0).map((at) => at + 1));
  const landing = path.resolve(args.find((a, i) => !a.startsWith('--') && !optionValues.has(i)) ?? path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023'));
  const summary: Array<{ label: string; ours: string; reference: string; ratio: string }> = [];
  const definition = loadPipelineDefinition();
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runs-'));

  // DuckDB first, alone on the machine: the floor is measured without a JVM beside it.
  await runDuckReference(landing); // warms DuckDB's JSON reader and the file cache
  const duckCpuStart = process.cpuUsage();
  const duck = await runDuckReference(landing);
  const duckCpu = process.cpuUsage(duckCpuStart);
  const duckCpuSeconds = (duckCpu.user + duckCpu.system) / 1e6;

  const runtime = await provisionRuntime();
  const classArchive = classArchiveNote(runtime);
  const harness = await new LocalHarness().withSparkConf(sparkConf).start();
  if (confAt >= 0) console.log(`Spark settings added: ${JSON.stringify(sparkConf)}`);
  // The job server's start (Python, the JVM, the warm-up) in CPU seconds: wall moves with the load.
  const sparkStartCpu = treeCpuSeconds(harness.sparkInfo?.pid);
  try {
    const cold = await timedRun(harness, definition, landing, runsRoot);
    // Start, warm-up (it overlaps the staging) and the cold run: what a first `stedi run` costs.
    const coldCpu = treeCpuSeconds(harness.sparkInfo?.pid);
    await harness.emulator.reset();
    const warm = await timedRun(harness, definition, landing, runsRoot);
    await harness.emulator.reset();
    const reference = await timedRun(harness, definition, landing, runsRoot, 'reference');
    // Warm again with the server's kept reads dropped first: what a rerun costs when every table
    // it reads has new bytes (the warm run above reuses the parse of unchanged files).
    await harness.reset({ forgetReads: true });
    const fresh = await timedRun(harness, definition, landing, runsRoot);

    console.log(`\nours, phase by phase (landing ${landing}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
    console.log("  job = the job server's execution time; wall = as the pipeline saw it; CPU = the job server's process tree");
    console.log('  warm = the same files as the run before (their parse reused); new reads = warm, the kept reads dropped first');
    console.log(`  ${'phase'.padEnd(34)} ${'cold'.padStart(9)} ${'warm'.padStart(9)} ${'warm wall'.padStart(9)} ${'warm CPU'.padStart(9)} ${'new reads'.padStart(9)} ${'its CPU'.padStart(9)}`);
    console.log(`  ${'emulator start'.padEnd(34)} ${fmt(harness.timings.emulatorStartSeconds)}`);
    console.log(`  ${'Spark start'.padEnd(34)} ${fmt(harness.timings.sparkStartSeconds)}`);
    console.log(`  ${'staging + DDL'.padEnd(34)} ${fmt(cold.stagingSeconds)} ${fmt(warm.stagingSeconds)}`);
    for (const [i, job] of warm.jobs.entries()) {
      console.log(`  ${job.name.padEnd(34)} ${fmt(cold.jobs[i]?.seconds ?? 0)} ${fmt(job.seconds)} ${fmt(job.wallSeconds)} ${fmt(job.cpuSeconds)} ${fmt(fresh.jobs[i]?.seconds ?? 0)} ${fmt(fresh.jobs[i]?.cpuSeconds ?? 0)} ${job.state}`);
    }
    const sum = (p: Phases): number => p.jobs.reduce((s, j) => s + j.seconds, 0);
    const cpuOf = (p: Phases): number => p.jobs.reduce((s, j) => s + j.cpuSeconds, 0);
    console.log(`  ${'five jobs'.padEnd(34)} ${fmt(sum(cold))} ${fmt(sum(warm))} ${fmt(warm.jobs.reduce((s, j) => s + j.wallSeconds, 0))} ${fmt(cpuOf(warm))} ${fmt(sum(fresh))} ${fmt(cpuOf(fresh))}`);
    console.log(`  ${'counting + export'.padEnd(34)} ${fmt(cold.countingSeconds)} ${fmt(warm.countingSeconds)}`);
    console.log(`  ${'quality gate'.padEnd(34)} ${fmt(cold.gateSeconds)} ${fmt(warm.gateSeconds)}`);
    console.log(`  ${'whole run'.padEnd(34)} ${fmt(cold.totalSeconds)} ${fmt(warm.totalSeconds)}`);
    console.log(`  ${'emulator + Spark ready (cold)'.padEnd(34)} ${fmt(harness.timings.emulatorStartSeconds + harness.timings.sparkStartSeconds)}`);
    if (sparkStartCpu !== undefined) console.log(`  ${'Spark start, CPU seconds'.padEnd(34)} ${fmt(sparkStartCpu)}`);
    if (coldCpu !== undefined) console.log(`  ${'start + cold run, CPU seconds'.padEnd(34)} ${fmt(coldCpu)}`);

    console.log('\nDuckDB SQL reference of the same five transformations (in process, JSON in, JSON out):');
    console.log(`  ${'load the three landing folders'.padEnd(34)} ${fmt(duck.loadSeconds)}`);
    for (const step of duck.steps) {
      const ours = warm.rows[step.table];
      const agree = ours === step.rows ? 'same rows' : `ROWS DIFFER: ours ${String(ours)}`;
      console.log(`  ${step.table.padEnd(34)} ${fmt(step.seconds)} ${String(step.rows).padStart(7)} rows (${agree})`);
    }
    console.log(`  ${'whole pipeline'.padEnd(34)} ${fmt(duck.totalSeconds)}  (CPU ${duckCpuSeconds.toFixed(2)}s)`);
    const ratioRows = warm.jobs.map((job, i) => ({ label: job.name, ours: job.seconds, duck: duck.steps[i]?.seconds ?? 0 }));
    ratioRows.push({ label: 'five jobs warm vs DuckDB pipeline', ours: sum(warm), duck: duck.totalSeconds });
    console.log('\nours (warm) / DuckDB:');
    for (const row of ratioRows) console.log(`  ${row.label.padEnd(34)} ${fmt(row.ours)} ${fmt(row.duck)} ${`${(row.ours / row.duck).toFixed(1)}x`.padStart(8)}`);
    const warmCpu = warm.jobs.reduce((s, j) => s + j.cpuSeconds, 0);
    console.log(`  ${'five jobs warm, CPU seconds'.padEnd(34)} ${fmt(warmCpu)} ${fmt(duckCpuSeconds)} ${`${(warmCpu / duckCpuSeconds).toFixed(1)}x`.padStart(8)}`);

    const x = (a: number, b: number): string => `${(a / b).toFixed(1)}x`;
    const tail = (p: Phases): number => p.countingSeconds + p.gateSeconds;
    printComparison('after the last job, warm: one read (tables exported while later jobs run, the gate fed by the counting scan) vs reference (export at the end, the gate reads again)', [
      { label: 'five jobs (wall, beside the exports)', ours: warm.jobs.reduce((s, j) => s + j.wallSeconds, 0), reference: reference.jobs.reduce((s, j) => s + j.wallSeconds, 0) },
      { label: 'counting + export after the last job', ours: warm.countingSeconds, reference: reference.countingSeconds },
      { label: 'quality gate', ours: warm.gateSeconds, reference: reference.gateSeconds },
      { label: 'last job end → gate verdict', ours: tail(warm), reference: tail(reference) },
      { label: 'whole run + gate', ours: warm.totalSeconds + warm.gateSeconds, reference: reference.totalSeconds + reference.gateSeconds },
    ]);
    summary.push({ label: 'five jobs warm vs DuckDB SQL (CPU s)', ours: warmCpu.toFixed(2), reference: duckCpuSeconds.toFixed(2), ratio: x(warmCpu, duckCpuSeconds) });
    summary.push({ label: 'five jobs warm vs DuckDB SQL (wall s)', ours: sum(warm).toFixed(2), reference: duck.totalSeconds.toFixed(2), ratio: x(sum(warm), duck.totalSeconds) });
    summary.push({ label: 'five jobs warm, new reads vs DuckDB SQL (CPU s)', ours: cpuOf(fresh).toFixed(2), reference: duckCpuSeconds.toFixed(2), ratio: x(cpuOf(fresh), duckCpuSeconds) });
    summary.push({ label: 'five jobs warm, new reads vs DuckDB SQL (wall s)', ours: sum(fresh).toFixed(2), reference: duck.totalSeconds.toFixed(2), ratio: x(sum(fresh), duck.totalSeconds) });
    summary.push({ label: 'emulator + Spark ready, cold (s)', ours: (harness.timings.emulatorStartSeconds + harness.timings.sparkStartSeconds).toFixed(2), reference: 'goal 8', ratio: '' });
    summary.push({ label: 'whole run cold vs warm (s)', ours: cold.totalSeconds.toFixed(2), reference: warm.totalSeconds.toFixed(2), ratio: x(cold.totalSeconds, warm.totalSeconds) });
    summary.push({ label: 'last job end → gate verdict: one read vs reference (s)', ours: tail(warm).toFixed(2), reference: tail(reference).toFixed(2), ratio: x(tail(reference), tail(warm)) });
    if (withSparkSubmit) {
      const submit = await compareWithSparkSubmit(harness, definition, landing, runtime, warm);
      summary.push({ label: 'five jobs: ours (one start) vs 5 spark-submits (s)', ours: submit.ours.toFixed(2), reference: submit.reference.toFixed(2), ratio: x(submit.reference, submit.ours) });
    }
  } finally {
    await harness.stop();
    fs.rmSync(runsRoot, { recursive: true, force: true });
  }
  // One JVM at a time: the dev and scale measurements start their own harnesses.
  if (withDev) {
    const dev = await measureDevRun({ landing });
    console.log(`\nstedi run end to end: stedi dev up (warm, 2nd run) ${dev.warmWithDev.seconds.toFixed(2)}s (${dev.warmWithDev.cpuSeconds}s CPU) vs --no-dev ${dev.withoutDev.seconds.toFixed(2)}s (${dev.withoutDev.cpuSeconds}s CPU); dev ready in ${dev.devStartSeconds.toFixed(2)}s`);
    summary.push({ label: 'stedi run: dev up vs --no-dev (s)', ours: dev.warmWithDev.seconds.toFixed(2), reference: dev.withoutDev.seconds.toFixed(2), ratio: `${dev.ratio.toFixed(1)}x` });
  }
  if (scaleFactors.length > 0) {
    const scale = await measureScale(scaleFactors, { log: (line) => process.stderr.write(`${line}\n`) });
    console.log(`\nscale: ${PROFILE_NAME} ×${scaleFactors.join(', ×')} end to end\n${formatScaleReport(scale)}`);
    for (const result of scale) summary.push({ label: `scale ${result.factor}× end to end (s)`, ours: result.endToEndSeconds.toFixed(1), reference: `${result.landingRecords} records`, ratio: `${Math.round(result.landingRecords / result.pipelineSeconds)}/s` });
  }
  console.log(`\nsummary (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs at the end; ${classArchive})`);
  for (const row of summary) console.log(`  ${row.label.padEnd(52)} ${row.ours.padStart(10)} ${row.reference.padStart(16)} ${row.ratio.padStart(10)}`);
}

const PROFILE_NAME = 'stedi-2023';

/** Reference: a clean emulator, the same staging, then spark-submit per script. */
async function compareWithSparkSubmit(
  harness: StartedLocalHarness,
  definition: PipelineDefinition,
  landing: string,
  runtime: Runtime,
  warm: Phases,
): Promise<{ ours: number; reference: number }> {
  await harness.emulator.reset();
  await ensureBucketsAndDatabases(harness.s3, harness.glue, definition);
  const files = findLandingFiles(landing, definition.tables);
  for (const table of definition.tables.filter((t) => t.zone === 'landing')) {
    const ddl = tableFromDdl(table);
    await applyDdl(harness.glue, ddl);
    await stageLandingTable(harness.s3, table, ddl.location as string, files.get(table.name) ?? [], path.join(landing, table.landing as string));
  }
  const flags = sparkConfFlags(runtime, harness.getEndpoint());
  const rows = [];
  let referenceTotal = 0;
  for (const job of orderJobs(definition.jobs)) {
    const args = Object.entries({ ...job.arguments, '--JOB_NAME': job.name }).flat();
    const mark = performance.now();
    await sparkSubmit(runtime, harness.getEndpoint(), flags, job.scriptPath, args);
    const seconds = since(mark);
    referenceTotal += seconds;
    rows.push({ label: job.name, ours: warm.jobs.find((j) => j.name === job.name)?.seconds ?? 0, reference: seconds });
  }
  const five = warm.jobs.reduce((s, j) => s + j.seconds, 0) + harness.timings.sparkStartSeconds;
  rows.push({ label: 'five jobs (ours incl. one Spark start)', ours: five, reference: referenceTotal });
  printComparison('five STEDI jobs: job server (ours, warm) vs five spark-submit processes (reference)', rows);
  return { ours: five, reference: referenceTotal };
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
