import type { ChildProcess } from 'node:child_process';

/**
 * Every child process the harness starts (moto, the job server) is tracked here and killed
 * when this process exits, on Ctrl-C, or on SIGTERM, so no emulator or JVM is left orphaned
 * after a crash, an interrupted CLI run or a jest teardown. Cleanups registered with
 * `onExitCleanup` (temp dirs) run right after.
 */
const live = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
let hooksInstalled = false;

function killAll(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        // The job server's JVM is in the child's process group; kill the group when we lead one.
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  }
  live.clear();
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  cleanups.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/** Runs `cleanup` if this process exits or is interrupted first; the returned function unregisters it. */
export function onExitCleanup(cleanup: () => void): () => void {
  installHooks();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export function trackChild(child: ChildProcess): void {
  installHooks();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Stops a tracked child: SIGTERM to its group, then SIGKILL after the grace period. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  live.delete(child);
}

/** Kills a child's whole process group at once (no grace) and waits for the child to exit. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGKILL');
  await exited;
  live.delete(child);
}

/**
 * After a group leader died on its own (os._exit, a crash), members it started (a JVM) may
 * linger: kill what is left of the group. No-op when the group is already empty.
 */
export function killGroupRemnants(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is empty
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
