/**
 * `stedi run --job NAME [--downstream] [--from-run ID|latest]`: which jobs to run, and on which
 * saved run's state. Everything here is checked before a backend starts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../common/errors';
import { readRunRecord, resolveRunDir } from '../common/run-dir';
import type { JobNode } from './dag';
import type { PipelineDefinition } from './definition';
import { catalogName } from './glue-names';
import { savedTables } from './restore-run';

export interface RerunPlan {
  /** The saved run whose state is restored. */
  fromRunDir: string;
  fromRunId: string;
  /** The jobs to run, by name (run in the definition's DAG order). */
  jobs: string[];
  /** The landing data of the saved run, as its record names it. */
  landingLabel: string;
  /** Expected rows per table, as the saved run had them. */
  expected: Record<string, number | null>;
  expectationsFile?: string;
}

export interface RerunRequest {
  job: string;
  downstream?: boolean;
  /** A run id under `runsRoot`, a run directory, or `latest` (the default). */
  fromRun?: string;
  runsRoot: string;
}

/** The job and, transitively, every job reading a table it (or a dependant) writes. */
export function downstreamJobs<J extends JobNode>(start: J, jobs: J[]): J[] {
  const chosen = new Set([start.name]);
  const written = new Set(start.outputs);
  for (let grew = true; grew; ) {
    grew = false;
    for (const job of jobs) {
      if (chosen.has(job.name) || !job.inputs.some((input) => written.has(input))) continue;
      chosen.add(job.name);
      for (const output of job.outputs) written.add(output);
      grew = true;
    }
  }
  return jobs.filter((job) => chosen.has(job.name));
}

function resolveFromRun(fromRun: string | undefined, runsRoot: string): string {
  if (fromRun === undefined || fromRun === 'latest') return resolveRunDir(undefined, runsRoot);
  const underRoot = path.join(runsRoot, fromRun);
  return resolveRunDir(fs.existsSync(underRoot) ? underRoot : fromRun, runsRoot);
}

export function planRerun(definition: PipelineDefinition, request: RerunRequest): RerunPlan {
  const job = definition.jobs.find((j) => j.name === request.job);
  if (!job) {
    throw new InputError('JOB_UNKNOWN', `--job ${JSON.stringify(request.job)}: ${definition.file} has no such job (jobs: ${definition.jobs.map((j) => j.name).join(', ')})`);
  }
  const jobs = request.downstream ? downstreamJobs(job, definition.jobs) : [job];
  const fromRunDir = resolveFromRun(request.fromRun, request.runsRoot);
  const record = readRunRecord(fromRunDir);
  // The jobs' inputs that no chosen job writes must be in the saved catalog.
  const saved = new Set(savedTables(fromRunDir).map((t) => t.name));
  const written = new Set(jobs.flatMap((j) => j.outputs));
  const missing = [...new Set(jobs.flatMap((j) => j.inputs))].filter((input) => !written.has(input) && !saved.has(catalogName(input)));
  if (missing.length > 0) {
    throw new InputError(
      'RERUN_INPUT_MISSING',
      `--job ${job.name}: run ${record.runId} (${fromRunDir}) saved no table ${missing.join(', ')}, which ${jobs.length > 1 ? 'these jobs read' : 'the job reads'}; rerun from a run where the upstream jobs succeeded, or run the whole pipeline`,
    );
  }
  const expected = Object.fromEntries(Object.entries(record.tables).map(([name, table]) => [name, table.expected]));
  return {
    fromRunDir,
    fromRunId: record.runId,
    jobs: jobs.map((j) => j.name),
    landingLabel: record.landing,
    expected,
    ...(record.expectationsFile ? { expectationsFile: record.expectationsFile } : {}),
  };
}

/** --downstream and --from-run mean nothing without --job: refused rather than ignored. */
export function rerunNeedsJob(options: { downstream?: boolean; fromRun?: string }): undefined {
  const given = [options.downstream ? '--downstream' : undefined, options.fromRun !== undefined ? '--from-run' : undefined].filter(Boolean);
  if (given.length > 0) throw new InputError('RERUN_NEEDS_JOB', `${given.join(' and ')} ${given.length > 1 ? 'need' : 'needs'} --job NAME`);
  return undefined;
}
