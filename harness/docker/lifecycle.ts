import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import createDebug from 'debug';
import { isProcessRunning } from '../../common/process-table';
import { onExitCleanup } from '../emulator/child-processes';
import type { Dockerode } from './docker-engine';

const debug = createDebug('stedi:docker');

/**
 * Every container and network the docker backend creates carries these labels. Without
 * testcontainers' reaper, they are how the harness finds its own leftovers: removed at stop, on
 * Ctrl-C and at exit (removeSessionSync), and swept at the next start when the process that
 * made them is gone (sweepStale).
 */
export const HARNESS_LABEL = 'org.stedi.harness';
export const SESSION_LABEL = 'org.stedi.harness.session';
export const PID_LABEL = 'org.stedi.harness.pid';
export const HOST_LABEL = 'org.stedi.harness.host';

export function newSessionId(): string {
  return `s${randomBytes(6).toString('hex')}`;
}

export function harnessLabels(sessionId: string): Record<string, string> {
  return { [HARNESS_LABEL]: 'docker-backend', [SESSION_LABEL]: sessionId, [PID_LABEL]: String(process.pid), [HOST_LABEL]: os.hostname() };
}

/** Whether labelled resources were left by a process of this machine that no longer runs. */
export function isStale(labels: Record<string, string> | undefined): boolean {
  if (!labels || labels[HARNESS_LABEL] === undefined) return false;
  if (labels[HOST_LABEL] !== os.hostname()) return false; // another machine's engine user: not ours to judge
  const pid = Number(labels[PID_LABEL]);
  return !Number.isInteger(pid) || pid <= 0 || !isProcessRunning(pid);
}

async function removeMatching(docker: Dockerode, filters: Record<string, string[]>, keep: (labels: Record<string, string> | undefined) => boolean): Promise<{ containers: string[]; networks: string[] }> {
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => keep(c.Labels));
  await Promise.allSettled(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  const networks = (await docker.listNetworks({ filters })).filter((n) => keep(n.Labels));
  await Promise.allSettled(networks.map((n) => docker.getNetwork(n.Id).remove()));
  return { containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)), networks: networks.map((n) => n.Name) };
}

/** Removes containers and networks a dead harness process left behind (a kill -9, a crash). */
export async function sweepStale(docker: Dockerode): Promise<{ containers: string[]; networks: string[] }> {
  const removed = await removeMatching(docker, { label: [HARNESS_LABEL] }, isStale);
  if (removed.containers.length + removed.networks.length > 0) debug('swept stale containers %o and networks %o', removed.containers, removed.networks);
  return removed;
}

/** Removes everything of one session (stop, test teardown). */
export function removeSession(docker: Dockerode, sessionId: string): Promise<{ containers: string[]; networks: string[] }> {
  return removeMatching(docker, { label: [`${SESSION_LABEL}=${sessionId}`] }, () => true);
}

/**
 * The same, synchronously, for exit and signal hooks (which cannot wait for a promise): a child
 * Node process does it with the engine client testcontainers resolved, so no docker CLI is needed.
 */
function removeSessionSync(sessionId: string, dockerodeModule: string, socketPath: string | undefined): void {
  const script = `
const Docker = require(${JSON.stringify(dockerodeModule)});
const docker = new Docker(${socketPath ? `{ socketPath: ${JSON.stringify(socketPath)} }` : ''});
const filters = { label: [${JSON.stringify(`${SESSION_LABEL}=${sessionId}`)}] };
(async () => {
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {});
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => {});
})().catch(() => {});`;
  spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 20_000 });
}

/** Registers the synchronous removal of a session at exit / Ctrl-C; returns its unregister. */
export function removeSessionAtExit(sessionId: string, docker: Dockerode): () => void {
  const dockerodeModule = require.resolve('dockerode', { paths: [require.resolve('testcontainers')] });
  const socketPath = (docker.modem as { socketPath?: string }).socketPath;
  return onExitCleanup(() => removeSessionSync(sessionId, dockerodeModule, typeof socketPath === 'string' ? socketPath : undefined));
}
