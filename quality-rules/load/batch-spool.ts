/**
 * Where the gate keeps the record batches of loaded tables: in memory while the process's Arrow
 * stays within a budget, on local disk (Arrow IPC, one file per table) beyond it. With every
 * table of a 100× run held in memory the gate needed ~2 GiB before it evaluated a rule; spooled,
 * a table costs one batch at a time, so the gate's memory no longer grows with the data.
 *
 * The budget is `STEDI_GATE_MEMORY_MB` (default 256): half of it for Arrow batches kept in
 * memory, half for DuckDB's buffer pool (sql/duck-session.ts), which spills to a folder of its own.
 * The spool folder is a fresh one under the OS temp directory, made only when a batch does not fit
 * and removed when the process exits. Both folders carry the process id in their names, so the
 * next gate on the machine removes what a killed process left (sweepAbandonedGateFolders).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as arrow from 'apache-arrow';
import { InputError } from '../../common/errors';
import { isProcessRunning } from '../../common/process-table';

const DEFAULT_GATE_MEMORY_MB = 256;

/** The gate's memory budget in bytes (STEDI_GATE_MEMORY_MB), validated. */
export function gateMemoryBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.STEDI_GATE_MEMORY_MB;
  if (raw === undefined || raw === '') return DEFAULT_GATE_MEMORY_MB * 2 ** 20;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 0) {
    throw new InputError('GATE_MEMORY', `STEDI_GATE_MEMORY_MB must be a whole number of MiB (0 spools every batch), got ${JSON.stringify(raw)}`);
  }
  return mb * 2 ** 20;
}

/** Bytes of the buffers behind an Arrow Data tree. */
export function dataBytes(data: arrow.Data): number {
  let bytes = (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0);
  for (const child of data.children) bytes += dataBytes(child);
  return bytes;
}

/** One batch of a table: in memory, or at [offset, offset + length) of the table's spool file. */
export type SpooledPart =
  | { rows: number; bytes: number; batch: arrow.RecordBatch }
  | { rows: number; file: string; offset: number; length: number };

/** A table's spool file: named on its first batch that does not fit in memory. */
export interface SpoolFile {
  path?: string;
  size: number;
}

/** `stedi-gate-<pid>-…` (a spool folder) and `stedi-gate-duckdb-<pid>-…` (DuckDB's spill folder). */
const GATE_FOLDER = /^stedi-gate-(?:duckdb-)?(\d+)-/;

/** The path prefix of this process's gate temp folders of `kind` (mkdtemp or a counter completes it). */
export function gateTempPrefix(kind: 'spool' | 'duckdb'): string {
  return path.join(os.tmpdir(), kind === 'spool' ? `stedi-gate-${process.pid}-` : `stedi-gate-duckdb-${process.pid}-`);
}

/**
 * Removes the gate temp folders in `tmp` whose process is gone, and returns their paths. The exit
 * hook removes a process's own folders, but a process killed by a signal it cannot handle
 * (SIGKILL, the OOM killer) runs no hook, and a spool can be gigabytes. A folder of a live
 * process, or of a pid now reused, is left alone.
 */
export function sweepAbandonedGateFolders(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = GATE_FOLDER.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isProcessRunning(Number(pid))) continue;
    const folder = path.join(tmp, name);
    fs.rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

let swept = false;

/** sweepAbandonedGateFolders once a process, before its first gate temp folder. */
export function sweepAbandonedGateFoldersOnce(): void {
  if (swept) return;
  swept = true;
  sweepAbandonedGateFolders();
}

export class BatchSpool {
  private dir: string | undefined;
  private inMemory = 0;
  private files = 0;

  constructor(readonly memoryBudget: number) {}

  /** The spool folder, made when the first batch is spooled. */
  folder(): string {
    if (this.dir === undefined) {
      sweepAbandonedGateFoldersOnce();
      const dir = fs.mkdtempSync(gateTempPrefix('spool'));
      this.dir = dir;
      process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    return this.dir;
  }

  /** Removes the spool folder and every file in it (the tables spooled there can no longer be read). */
  dispose(): void {
    if (this.dir !== undefined) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  /** Keeps `batch` in memory if the budget allows, else appends it to `file` (one table's spool file). */
  keep(batch: arrow.RecordBatch, file: SpoolFile): SpooledPart {
    const bytes = dataBytes(batch.data);
    if (this.inMemory + bytes <= this.memoryBudget) {
      this.inMemory += bytes;
      return { rows: batch.numRows, bytes, batch };
    }
    file.path ??= path.join(this.folder(), `table-${++this.files}.arrows`);
    const encoded = arrow.tableToIPC(new arrow.Table(batch.schema, [batch]), 'stream');
    fs.appendFileSync(file.path, encoded);
    const part = { rows: batch.numRows, file: file.path, offset: file.size, length: encoded.byteLength };
    file.size += encoded.byteLength;
    return part;
  }

  /** Gives back the budget of in-memory parts and removes a spool file. */
  release(parts: SpooledPart[]): void {
    for (const part of parts) {
      if ('batch' in part) this.inMemory -= part.bytes;
    }
    const files = new Set(parts.flatMap((p) => ('file' in p ? [p.file] : [])));
    for (const file of files) fs.rmSync(file, { force: true });
  }

  /** Reads a spooled batch back. */
  static read(part: Extract<SpooledPart, { file: string }>): arrow.RecordBatch {
    const buffer = Buffer.allocUnsafe(part.length);
    const fd = fs.openSync(part.file, 'r');
    try {
      fs.readSync(fd, buffer, 0, part.length, part.offset);
    } finally {
      fs.closeSync(fd);
    }
    return arrow.tableFromIPC(buffer).batches[0]!;
  }
}

let shared: BatchSpool | undefined;

/** The process's spool, with the budget read from the environment on first use. */
export function sharedSpool(): BatchSpool {
  shared ??= new BatchSpool(gateMemoryBytes() / 2);
  return shared;
}
