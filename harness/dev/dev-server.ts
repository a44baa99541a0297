/**
 * `stedi dev --foreground`: one local harness (moto + the Glue job server) kept warm for a
 * project, served through the dev bridge and announced by the state file in the runs directory.
 * It stops itself after `idleTimeoutMinutes` without a request (0: never), on `stedi dev stop`
 * (the bridge's `stop`), on SIGINT/SIGTERM/SIGHUP; each way leaves no emulator, job server or
 * JVM behind (they are process groups the harness kills) and removes the state file.
 */
import * as fs from 'node:fs';
import { LocalHarness, type StartedLocalHarness } from '../local-harness';
import type { ProgressSink } from '../runtime/progress';
import { serveDevBridge, type DevBridge } from './dev-bridge';
import { claimDevState, DEV_STATE_SCHEMA_VERSION, devLogDir, devStatePath, liveDevState, removeDevState, writeDevState, type DevState } from './dev-state';

export const DEFAULT_IDLE_TIMEOUT_MINUTES = 30;

export interface DevServerOptions {
  runsDir: string;
  idleTimeoutMinutes: number;
  sparkMaster?: string;
  allowRemoteSpark?: boolean;
  /** One line per lifecycle event (ready, stopping and why). */
  log: (line: string) => void;
  progress?: ProgressSink;
}

export type DevServerOutcome = { kind: 'already-running'; state: DevState } | { kind: 'stopped'; reason: string; state: DevState };

/** Runs the server until it stops; resolves with why. Another live server's state is returned instead. */
export async function runDevServer(options: DevServerOptions): Promise<DevServerOutcome> {
  const existing = liveDevState(options.runsDir);
  if (existing) return { kind: 'already-running', state: existing };
  const logDir = devLogDir(options.runsDir);
  fs.mkdirSync(logDir, { recursive: true });
  const starting: DevState = {
    schemaVersion: DEV_STATE_SCHEMA_VERSION,
    state: 'starting',
    pid: process.pid,
    startedAt: new Date().toISOString(),
    runsDir: options.runsDir,
    logDir,
    idleTimeoutMinutes: options.idleTimeoutMinutes,
  };
  if (!claimDevState(options.runsDir, starting)) {
    // Another `stedi dev` claimed the file between our look and our claim.
    const winner = liveDevState(options.runsDir);
    if (winner) return { kind: 'already-running', state: winner };
    if (!claimDevState(options.runsDir, starting)) throw new Error(`cannot claim ${devStatePath(options.runsDir)}`);
  }
  // From here the file is ours: removed however this process ends (exit hooks run synchronously).
  const removeState = (): void => removeDevState(options.runsDir, process.pid);
  process.on('exit', removeState);

  let harness: StartedLocalHarness;
  try {
    const configured = new LocalHarness().withLogDir(logDir).withRemoteSparkAllowed(options.allowRemoteSpark === true);
    if (options.sparkMaster) configured.withSparkMaster(options.sparkMaster);
    if (options.progress) configured.withProgress(options.progress);
    harness = await configured.start();
  } catch (error) {
    removeState();
    throw error;
  }

  let stopWith: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stopWith = resolve));
  const bridge: DevBridge = await serveDevBridge(harness, { onStop: () => stopWith('`stedi dev stop`') });
  const groups = (): number[] => [harness.emulator.pid, harness.sparkInfo?.pid].filter((pid): pid is number => pid !== undefined);
  const ready: DevState = {
    ...starting,
    state: 'ready',
    endpoint: harness.getEndpoint(),
    bridgePort: bridge.port,
    token: bridge.token,
    sparkMaster: harness.sparkInfo?.master,
    childGroups: groups(),
  };
  writeDevState(options.runsDir, ready);
  const t = harness.timings;
  options.log(`ready: emulator ${ready.endpoint}, Spark ${ready.sparkMaster ?? '-'} (up in ${t.emulatorStartSeconds + t.sparkStartSeconds} s), pid ${process.pid}, idle timeout ${options.idleTimeoutMinutes ? `${options.idleTimeoutMinutes} min` : 'none'}`);

  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals): void => stopWith(signal);
  for (const signal of signals) process.on(signal, onSignal);
  const idleMs = options.idleTimeoutMinutes * 60_000;
  const tick = setInterval(
    () => {
      if (idleMs > 0 && bridge.idleMs() >= idleMs) stopWith(`idle for ${options.idleTimeoutMinutes} min`);
      // A job that killed its server got a new one: the state keeps the live groups for a sweep.
      const now = groups();
      if (now.join() !== ready.childGroups?.join()) {
        ready.childGroups = now;
        writeDevState(options.runsDir, ready);
      }
    },
    Math.max(250, Math.min(30_000, idleMs / 4 || 30_000)),
  );

  const reason = await stopped;
  options.log(`stopping (${reason})`);
  clearInterval(tick);
  await bridge.close();
  await harness.stop();
  removeState();
  process.off('exit', removeState);
  for (const signal of signals) process.off(signal, onSignal);
  options.log(`stopped: served ${bridge.status().sessionsServed} session(s), ${bridge.status().jobsServed} job(s)`);
  return { kind: 'stopped', reason, state: ready };
}
