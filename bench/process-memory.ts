/**
 * Peak memory of process trees, from /proc (Linux): a sampler polls the resident set of each
 * tree (a root and its live descendants), and VmHWM (the kernel's own high-water mark) of each
 * member is read as it is seen, so a short-lived peak between two samples still shows in the
 * largest single process.
 *
 * A child of a JVM that still shows the JVM's own command line is not counted: the JDK starts a
 * subprocess (Spark's Python worker daemon, others through jspawnhelper) with posix_spawn, whose
 * child shares the JVM's address space until it execs, so /proc reports the whole JVM a second
 * time for that instant (a 100x run's tree summed two 2.4 GiB JVMs).
 */
import * as fs from 'node:fs';
import { isUnexecedJvmSpawn, listProcesses, type ProcessInfo } from '../common/process-table';

function readStatus(pid: number): { rssKiB: number; hwmKiB: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const value = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rssKiB: value('VmRSS'), hwmKiB: value('VmHWM') };
  } catch {
    return undefined;
  }
}

function parentsOfAll(processes: ProcessInfo[] = listProcesses()): Map<number, number> {
  return new Map(processes.map((proc) => [proc.pid, proc.ppid]));
}

/** `root` and every live descendant. */
export function processTree(root: number, parents: Map<number, number> = parentsOfAll()): number[] {
  return [...parents.keys()].filter((pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops += 1) {
      if (p === root) return true;
      p = parents.get(p) ?? 0;
    }
    return false;
  });
}

export interface TreePeak {
  /** Largest sum of the tree's resident sets seen by the sampler (MiB). */
  treeRssMiB: number;
  /** Largest VmHWM of any single process of the tree (MiB): the JVM, for the job server. */
  largestProcessHwmMiB: number;
}

/**
 * Samples named processes every `intervalMs` until stopped: a whole tree (the job server: Python,
 * its JVM, PySpark workers) or one process alone (Node, whose children are measured apart).
 */
export class RssSampler {
  private readonly peaks = new Map<string, { tree: number; hwm: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => Record<string, { pid: number | undefined | number[]; tree: boolean }>,
    private readonly intervalMs = 500,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    if (!fs.existsSync('/proc/self/status')) return;
    const processes = listProcesses();
    const parents = parentsOfAll(processes);
    const byPid = new Map(processes.map((proc) => [proc.pid, proc]));
    for (const [name, root] of Object.entries(this.roots())) {
      if (root.pid === undefined) continue;
      const tops = Array.isArray(root.pid) ? root.pid : [root.pid];
      let tree = 0;
      let hwm = 0;
      for (const pid of new Set(tops.flatMap((top) => (root.tree ? processTree(top, parents) : [top])))) {
        const proc = byPid.get(pid);
        if (proc && isUnexecedJvmSpawn(proc, byPid)) continue;
        const status = readStatus(pid);
        if (!status) continue;
        tree += status.rssKiB;
        hwm = Math.max(hwm, status.hwmKiB);
      }
      const peak = this.peaks.get(name) ?? { tree: 0, hwm: 0 };
      this.peaks.set(name, { tree: Math.max(peak.tree, tree), hwm: Math.max(peak.hwm, hwm) });
    }
  }

  stop(): Record<string, TreePeak> {
    this.sample();
    clearInterval(this.timer);
    return Object.fromEntries([...this.peaks].map(([name, peak]) => [name, { treeRssMiB: Math.round(peak.tree / 1024), largestProcessHwmMiB: Math.round(peak.hwm / 1024) }]));
  }
}

/** Resets `pid`'s VmHWM to its current resident set (Linux: /proc/PID/clear_refs), to measure the peak of one phase. */
export function resetHighWaterMark(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** `pid`'s VmHWM (MiB): its largest resident set since it started or since resetHighWaterMark. */
export function highWaterMarkMiB(pid: number): number {
  return Math.round((readStatus(pid)?.hwmKiB ?? 0) / 1024);
}
