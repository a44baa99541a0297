import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one size limit of every log stream the harness writes: the emulator log, the job server
 * log and each job's captured output. A script that writes 100 MB (even with `os.write(1, …)`,
 * below Python's sys.stdout) keeps its first 10 MB; the rest is counted, dropped and the drop
 * stated in the log itself.
 */
export const LOG_CAP_BYTES = 10 * 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const rounded = Math.round(mb * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} MB`;
}

/** Keeps the first `cap` bytes of a stream and counts what it drops. */
export class LogCap {
  private kept = 0;
  private dropped = 0;

  constructor(readonly cap: number = LOG_CAP_BYTES) {}

  /** The part of `chunk` still under the cap (empty once the cap is reached). */
  accept(chunk: Buffer): Buffer {
    const room = Math.max(0, this.cap - this.kept);
    const keep = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.kept += keep.length;
    this.dropped += chunk.length - keep.length;
    return keep;
  }

  get droppedBytes(): number {
    return this.dropped;
  }

  /** Written once, when the cap is first hit. */
  hitNotice(): string {
    return `\n[stedi] log capped at ${formatMegabytes(this.cap)}; further output dropped\n`;
  }

  /** Written when the stream ends, if anything was dropped. */
  summary(): string {
    return `[stedi] log capped at ${formatMegabytes(this.cap)}; ${formatMegabytes(this.dropped)} dropped\n`;
  }
}

/**
 * An append-only log file fed from child process pipes, capped at LOG_CAP_BYTES. The harness's
 * own notes (restarts, the cap itself) are written even past the cap: they are few and short.
 */
export class CappedLogFile {
  private readonly cap: LogCap;
  private fd: number | undefined;
  private noticed = false;

  constructor(
    readonly file: string,
    capBytes: number = LOG_CAP_BYTES,
  ) {
    this.cap = new LogCap(capBytes);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
  }

  write(chunk: Buffer | string): void {
    if (this.fd === undefined) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const keep = this.cap.accept(bytes);
    if (keep.length > 0) fs.writeSync(this.fd, keep);
    if (keep.length < bytes.length && !this.noticed) {
      this.noticed = true;
      fs.writeSync(this.fd, this.cap.hitNotice());
    }
  }

  /** A line from the harness itself, e.g. "[stedi] job server restarted in 21.3 s". */
  note(line: string): void {
    if (this.fd !== undefined) fs.writeSync(this.fd, `${line}\n`);
  }

  /** Feeds a child's stream into this log. */
  follow(stream: NodeJS.ReadableStream | null | undefined): void {
    stream?.on('data', (chunk: Buffer) => this.write(chunk));
  }

  close(): void {
    if (this.fd === undefined) return;
    if (this.cap.droppedBytes > 0) fs.writeSync(this.fd, this.cap.summary());
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
