/**
 * The harness processes of a `stedi dev` server: used to prove (tests) and to make sure (`stedi
 * dev stop`, a stale state file) that it left no emulator, job server or JVM behind.
 */
import { listProcesses, type ProcessInfo } from '../../common/process-table';

export { descendantsOf, isProcessRunning, listProcesses, type ProcessInfo } from '../../common/process-table';

/** Whether a command line is one the local harness starts: moto, the Glue job server, a JVM. */
export function isHarnessCommand(command: string): boolean {
  return /moto|stedi_glue|java|pyspark|py4j/.test(command);
}

/**
 * SIGKILLs the harness processes of the given process groups. Only members whose command line is
 * a harness command: a recorded group id that the system gave to an unrelated process since is
 * left alone.
 */
export function killHarnessGroups(groups: number[], processes: ProcessInfo[] = listProcesses()): number {
  let killed = 0;
  for (const proc of processes) {
    if (!groups.includes(proc.pgid) || !isHarnessCommand(proc.command)) continue;
    try {
      process.kill(proc.pid, 'SIGKILL');
      killed += 1;
    } catch {
      // gone already
    }
  }
  return killed;
}
