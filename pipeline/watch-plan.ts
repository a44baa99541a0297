/**
 * `stedi dev --watch`: what a set of changed files asks to run again. Pure (paths in, a plan
 * out), so the mapping is tested without a watcher or Spark:
 *
 * - the pipeline definition → the whole pipeline;
 * - a job's script → that job and every job downstream of it;
 * - a landing table's DDL, or a file under its landing folder → that table staged again from the
 *   landing directory, then the jobs reading it and their downstream;
 * - the DDL of any other table, or another file in the landing directory (expectations.json) →
 *   the whole pipeline (what it changes is not one table's input);
 * - a DQDL rules file (or a *.dqdl file beside them) → the quality gate only, on the latest run;
 * - anything else → nothing.
 * A batch of changes runs once: the whole pipeline wins over jobs, jobs over the gate alone.
 */
import * as path from 'node:path';
import type { PipelineDefinition } from './definition';
import { LANDING_ZONE } from './definition';
import { orderJobs } from './dag';
import { downstreamJobs } from './rerun';

export type WatchPlan =
  | { kind: 'none' }
  | { kind: 'gate'; reasons: string[] }
  /** `jobs` in DAG order; `restage`: landing tables (definition names) staged again instead of restored. */
  | { kind: 'jobs'; jobs: string[]; restage: string[]; reasons: string[] }
  | { kind: 'full'; reasons: string[] };

export interface WatchInputs {
  /** The landing directory staged by full runs and restages; its files are watched. */
  landingDir?: string;
  /** The gate's ruleset instead of the definition's (--rules): a file or a folder. */
  rulesPath?: string;
}

const isUnder = (file: string, dir: string): boolean => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/** The files and folders a watcher must look at for this definition. */
export function watchedPaths(definition: PipelineDefinition, inputs: WatchInputs): { files: string[]; dirs: string[] } {
  const files = [definition.file, ...definition.jobs.map((j) => j.scriptPath), ...definition.tables.flatMap((t) => (t.ddlPath ? [t.ddlPath] : [])), ...definition.rules.map((r) => r.file)].map((f) => path.resolve(f));
  const dirs = [...(inputs.landingDir ? [path.resolve(inputs.landingDir)] : []), ...(inputs.rulesPath ? [path.resolve(inputs.rulesPath)] : [])];
  return { files: [...new Set(files)], dirs };
}

function isRulesFile(file: string, definition: PipelineDefinition, inputs: WatchInputs): boolean {
  if (definition.rules.some((r) => path.resolve(r.file) === file)) return true;
  if (inputs.rulesPath && (path.resolve(inputs.rulesPath) === file || isUnder(file, path.resolve(inputs.rulesPath)))) return true;
  // A new ruleset beside the definition's (a rules folder gains a <table>.dqdl).
  return file.endsWith('.dqdl') && definition.rules.some((r) => path.dirname(path.resolve(r.file)) === path.dirname(file));
}

export function planForChanges(definition: PipelineDefinition, changed: string[], inputs: WatchInputs = {}): WatchPlan {
  const reasons: string[] = [];
  const startJobs = new Set<string>();
  const restage = new Set<string>();
  let full = false;
  let gate = false;
  const landingDir = inputs.landingDir ? path.resolve(inputs.landingDir) : undefined;
  const landingTables = definition.tables.filter((t) => t.zone === LANDING_ZONE && t.landing && t.ddlTable);
  const restageTable = (table: string, why: string): void => {
    restage.add(table);
    reasons.push(why);
    for (const job of definition.jobs.filter((j) => j.inputs.includes(table))) startJobs.add(job.name);
  };

  for (const file of [...new Set(changed.map((f) => path.resolve(f)))].sort()) {
    const shown = path.basename(file);
    if (file === path.resolve(definition.file)) {
      full = true;
      reasons.push(`${shown}: the pipeline definition`);
      continue;
    }
    const scriptOf = definition.jobs.filter((j) => path.resolve(j.scriptPath) === file);
    if (scriptOf.length > 0) {
      for (const job of scriptOf) startJobs.add(job.name);
      reasons.push(`${shown}: the script of ${scriptOf.map((j) => j.name).join(', ')}`);
      continue;
    }
    const ddlOf = definition.tables.find((t) => t.ddlPath && path.resolve(t.ddlPath) === file);
    if (ddlOf) {
      if (landingTables.includes(ddlOf)) restageTable(ddlOf.name, `${shown}: the DDL of landing table ${ddlOf.name}`);
      else {
        full = true;
        reasons.push(`${shown}: the DDL of ${ddlOf.name}`);
      }
      continue;
    }
    if (isRulesFile(file, definition, inputs)) {
      gate = true;
      reasons.push(`${shown}: rules`);
      continue;
    }
    if (landingDir && isUnder(file, landingDir)) {
      const table = landingTables.find((t) => isUnder(file, path.join(landingDir, t.landing as string)));
      if (table) restageTable(table.name, `${path.relative(landingDir, file)}: landing data of ${table.name}`);
      else {
        full = true;
        reasons.push(`${path.relative(landingDir, file)}: in the landing directory`);
      }
    }
  }

  if (full) return { kind: 'full', reasons };
  if (startJobs.size > 0 || restage.size > 0) {
    const chosen = new Set<string>();
    for (const name of startJobs) {
      for (const job of downstreamJobs(definition.jobs.find((j) => j.name === name)!, definition.jobs)) chosen.add(job.name);
    }
    return { kind: 'jobs', jobs: orderJobs(definition.jobs).filter((j) => chosen.has(j.name)).map((j) => j.name), restage: [...restage].sort(), reasons };
  }
  if (gate) return { kind: 'gate', reasons };
  return { kind: 'none' };
}
