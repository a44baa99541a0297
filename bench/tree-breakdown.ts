/**
 * Which process of the job server's tree holds its memory: the tree's peak resident set split by
 * role — the driver JVM, the Python driver (job_server.py and its py4j side), the PySpark Python
 * workers (pyspark.daemon and the workers it forks), anything else (e.g. the JVM that builds the
 * class data sharing archive once). The sum alone (bench/process-memory.ts) cannot say whether a
 * growth is the heap, off-heap JVM memory or Python.
 *
 * RSS is split into anonymous memory (heap, malloc, thread stacks: what grows with data) and
 * file-backed pages (mapped jars, libjvm, the CDS archive, shared libraries: fixed), from
 * /proc/<pid>/status. A forked worker's pages shared with its parent count once per process; a
 * JVM's spawn that has not exec'd yet is not counted (bench/process-memory.ts).
 */
import * as fs from 'node:fs';
import { descendantsOf, isUnexecedJvmSpawn, listProcesses, type ProcessInfo } from '../common/process-table';

export type TreeRole = 'jvm' | 'pythonDriver' | 'pythonWorkers' | 'other';
export const TREE_ROLES: TreeRole[] = ['jvm', 'pythonDriver', 'pythonWorkers', 'other'];

/** What a member of the job server's tree is, from its command line. */
export function roleOf(command: string, isRoot: boolean): TreeRole {
  if (isRoot) return 'pythonDriver';
  // The driver JVM is spark-submit's `java ... org.apache.spark.deploy.SparkSubmit ... pyspark-shell`.
  if (/(^|\/)java\s/.test(command) && command.includes('org.apache.spark.deploy.SparkSubmit')) return 'jvm';
  if (command.includes('pyspark.daemon') || command.includes('pyspark/worker') || command.includes('pyspark.worker')) return 'pythonWorkers';
  return 'other';
}

export interface RoleMemory {
  processes: number;
  rssMiB: number;
  /** RssAnon: heap, malloc arenas, stacks. */
  anonMiB: number;
  /** Largest VmHWM of one process of the role. */
  hwmMiB: number;
}

export interface TreeBreakdown {
  /** The roles at the sample where the tree's summed RSS peaked. */
  atTreePeak: Record<TreeRole, RoleMemory>;
  treePeakMiB: number;
  /** Each role's own peak (summed RSS of its processes, largest VmHWM), whenever it happened. */
  peakByRole: Record<TreeRole, RoleMemory>;
}

function status(pid: number): { rss: number; anon: number; hwm: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rss: kib('VmRSS'), anon: kib('RssAnon'), hwm: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

const empty = (): Record<TreeRole, RoleMemory> =>
  Object.fromEntries(TREE_ROLES.map((role) => [role, { processes: 0, rssMiB: 0, anonMiB: 0, hwmMiB: 0 }])) as Record<TreeRole, RoleMemory>;

/** One sample of the tree under `root` (KiB internally, MiB out). */
export function sampleTree(root: number, processes: ProcessInfo[] = listProcesses()): Record<TreeRole, RoleMemory> {
  const roles = empty();
  const byPid = new Map(processes.map((proc) => [proc.pid, proc]));
  const members = [{ pid: root, command: '' }, ...descendantsOf(root, processes).filter((proc) => !isUnexecedJvmSpawn(proc, byPid))];
  for (const proc of members) {
    const mem = status(proc.pid);
    if (!mem) continue;
    const role = roles[roleOf(proc.command, proc.pid === root)];
    role.processes += 1;
    role.rssMiB += mem.rss / 1024;
    role.anonMiB += mem.anon / 1024;
    role.hwmMiB = Math.max(role.hwmMiB, mem.hwm / 1024);
  }
  return roles;
}

/** Polls the tree of `root()` every `intervalMs` until stopped (off Linux: nothing). */
export class TreeBreakdownSampler {
  private readonly peakByRole = empty();
  private atTreePeak = empty();
  private treePeak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: () => number | undefined,
    private readonly intervalMs = 500,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const root = this.root();
    if (root === undefined || !fs.existsSync('/proc/self/status')) return;
    const roles = sampleTree(root);
    const total = TREE_ROLES.reduce((sum, role) => sum + roles[role].rssMiB, 0);
    if (total > this.treePeak) [this.treePeak, this.atTreePeak] = [total, roles];
    for (const role of TREE_ROLES) {
      const [peak, now] = [this.peakByRole[role], roles[role]];
      if (now.rssMiB > peak.rssMiB) [peak.rssMiB, peak.anonMiB, peak.processes] = [now.rssMiB, now.anonMiB, now.processes];
      peak.hwmMiB = Math.max(peak.hwmMiB, now.hwmMiB);
    }
  }

  stop(): TreeBreakdown {
    this.sample();
    clearInterval(this.timer);
    const round = (r: Record<TreeRole, RoleMemory>): Record<TreeRole, RoleMemory> =>
      Object.fromEntries(TREE_ROLES.map((role) => [role, { processes: r[role].processes, rssMiB: Math.round(r[role].rssMiB), anonMiB: Math.round(r[role].anonMiB), hwmMiB: Math.round(r[role].hwmMiB) }])) as Record<TreeRole, RoleMemory>;
    return { atTreePeak: round(this.atTreePeak), treePeakMiB: Math.round(this.treePeak), peakByRole: round(this.peakByRole) };
  }
}

const LABELS: Record<TreeRole, string> = { jvm: 'driver JVM', pythonDriver: 'Python driver', pythonWorkers: 'PySpark workers', other: 'other' };

/** Report rows `[label, value per breakdown]`: the tree's peak and each role in it, then each role's own peak. */
export function treeBreakdownRows(breakdowns: Array<TreeBreakdown | undefined>): string[][] {
  const cell = (pick: (b: TreeBreakdown) => string) => breakdowns.map((b) => (b ? pick(b) : '-'));
  const rows = [['job server tree by process, at its peak (MiB: RSS, anon)', ...cell((b) => String(b.treePeakMiB))]];
  for (const role of TREE_ROLES) {
    const at = (b: TreeBreakdown): RoleMemory => b.atTreePeak[role];
    rows.push([`  ${LABELS[role]}`, ...cell((b) => (at(b).processes ? `${at(b).rssMiB} (${at(b).anonMiB}) ×${at(b).processes}` : '-'))]);
  }
  for (const role of TREE_ROLES) {
    const own = (b: TreeBreakdown): RoleMemory => b.peakByRole[role];
    rows.push([`  ${LABELS[role]}: own peak RSS, VmHWM`, ...cell((b) => (own(b).hwmMiB ? `${own(b).rssMiB}, ${own(b).hwmMiB}` : '-'))]);
  }
  return rows;
}
