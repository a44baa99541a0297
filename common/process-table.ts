/**
 * The processes of this machine as Linux's /proc shows them, read in one place: pid, parent,
 * group, state, command line, CPU time and start time. Used by `stedi dev` and `stedi cluster`
 * (liveness, process groups, what was left behind) and by the benches (CPU and trees). Elsewhere
 * than Linux the list is empty and the callers fall back to the pids they know.
 */
import * as fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Linux's state letter: R, S, D, ... Z for a zombie (exited, not yet reaped). */
  state: string;
  /** argv joined by spaces. */
  command: string;
  /** User + system CPU seconds so far (utime + stime). */
  cpuSeconds: number;
  /** Start time in clock ticks since boot: with the pid, it names a process even after pid reuse. */
  startTicks: number;
}

/** Linux's USER_HZ: the unit of the times in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

export function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces and parentheses: fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return {
      pid,
      state: fields[0] ?? '?',
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      command,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      startTicks: Number(fields[19]),
    };
  } catch {
    return undefined; // exited while we looked
  }
}

/**
 * Whether `pid` is a running process: a zombie (exited, its parent has not reaped it yet) is
 * not. Without /proc, whether a signal could be sent to it.
 */
export function isProcessRunning(pid: number): boolean {
  if (fs.existsSync('/proc/self/stat')) {
    const proc = readProcess(pid);
    return proc !== undefined && proc.state !== 'Z' && proc.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function listProcesses(): ProcessInfo[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))).filter((p): p is ProcessInfo => p !== undefined);
}

/** Every process descending from `root` (not `root` itself), from one snapshot. */
/**
 * `proc` is a JVM's spawned child that has not exec'd yet: the JDK starts subprocesses (Spark's
 * Python worker daemon, others through jspawnhelper) with posix_spawn, and until the child execs,
 * /proc shows it with the JVM's command line and memory. Counting JVMs or summing memory must
 * skip it, or one JVM is seen twice for that instant.
 */
export function isUnexecedJvmSpawn(proc: ProcessInfo, byPid: Map<number, ProcessInfo>): boolean {
  const parent = byPid.get(proc.ppid);
  return parent !== undefined && proc.command === parent.command && /(^|\/)java\s/.test(parent.command);
}

export function descendantsOf(root: number, processes: ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const proc of processes) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  const found: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}
