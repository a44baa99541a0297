/**
 * `stedi dev --watch`: reruns what a change affects on the warm dev harness, then the gate,
 * and prints the verdict line each time. What reruns is pipeline/watch-plan.ts's decision; the
 * jobs run on the latest run's state restored into the emulator (the `--job --from-run latest`
 * machinery), with changed landing tables staged anew. Changes arriving during a run are
 * collected and run next. The watcher keeps the dev harness from idling out while it watches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, InputError } from '../../common/errors';
import { readRunRecord, resolveRunDir, writeQualityResult, type RunRecord } from '../../common/run-dir';
import { findDevHarness, type DevState } from '../../harness/dev';
import { loadPipelineDefinition, resolveExpectations, runPipeline, type PipelineDefinition, type PipelineRun } from '../../pipeline';
import { savedTables } from '../../pipeline/restore-run';
import { planForChanges, watchedPaths, type WatchPlan } from '../../pipeline/watch-plan';
import { catalogName } from '../../pipeline/glue-names';
import { PreloadedTables, runQualityGate } from '../../quality-rules';
import { gateReason, runVerdict, verdictLine, verdictOf } from '../ci/verdict';
import { progressPrinter, runExitCode } from '../run-output';
import type { DevCommandOptions } from './dev';
import { useDevHarness } from './dev-actions';
import { pipelineFile } from './run-action';

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function latestRecord(runsDir: string): { dir: string; record: RunRecord } | undefined {
  try {
    const dir = resolveRunDir(undefined, runsDir);
    return { dir, record: readRunRecord(dir) };
  } catch {
    return undefined;
  }
}

/** --landing, else the latest run's landing directory (when it was a directory). */
function landingOf(options: DevCommandOptions, runsDir: string): string {
  if (options.landing) return path.resolve(options.landing);
  const latest = latestRecord(runsDir)?.record.landing;
  if (latest && fs.existsSync(latest) && fs.statSync(latest).isDirectory()) return latest;
  throw new InputError('LANDING_REQUIRED', '--watch needs the landing data it stages: give --landing DIR (or `landing:` in stedi.config.yaml)');
}

/** The inputs of `jobs` that neither they write nor `restage` stages, missing from the saved run: then only a full run can do. */
function missingInputs(definition: PipelineDefinition, runDir: string, jobs: string[], restage: string[]): string[] {
  const chosen = definition.jobs.filter((j) => jobs.includes(j.name));
  const saved = new Set(savedTables(runDir).map((t) => t.name));
  const available = new Set([...chosen.flatMap((j) => j.outputs), ...restage]);
  return [...new Set(chosen.flatMap((j) => j.inputs))].filter((input) => !available.has(input) && !saved.has(catalogName(input)));
}

export async function watchAndRerun(options: DevCommandOptions, state: DevState): Promise<number> {
  const runsDir = state.runsDir;
  const definitionFile = path.resolve(pipelineFile(options));
  const landingDir = landingOf(options, runsDir);
  let definition = loadPipelineDefinition(definitionFile);
  const inputs = { landingDir, rulesPath: options.rules };
  const debounceMs = Number(options.debounce);
  if (!Number.isFinite(debounceMs) || debounceMs < 0) throw new InputError('OPTION_INVALID', `--debounce must be milliseconds, got ${JSON.stringify(options.debounce)}`);

  const execute = async (plan: WatchPlan): Promise<void> => {
    if (plan.kind === 'none') return;
    say(`change: ${plan.reasons.join('; ')}`);
    const latest = latestRecord(runsDir);
    if (plan.kind === 'gate' && latest) {
      const gate = await runQualityGate({ runDir: latest.dir, rulesPath: options.rules });
      writeQualityResult(latest.dir, gate);
      say(verdictLine('check', verdictOf(gate.exitCode, [gateReason(gate)])));
      return;
    }
    if (plan.kind === 'full' || plan.kind === 'gate') definition = loadPipelineDefinition(definitionFile);
    let restore: { fromRunDir: string; fromRunId: string; jobs: string[]; restage: string[] } | undefined;
    if (plan.kind === 'jobs' && latest) {
      const missing = missingInputs(definition, latest.dir, plan.jobs, plan.restage);
      if (latest.record.pipeline !== definition.file) say(`the latest run is of ${latest.record.pipeline}: running the whole pipeline`);
      else if (missing.length > 0) say(`the latest run saved no ${missing.join(', ')}: running the whole pipeline`);
      else restore = { fromRunDir: latest.dir, fromRunId: latest.record.runId, jobs: plan.jobs, restage: plan.restage };
    }
    say(restore ? `rerunning ${restore.jobs.join(', ')}${restore.restage.length ? ` (staging ${restore.restage.join(', ')} anew)` : ''} on run ${restore.fromRunId}` : 'running the whole pipeline');
    await runOnce(restore);
  };

  const runOnce = async (restore: { fromRunDir: string; fromRunId: string; jobs: string[]; restage: string[] } | undefined): Promise<void> => {
    const backend = await useDevHarness(runsDir, options.sparkMaster, `stedi dev --watch (pid ${process.pid})`);
    if (!backend) throw new InputError('DEV_NOT_RUNNING', `the dev harness of ${runsDir} is not running any more: start \`stedi dev --watch\` again`);
    let run: PipelineRun;
    const preloaded = new PreloadedTables();
    try {
      const expectations = restore ? savedExpectations(restore.fromRunDir) : resolveExpectations(definition, landingDir, options.dataset);
      run = await runPipeline({ backend, definition, landingDir, landingLabel: landingDir, expected: expectations.counts, expectationsFile: expectations.expectationsFile, runsRoot: runsDir, onEvent: progressPrinter(), observers: preloaded, ...(restore ? { restore } : {}) });
    } finally {
      await backend.stop();
    }
    const gate = await runQualityGate({ runDir: run.runDir, rulesPath: options.rules, preloaded });
    writeQualityResult(run.runDir, gate);
    say(verdictLine('run', runVerdict(runExitCode(run.record), run.record, gate)));
  };

  // First: a run to rerun from, unless the latest one is of this definition.
  if (latestRecord(runsDir)?.record.pipeline !== definition.file) {
    say('no run of this pipeline yet: running the whole pipeline once');
    await runOnce(undefined).catch((error: unknown) => say(`stedi dev --watch: ${describeError(error)}`));
  }
  return watchLoop(definition, inputs, debounceMs, runsDir, execute, state.idleTimeoutMinutes);
}

function savedExpectations(runDir: string): { counts: Record<string, number | null>; expectationsFile?: string } {
  const record = readRunRecord(runDir);
  return { counts: Object.fromEntries(Object.entries(record.tables).map(([name, t]) => [name, t.expected])), ...(record.expectationsFile ? { expectationsFile: record.expectationsFile } : {}) };
}

function watchLoop(definition: PipelineDefinition, inputs: { landingDir: string; rulesPath?: string }, debounceMs: number, runsDir: string, execute: (plan: WatchPlan) => Promise<void>, idleTimeoutMinutes: number): Promise<number> {
  const watched = watchedPaths(definition, inputs);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const flush = async (): Promise<void> => {
    if (running || pending.size === 0) return;
    running = true;
    const changed = [...pending];
    pending.clear();
    try {
      await execute(planForChanges(definition, changed, inputs));
    } catch (error) {
      say(`stedi dev --watch: ${describeError(error)}`);
    } finally {
      running = false;
    }
    // Changes made while it ran: their turn now.
    if (pending.size > 0) schedule();
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };
  const watchers: fs.FSWatcher[] = [];
  const listen = (dir: string, recursive: boolean): void => {
    // Editors save by renaming a new file over the old one: a folder watch sees it, a file watch would lose it.
    watchers.push(fs.watch(dir, { recursive }, (_event, name) => {
      if (!name) return;
      pending.add(path.join(dir, name.toString()));
      schedule();
    }));
  };
  for (const dir of new Set(watched.files.map((f) => path.dirname(f)))) listen(dir, false);
  for (const dir of watched.dirs) if (fs.existsSync(dir)) listen(dir, true);
  say(`watching ${watched.files.length} files and ${watched.dirs.join(', ') || 'no folder'}; Ctrl-C stops watching (\`stedi dev stop\` stops the harness)`);

  // Any request counts as activity for the dev harness: a watcher is someone working.
  const keepAlive = setInterval(() => {
    void findDevHarness(runsDir).then((lookup) => lookup.found?.stop());
  }, Math.max(1_000, Math.min(60_000, (idleTimeoutMinutes * 60_000) / 3 || 60_000)));
  return new Promise<number>((resolve) => {
    const finish = (): void => {
      clearInterval(keepAlive);
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      resolve(0);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
}
