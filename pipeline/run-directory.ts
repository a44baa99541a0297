import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeRunRecordFile, type RunRecord } from '../common/run-dir';
import { fileNameFor } from './glue-names';

/** A sortable, unique run id: UTC time to the millisecond plus a short random suffix. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`;
}

export function createRunDirectory(runsRoot: string, runId: string): string {
  const dir = path.resolve(runsRoot, runId);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'jobs'), { recursive: true });
  return dir;
}

/** Writes run.json after validating it against the run-directory contract (common/run-dir). */
export function writeRunRecord(runDir: string, record: RunRecord): void {
  writeRunRecordFile(runDir, record);
}

/** Points runs/latest at this run (a relative symlink, swapped atomically by rename). */
export function markLatest(runsRoot: string, runId: string): void {
  const latest = path.resolve(runsRoot, 'latest');
  const temporary = `${latest}.${process.pid}`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(runId, temporary);
  fs.renameSync(temporary, latest);
}

/** Copies the current content of the backend's logs (emulator, Spark) into the run record. */
export function keepLogs(runDir: string, logFiles: Record<string, string>): void {
  for (const [name, file] of Object.entries(logFiles)) {
    if (fs.existsSync(file)) fs.copyFileSync(file, path.join(runDir, 'logs', name));
  }
}

/** jobs/<job>.log; a Glue job name may hold `/` or start with dots, so it is encoded for the file system. */
export function jobLogPath(runDir: string, jobName: string): string {
  return path.join(runDir, 'jobs', `${fileNameFor(jobName)}.log`);
}

export function writeJobLog(runDir: string, jobName: string, text: string): void {
  fs.writeFileSync(jobLogPath(runDir, jobName), text);
}

/** A line the harness adds to a job's log (e.g. what the crawler registered after it). */
export function appendJobLog(runDir: string, jobName: string, line: string): void {
  fs.appendFileSync(jobLogPath(runDir, jobName), `\n[stedi] ${line}\n`);
}
