/**
 * CPU seconds used by a process tree, from /proc (Linux): on a shared machine a job's CPU time
 * moves far less with the load than its wall time, so the benches print both.
 */
import * as fs from 'node:fs';
import { descendantsOf, listProcesses, readProcess } from '../common/process-table';

/** user + system CPU seconds of `root` and all its live descendants (undefined off Linux). */
export function treeCpuSeconds(root: number | undefined): number | undefined {
  if (root === undefined || !fs.existsSync('/proc/self/stat')) return undefined;
  const processes = listProcesses();
  const own = readProcess(root)?.cpuSeconds ?? 0;
  return descendantsOf(root, processes).reduce((sum, proc) => sum + proc.cpuSeconds, own);
}
