import { LOG_CAP_BYTES, LogCap } from '../emulator/capped-log';

/**
 * One job's output, read from the job server's fd 4 as the script writes it: everything up to
 * the end marker the server writes after the job (or up to the process's death), capped at
 * LOG_CAP_BYTES with the drop stated at the end. Because it is streamed, a job whose process
 * dies keeps what it printed before dying.
 */
export class JobOutputCollector {
  private readonly cap: LogCap;
  private readonly kept: Buffer[] = [];
  /** Bytes that may be the start of the marker, held back until the next chunk decides. */
  private held: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly endWaiters: Array<() => void> = [];

  constructor(
    private readonly marker: Buffer,
    capBytes: number = LOG_CAP_BYTES,
  ) {
    this.cap = new LogCap(capBytes);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Feeds a chunk of the pipe; returns the bytes after the marker (not this job's), if any. */
  feed(chunk: Buffer): Buffer | undefined {
    if (this.ended) return chunk;
    const pending = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const at = pending.indexOf(this.marker);
    if (at >= 0) {
      this.keep(pending.subarray(0, at));
      this.held = Buffer.alloc(0);
      this.finish();
      const rest = pending.subarray(at + this.marker.length);
      return rest.length > 0 ? rest : undefined;
    }
    const safe = Math.max(0, pending.length - (this.marker.length - 1));
    this.keep(pending.subarray(0, safe));
    this.held = Buffer.from(pending.subarray(safe));
    return undefined;
  }

  /** The stream ended without a marker (the process died): what was held back is output too. */
  close(): void {
    if (this.ended) return;
    this.keep(this.held);
    this.held = Buffer.alloc(0);
    this.finish();
  }

  /** Resolves at the marker or close(), or after `timeoutMs` (true when the output is complete). */
  whenEnded(timeoutMs: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.endWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  text(): string {
    const text = Buffer.concat([...this.kept, this.held]).toString('utf8');
    return this.cap.droppedBytes > 0 ? `${text}${text.endsWith('\n') ? '' : '\n'}${this.cap.summary()}` : text;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const kept = this.cap.accept(bytes);
    if (kept.length > 0) this.kept.push(Buffer.from(kept));
  }

  private finish(): void {
    this.ended = true;
    for (const waiter of this.endWaiters.splice(0)) waiter();
  }
}
