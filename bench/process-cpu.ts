/**
 * CPU seconds used by a process tree, from /proc (Linux): on a shared machine a job's CPU time
 * moves far less with the load than its wall time, so the benches print both.
 */
import * as fs from 'node:fs';

const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start at the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // the process ended in between
  }
}

/** user + system CPU seconds of `root` and all its live descendants (undefined off Linux). */
export function treeCpuSeconds(root: number | undefined): number | undefined {
  if (root === undefined || !fs.existsSync('/proc/self/stat')) return undefined;
  const stats = new Map<number, Stat>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops += 1) {
      if (p === root) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) ticks += stat.ticks;
  return ticks / TICKS_PER_SECOND;
}
