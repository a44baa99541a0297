import * as fs from 'node:fs';
import { readProcess } from '../../common/process-table';
import * as path from 'node:path';
import { InputError } from '../../common/errors';

/** One daemon of the cluster (the master or a worker): a JVM leading its own process group. */
export interface ClusterProcess {
  role: 'master' | 'worker';
  name: string;
  pid: number;
  /** /proc/<pid>/stat start time (clock ticks since boot): a recycled pid is never taken for ours. */
  startTicks: number | null;
  log: string;
  /** A worker's --work-dir: its executors' stdout/stderr and fetched jars land under app-*. */
  workDir?: string;
}

/** `<runs dir>/cluster.json`: what `stedi cluster status|down` and `stedi run --spark-master cluster` read. */
export interface ClusterState {
  schemaVersion: 1;
  masterUrl: string;
  /** The master's web UI on loopback; `<ui>/json/` lists workers and applications. */
  masterUiUrl: string;
  workers: number;
  coresPerWorker: number;
  memoryPerWorker: string;
  startedAt: string;
  dir: string;
  processes: ClusterProcess[];
}

export const CLUSTER_STATE_FILE = 'cluster.json';

export function clusterStatePath(runsDir: string): string {
  return path.join(runsDir, CLUSTER_STATE_FILE);
}

export function readClusterState(runsDir: string): ClusterState | undefined {
  const file = clusterStatePath(runsDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let state: ClusterState;
  try {
    state = JSON.parse(text) as ClusterState;
  } catch (error) {
    throw new InputError('CLUSTER_STATE_INVALID', `${file} is not valid JSON (${(error as Error).message}); remove it if no cluster runs`);
  }
  if (state.schemaVersion !== 1 || typeof state.masterUrl !== 'string' || !Array.isArray(state.processes)) {
    throw new InputError('CLUSTER_STATE_INVALID', `${file} is not a stedi cluster state file (expected schemaVersion 1, masterUrl, processes); remove it if no cluster runs`);
  }
  return state;
}

export function writeClusterState(runsDir: string, state: ClusterState): void {
  fs.mkdirSync(runsDir, { recursive: true });
  const file = clusterStatePath(runsDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temporary, file);
}

export function removeClusterState(runsDir: string): void {
  fs.rmSync(clusterStatePath(runsDir), { force: true });
}

/** Field 22 of /proc/<pid>/stat, or null where there is no /proc (macOS) or no such process. */
export function processStartTicks(pid: number): number | null {
  return readProcess(pid)?.startTicks ?? null;
}

/** True while the recorded process still runs (the same process, not a recycled pid). */
export function isProcessAlive(proc: Pick<ClusterProcess, 'pid' | 'startTicks'>): boolean {
  try {
    process.kill(proc.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (proc.startTicks === null) return true;
  const now = processStartTicks(proc.pid);
  // A zombie still has /proc/<pid>/stat with its start time; it no longer runs.
  if (now !== proc.startTicks) return false;
  try {
    return !/^\S+ \(.*\) Z /.test(fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Pids of every live process in a process group (Linux /proc); empty where there is no /proc. */
export function processGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state (field 3), fields[2] the process group (field 5).
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return members;
}
