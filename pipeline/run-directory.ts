import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRecordPath, type RunRecord } from '../common/run-dir';

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

export function writeRunRecord(runDir: string, record: RunRecord): void {
  fs.writeFileSync(runRecordPath(runDir), `${JSON.stringify(record, null, 2)}\n`);
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

export function writeJobLog(runDir: string, jobName: string, text: string): void {
  fs.writeFileSync(path.join(runDir, 'jobs', `${jobName}.log`), text);
}
