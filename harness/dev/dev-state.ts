/**
 * The state file of a running `stedi dev`: `<runs dir>/dev.json`. It says where the warm harness
 * answers (emulator endpoint, bridge port) and holds the token the bridge checks, so the file is
 * written owner-only (0600): a process of another local user cannot read the token and drive the
 * job server. The file exists while the server lives; a file whose pid is gone is stale and swept.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod/v4';
import { InputError } from '../../common/errors';
import { isProcessRunning, killHarnessGroups } from './process-tree';

export const DEV_STATE_FILE = 'dev.json';
/** The dev server's own logs (its stdout/stderr, emulator.log, job-server.log): not a run directory. */
export const DEV_LOG_DIR = '.dev';
export const DEV_STATE_SCHEMA_VERSION = 1;

const devStateSchema = z.object({
  schemaVersion: z.literal(DEV_STATE_SCHEMA_VERSION),
  /** `starting` while the harness boots (the file is the lock), `ready` once the bridge answers. */
  state: z.enum(['starting', 'ready']),
  pid: z.number().int().positive(),
  startedAt: z.string(),
  runsDir: z.string(),
  logDir: z.string(),
  idleTimeoutMinutes: z.number().nonnegative(),
  endpoint: z.string().optional(),
  bridgePort: z.number().int().positive().optional(),
  token: z.string().optional(),
  sparkMaster: z.string().optional(),
  /** Process groups the server leads (moto, the job server): swept if the server itself was killed. */
  childGroups: z.array(z.number().int().positive()).optional(),
});
export type DevState = z.infer<typeof devStateSchema>;

export function devStatePath(runsDir: string): string {
  return path.resolve(runsDir, DEV_STATE_FILE);
}

export function devLogDir(runsDir: string): string {
  return path.resolve(runsDir, DEV_LOG_DIR);
}

/** Whether the server's process runs (a zombie does not). */
export function isProcessAlive(pid: number): boolean {
  return isProcessRunning(pid);
}

/** The state file, validated; undefined when there is none. A malformed file names itself. */
export function readDevState(runsDir: string): DevState | undefined {
  const file = devStatePath(runsDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // A half-written file cannot happen (rename), so this is someone else's file: say so.
    throw new InputError('DEV_STATE_INVALID', `${file} is not JSON: remove it if no \`stedi dev\` is running`);
  }
  const parsed = devStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError('DEV_STATE_INVALID', `${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'} (schemaVersion ${DEV_STATE_SCHEMA_VERSION} expected); remove it if no \`stedi dev\` is running`);
  }
  return parsed.data;
}

/**
 * Creates the state file as a lock (`wx`: fails if it exists). Returns false when another server
 * holds it. Written 0600 because the ready state carries the token.
 */
export function claimDevState(runsDir: string, state: DevState): boolean {
  fs.mkdirSync(path.resolve(runsDir), { recursive: true });
  try {
    fs.writeFileSync(devStatePath(runsDir), `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Replaces the state file atomically (readers never see half a file), keeping it owner-only. */
export function writeDevState(runsDir: string, state: DevState): void {
  const file = devStatePath(runsDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** Removes the state file if it still belongs to `pid` (a newer server's file is left alone). */
export function removeDevState(runsDir: string, pid: number): void {
  try {
    const state = readDevState(runsDir);
    if (state && state.pid !== pid) return;
    fs.rmSync(devStatePath(runsDir), { force: true });
  } catch {
    // best effort while exiting
  }
}

/**
 * The live server's state, or undefined. A file whose pid is gone is stale: the process groups
 * it recorded (moto, the job server) are killed if any member survived, and the file is removed.
 */
export function liveDevState(runsDir: string): DevState | undefined {
  const state = readDevState(runsDir);
  if (!state) return undefined;
  if (isProcessAlive(state.pid)) return state;
  sweepStale(runsDir, state);
  return undefined;
}

function sweepStale(runsDir: string, state: DevState): void {
  killHarnessGroups(state.childGroups ?? []);
  removeDevState(runsDir, state.pid);
}
