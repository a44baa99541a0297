import type { RunRecord } from '../common/run-dir';
import { describeCrawl, type PipelineRun, type RunEvent } from '../pipeline';
import type { ErrorDocument } from './exit';
import { startActivity, type Activity } from './progress/activity';
import { formatCount, renderTable } from './text-table';

/**
 * Progress on stderr, job by job, so stdout carries only the result (or the JSON document); a
 * running job shows as a spinner with its elapsed time (plain lines when stderr is not a terminal).
 */
export function progressPrinter(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  begin: (label: string) => Activity = (label) => startActivity(label, { announce: true }),
): (event: RunEvent) => void {
  let running: Activity | undefined;
  return (event) => {
    switch (event.type) {
      case 'staged': {
        const { staged } = event;
        const rejected = staged.rejectedCount > 0 ? `, ${staged.rejectedCount} malformed` : '';
        write(`staged ${staged.table}: ${staged.files} file(s), ${formatCount(staged.records)} records${rejected} -> ${staged.location}`);
        break;
      }
      case 'job-started':
        running = begin(`[${event.index + 1}/${event.total}] ${event.job} running`);
        break;
      case 'job-finished': {
        running?.stop();
        running = undefined;
        const { job } = event;
        const detail = job.state === 'SKIPPED' ? ` (upstream failed: ${job.skippedBecause?.join(', ')})` : job.error ? `: ${job.error.type}: ${job.error.message}` : '';
        write(`[${event.index + 1}/${event.total}] ${job.name} ${job.state} ${job.seconds.toFixed(1)}s${detail}`);
        break;
      }
      case 'crawled':
        write(`  after ${event.job}: ${describeCrawl(event.report)}`);
        break;
      case 'counted':
        break;
    }
  };
}

function verdict(rows: number | null, expected: number | null, rejected: number, error: string | undefined, lost = 0): string {
  if (error) return 'ERROR';
  if (rejected > 0) return `${formatCount(rejected)} REJECTED`;
  if (lost > 0) return `${formatCount(lost)} LOST`;
  if (expected === null) return '';
  return rows === expected ? 'ok' : 'MISMATCH';
}

export function renderRunSummary(run: PipelineRun): string {
  const { record } = run;
  const tableRows = Object.entries(record.tables).map(([name, t]) => [
    name,
    t.zone,
    formatCount(t.rows),
    formatCount(t.expected),
    verdict(t.rows, t.expected, t.rejectedRecords, t.error, t.lost?.count),
  ]);
  const lines = [renderTable(['table', 'zone', 'rows', 'expected', ''], tableRows, [2, 3])];
  for (const [name, t] of Object.entries(record.tables)) if (t.error) lines.push(`  ${name}: ${t.error}`);
  if (run.rejectedLanding.count > 0) {
    lines.push('', `${formatCount(run.rejectedLanding.count)} landing record(s) are not JSON objects and were rejected:`);
    for (const bad of run.rejectedLanding.lines) lines.push(`  ${bad.file}:${bad.line}: ${bad.reason}`);
    if (run.rejectedLanding.count > run.rejectedLanding.lines.length) lines.push(`  ... and ${run.rejectedLanding.count - run.rejectedLanding.lines.length} more`);
  }
  for (const [name, t] of Object.entries(record.tables)) {
    if (!t.lost) continue;
    const jobs = Object.entries(t.lost.byJob).map(([job, n]) => `${job}: ${formatCount(n)}`).join(', ');
    lines.push('', `${formatCount(t.lost.count)} record(s) of ${name} counted by the table layer were LOST by a job's reader (${jobs}):`);
    for (const located of t.lost.located) lines.push(`  ${located}`);
    const unlocated = t.lost.count - t.lost.located.length;
    if (unlocated > 0) lines.push(`  ... and ${formatCount(unlocated)} more not located (see jobs[].inputs in run.json)`);
  }
  for (const job of record.jobs.filter((j) => j.state === 'FAILED' || j.state === 'TIMEOUT')) {
    lines.push('', `job ${job.name} ${job.state}: ${job.error?.type}: ${job.error?.message}`);
    if (job.error?.traceback) lines.push(job.error.traceback.trimEnd());
  }
  if (record.error) lines.push('', `run fault: ${record.error}`);
  lines.push('', `run ${record.runId}: ${record.status} (saved in ${run.runDir})`);
  return lines.join('\n');
}

/** The machine-readable document of `stedi run --json`. */
export function runJsonDocument(run: PipelineRun, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { record } = run;
  const tables = Object.fromEntries(
    Object.entries(record.tables).map(([name, t]) => [name, { rows: t.rows, expected: t.expected, zone: t.zone, rejectedRecords: t.rejectedRecords, ...(t.lost ? { lost: t.lost } : {}), ...(t.error ? { error: t.error } : {}) }]),
  );
  const jobs = record.jobs.map((job) => ({ name: job.name, state: job.state, seconds: job.seconds, ...(job.error ? { error: job.error } : {}), ...(job.skippedBecause ? { skippedBecause: job.skippedBecause } : {}) }));
  return { runDir: run.runDir, status: record.status, tables, jobs, rejectedLanding: run.rejectedLanding, ...extra };
}

/**
 * Why a run exits 2, as the error object every `--json` exit 2 carries: a fault of the run
 * (the emulator died), a job that did not succeed, or a gate that could not evaluate its rules.
 */
export function runErrorObject(record: RunRecord, gateErrors: string[] = []): ErrorDocument['error'] {
  if (record.error) return { code: 'RUN_FAULT', message: record.error, fault: 'environment' };
  const jobs = record.jobs.filter((job) => job.state !== 'SUCCEEDED');
  if (jobs.length > 0) {
    return { code: 'JOB_FAILED', message: jobs.map((job) => `${job.name} ${job.state}${job.error ? `: ${job.error.type}: ${job.error.message}` : job.skippedBecause ? ` (after ${job.skippedBecause.join(', ')})` : ''}`).join('; '), fault: 'user' };
  }
  return { code: 'GATE_CANNOT_EVALUATE', message: gateErrors.join('; ') || 'an error-level rule could not be evaluated', fault: 'user' };
}

export function runExitCode(record: RunRecord): number {
  if (record.status === 'FAILED') return 2;
  if (record.status === 'COUNT_MISMATCH') return 1;
  return 0;
}
