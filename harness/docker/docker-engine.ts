import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { EnvironmentError } from '../../common/errors';

/** The Docker Engine API client testcontainers resolved (DOCKER_HOST, the socket, ...). */
export type Dockerode = ContainerRuntimeClient['container']['dockerode'];

export interface DockerEngine {
  client: ContainerRuntimeClient;
  docker: Dockerode;
}

/**
 * Testcontainers' reaper (Ryuk) is an image pulled from Docker Hub, which a machine without an
 * image registry cannot get; the harness removes what it started itself (see lifecycle.ts).
 * Set before testcontainers first looks for it, unless the user chose otherwise.
 */
export function disableReaperUnlessConfigured(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
}

export const DOCKER_INSTALL_HINT =
  'Install a Docker Engine and start it (Debian/Ubuntu as root: `apt-get install docker.io` then `dockerd &`; ' +
  'or Docker Desktop), or point DOCKER_HOST at one; `.ci/docker-setup.sh` does this on a CI runner';

let engine: Promise<DockerEngine> | undefined;

/** The engine, once per process; fails with what to install when none answers. */
export function connectDocker(): Promise<DockerEngine> {
  disableReaperUnlessConfigured();
  engine ??= (async () => {
    try {
      const client = await getContainerRuntimeClient();
      const docker = client.container.dockerode;
      await docker.ping();
      return { client, docker };
    } catch (error) {
      engine = undefined;
      throw new EnvironmentError('DOCKER_NOT_AVAILABLE', `no Docker engine answers: ${(error as Error).message}. ${DOCKER_INSTALL_HINT}`, error);
    }
  })();
  return engine;
}

/** Why the docker backend cannot run here, or undefined when an engine answers (for skips). */
export async function dockerUnavailableReason(): Promise<string | undefined> {
  try {
    await connectDocker();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The same question answered synchronously (a child process asks the engine), for a test file
 * deciding at load time whether its docker suite runs or is skipped.
 */
export function dockerUnavailableReasonSync(timeoutMs = 30_000): string | undefined {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const script = `require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient()
    .then((c) => c.container.dockerode.ping()).then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true' } });
  if (probe.status === 0) return undefined;
  return `no Docker engine answers (${(probe.stderr || probe.error?.message || 'no answer').trim().split('\n')[0]}). ${DOCKER_INSTALL_HINT}`;
}
