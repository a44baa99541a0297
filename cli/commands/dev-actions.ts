/**
 * What `stedi dev`, `stedi dev stop` and `stedi dev status` do. `stedi dev` starts the server
 * detached (a `stedi dev --foreground` child in its own session, output in <runs>/.dev/dev.log)
 * and returns once its state file says ready; the server then outlives the terminal command.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmulatorError, InputError } from '../../common/errors';
import { packagePath } from '../../common/package-root';
import { DEFAULT_IDLE_TIMEOUT_MINUTES, type DevHarnessClient, devLogDir, devStatePath, findDevHarness, isProcessAlive, killHarnessGroups, liveDevState, readDevState, runDevServer, type DevState } from '../../harness/dev';
import { assertSparkMaster } from '../../harness/job-server/spark-master';
import { parseIdleTimeout, type DevCommandOptions } from './dev';

const say = (line: string): void => void process.stdout.write(`stedi dev: ${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describeState(state: DevState): string {
  return `pid ${state.pid}, emulator ${state.endpoint ?? '(starting)'}, Spark ${state.sparkMaster ?? '-'}, state file ${devStatePath(state.runsDir)}`;
}

export async function startDev(options: DevCommandOptions): Promise<number> {
  const idleTimeoutMinutes = parseIdleTimeout(options.idleTimeout ?? String(DEFAULT_IDLE_TIMEOUT_MINUTES));
  assertSparkMaster(options.sparkMaster ?? process.env.STEDI_SPARK_MASTER ?? 'local[*]', options.allowRemoteSpark === true);
  const runsDir = path.resolve(options.runsDir);
  if (options.watch && options.foreground) throw new InputError('OPTION_INVALID', '--watch runs in front already and uses a detached dev harness: give --watch alone');
  if (options.foreground) {
    const outcome = await runDevServer({ runsDir, idleTimeoutMinutes, sparkMaster: options.sparkMaster, allowRemoteSpark: options.allowRemoteSpark, log: say });
    if (outcome.kind === 'already-running') say(`already running (${describeState(outcome.state)})`);
    return 0;
  }
  const state = await ensureDevRunning(options, runsDir, idleTimeoutMinutes);
  if (!options.watch) return 0;
  const { watchAndRerun } = require('./dev-watch') as typeof import('./dev-watch');
  return watchAndRerun(options, state);
}

/** The running server's state, starting one detached first if none is up. */
async function ensureDevRunning(options: DevCommandOptions, runsDir: string, idleTimeoutMinutes: number): Promise<DevState> {
  const running = liveDevState(runsDir);
  if (running) {
    say(`already running (${describeState(running)}); \`stedi dev stop\` stops it`);
    return running;
  }
  const logDir = devLogDir(runsDir);
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'dev.log');
  const out = fs.openSync(logFile, 'a');
  const args = [packagePath('bin', 'stedi.js'), 'dev', '--foreground', '--runs-dir', runsDir, '--idle-timeout', String(idleTimeoutMinutes)];
  if (options.sparkMaster) args.push('--spark-master', options.sparkMaster);
  if (options.allowRemoteSpark) args.push('--allow-remote-spark');
  // Its own session (detached): the terminal's Ctrl-C or hangup does not reach it.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out], cwd: process.cwd(), env: process.env });
  fs.closeSync(out);
  child.unref();
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  process.stderr.write(`stedi dev: starting the local AWS emulation and Spark in the background (pid ${child.pid}, log ${logFile})\n`);
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const state = readDevState(runsDir);
    if (state?.state === 'ready' && state.pid === child.pid) {
      say(`ready (${describeState(state)}); idle timeout ${idleTimeoutMinutes ? `${idleTimeoutMinutes} min` : 'none'}; \`stedi dev stop\` stops it`);
      return state;
    }
    if (exited !== undefined) {
      // Another `stedi dev` won the race: its server is the one.
      const other = liveDevState(runsDir);
      if (exited === 0 && other) {
        say(`already running (${describeState(other)})`);
        return other;
      }
      throw new EmulatorError('DEV_START_FAILED', `the dev harness exited (code ${String(exited)}) before it was ready; ${logFile} ends with:\n${tail(logFile)}`);
    }
    await sleep(200);
  }
  throw new EmulatorError('DEV_START_FAILED', `the dev harness (pid ${child.pid}) was not ready after 10 minutes; see ${logFile}`);
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Asks the server to stop over its bridge (it stops Spark and moto cleanly), falls back to
 * SIGTERM, then SIGKILL; harness processes of its recorded groups that survive are killed.
 */
export async function stopDev(runsDirOption: string): Promise<number> {
  const runsDir = path.resolve(runsDirOption);
  const state = liveDevState(runsDir);
  if (!state) {
    say(`not running (no live server for ${devStatePath(runsDir)})`);
    return 0;
  }
  const lookup = await findDevHarness(runsDir);
  let served = '';
  if (lookup.found) {
    served = `; it served ${lookup.status.sessionsServed} session(s), ${lookup.status.jobsServed} job(s) in ${formatDuration(lookup.status.uptimeSeconds)}`;
    await lookup.found.requestStop().catch(() => undefined);
    await lookup.found.stop();
  } else {
    signal(state.pid, 'SIGTERM');
  }
  if (!(await waitForExit(state.pid, 60_000))) {
    signal(state.pid, 'SIGTERM');
    if (!(await waitForExit(state.pid, 15_000))) signal(state.pid, 'SIGKILL');
    await waitForExit(state.pid, 5_000);
  }
  const latest = readDevState(runsDir);
  killHarnessGroups(latest?.childGroups ?? state.childGroups ?? []);
  if (latest?.pid === state.pid) fs.rmSync(devStatePath(runsDir), { force: true });
  say(`stopped (pid ${state.pid})${served}`);
  return 0;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export async function devStatus(runsDirOption: string, json: boolean): Promise<number> {
  const runsDir = path.resolve(runsDirOption);
  const lookup = await findDevHarness(runsDir);
  if (!lookup.found) {
    const why = lookup.why ?? `no state file ${devStatePath(runsDir)}`;
    process.stdout.write(json ? `${JSON.stringify({ running: false, why }, null, 2)}\n` : `stedi dev: not running (${why})\n`);
    return 1;
  }
  const { state } = lookup.found;
  const status = lookup.status;
  await lookup.found.stop();
  if (json) {
    const { token: _token, ...visible } = state;
    process.stdout.write(`${JSON.stringify({ running: true, ...visible, ...status }, null, 2)}\n`);
    return 0;
  }
  const holder = status.holder ? `busy: ${status.holder.description} since ${status.holder.since}${status.waiting ? ` (${status.waiting} waiting)` : ''}` : `idle for ${formatDuration(status.idleSeconds)}`;
  process.stdout.write(
    [
      `stedi dev: running (pid ${state.pid})`,
      `  emulator   ${state.endpoint}`,
      `  spark      ${state.sparkMaster ?? '-'}`,
      `  uptime     ${formatDuration(status.uptimeSeconds)} (since ${state.startedAt})`,
      `  served     ${status.sessionsServed} session(s), ${status.jobsServed} job(s)`,
      `  now        ${holder}`,
      `  idle stop  ${state.idleTimeoutMinutes ? `after ${state.idleTimeoutMinutes} min without a run` : 'never'}`,
      `  logs       ${state.logDir}`,
    ].join('\n') + '\n',
  );
  return 0;
}

/**
 * The running dev harness of `runsDir`, leased and reset for this run; undefined (a fresh
 * harness is started) when none is up, it does not answer, or it runs another Spark master.
 * A busy server is waited for: runs through it are one at a time.
 */
export async function useDevHarness(runsDir: string, sparkMaster: string | undefined, holder: string): Promise<DevHarnessClient | undefined> {
  const lookup = await findDevHarness(path.resolve(runsDir));
  if (!lookup.found) {
    if (lookup.why) process.stderr.write(`stedi: not using the dev harness: ${lookup.why}; starting a fresh one\n`);
    return undefined;
  }
  const client = lookup.found;
  const master = sparkMaster ?? process.env.STEDI_SPARK_MASTER;
  if (master !== undefined && master !== client.state.sparkMaster) {
    process.stderr.write(`stedi: not using the dev harness: it runs Spark on ${client.state.sparkMaster ?? '?'}, this run asks for ${master}; starting a fresh one\n`);
    await client.stop();
    return undefined;
  }
  await client.claim(holder, (busy) => process.stderr.write(`stedi: the dev harness is busy (${busy.description}, since ${busy.since}); waiting for it\n`));
  process.stderr.write(`using the dev harness (pid ${client.pid}, emulator ${client.getEndpoint()}, up ${formatDuration(lookup.status.uptimeSeconds)}): no emulator or Spark start; --no-dev starts a fresh one\n`);
  return client;
}
