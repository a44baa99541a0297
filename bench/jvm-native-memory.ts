/**
 * Where the driver JVM's memory goes, by the JVM's own accounting: Native Memory Tracking
 * (`-XX:NativeMemoryTracking=summary`, read with `jcmd <pid> VM.native_memory summary`) splits
 * what it has committed into the Java heap, class metadata, threads, the code cache, GC
 * structures, "Other" (direct ByteBuffers: Netty, NIO) and so on. Each poll starts a jcmd JVM,
 * so only bench/jvm-memory.ts (not part of `npm run bench`) uses it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const NMT_FLAG = '-XX:NativeMemoryTracking=summary';

/** Committed MiB by NMT category (`Java Heap`, `Class`, `Thread`, `Code`, `GC`, `Other`, ...) and `Total`. */
export type NmtSummary = Record<string, number>;

/** Parses `jcmd VM.native_memory summary` (JDK 17: `-  Java Heap (reserved=2097152KB, committed=1048576KB)`). */
export function parseNmtSummary(text: string): NmtSummary {
  const out: NmtSummary = {};
  const total = /^Total: reserved=\d+KB, committed=(\d+)KB/m.exec(text);
  if (total) out.Total = Number(total[1]) / 1024;
  for (const match of text.matchAll(/^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)/gm)) {
    out[(match[1] ?? '').trim()] = Number(match[2]) / 1024;
  }
  return out;
}

export async function readNmt(pid: number): Promise<NmtSummary | undefined> {
  try {
    const { stdout } = await run('jcmd', [String(pid), 'VM.native_memory', 'summary'], { timeout: 20_000 });
    const summary = parseNmtSummary(stdout);
    return summary.Total === undefined ? undefined : summary;
  } catch {
    return undefined; // not started with NMT, not attachable yet, or gone
  }
}

/** Polls NMT of the JVM that `pid()` names; keeps the summary where Total peaked and each category's own peak. */
export class NmtSampler {
  private atPeak: NmtSummary = {};
  private readonly own: NmtSummary = {};
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  samples = 0;

  constructor(
    private readonly pid: () => number | undefined,
    private readonly intervalMs = 5000,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  async sample(): Promise<void> {
    const pid = this.pid();
    if (pid === undefined || this.busy) return;
    this.busy = true;
    try {
      const summary = await readNmt(pid);
      if (!summary) return;
      this.samples += 1;
      if ((summary.Total ?? 0) > (this.atPeak.Total ?? 0)) this.atPeak = summary;
      for (const [category, mib] of Object.entries(summary)) this.own[category] = Math.max(this.own[category] ?? 0, mib);
    } finally {
      this.busy = false;
    }
  }

  stop(): { atPeak: NmtSummary; ownPeak: NmtSummary; samples: number } {
    clearInterval(this.timer);
    return { atPeak: this.atPeak, ownPeak: { ...this.own }, samples: this.samples };
  }
}
