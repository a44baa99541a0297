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
