/**
 * What a run record says went wrong, gathered for the report: the pipeline's own name, the
 * tables the run lists that never reached the catalog, and the jobs that did not succeed with
 * the tail of their logs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { containedPath } from '../../common/contained-path';
import type { RunRecord } from '../../common/run-dir';
import type { MissingTable, ProblemJob } from './report-model';

const LOG_TAIL_LINES = 40;

/**
 * The definition's `name`. Runs recorded before run.json carried it: the `name` of the definition
 * file if it is still there, else the file's base name.
 */
export function pipelineNameOf(record: RunRecord): string {
  if (record.pipelineName) return record.pipelineName;
  try {
    const name = (parseYaml(fs.readFileSync(record.pipeline, 'utf8')) as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name.trim()) return name;
  } catch {
    // A moved or unreadable definition only costs the title its name.
  }
  const base = path.basename(record.pipeline).replace(/(\.pipeline)?\.ya?ml$/i, '');
  return base || record.pipeline;
}

/** Tables of run.json the catalog does not hold (`catalogued` has `db.table` and bare names). */
export function missingTablesOf(record: RunRecord, catalogued: ReadonlySet<string>): MissingTable[] {
  return Object.entries(record.tables)
    .filter(([key, t]) => !catalogued.has(key) && !catalogued.has(`${t.database}.${key}`))
    .map(([key, t]) => ({
      database: t.database,
      name: key.startsWith(`${t.database}.`) ? key.slice(t.database.length + 1) : key,
      zone: t.zone,
      expected: t.expected,
      ...(t.error ? { error: t.error } : {}),
    }));
}

function tail(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? [`… ${all.length - lines} earlier line(s) in the file`, ...all.slice(-lines)] : all).join('\n');
}

/** Jobs that are not SUCCEEDED, in run order, each with the tail of jobs/<name>.log when the run kept it. */
export function problemJobsOf(runDir: string, record: RunRecord): ProblemJob[] {
  return record.jobs
    .filter((job) => job.state !== 'SUCCEEDED')
    .map((job) => {
      let logPath: string;
      try {
        // Job names come from the definition, but a name must never choose a path outside jobs/.
        logPath = containedPath(path.join(runDir, 'jobs'), [`${job.name}.log`], `log of job ${job.name}`);
      } catch {
        return { job };
      }
      if (!fs.existsSync(logPath)) return { job };
      const text = fs.readFileSync(logPath, 'utf8');
      return { job, logFile: path.relative(runDir, logPath), ...(text.trim() ? { logTail: tail(text, LOG_TAIL_LINES) } : {}) };
    });
}
