import { LocalstackContainer } from '@testcontainers/localstack';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { EmulatorError, EnvironmentError, InputError } from '../../common/errors';
import type { CappedLogFile } from '../emulator/capped-log';
import { motoEnvironment } from '../emulator/moto-emulator';
import type { Dockerode } from './docker-engine';
import { imageId } from './image-build';

/**
 * The AWS emulator container of the docker backend: moto (the default, built here, free S3, Glue
 * and Athena) or LocalStack through `@testcontainers/localstack`, chosen when
 * LOCALSTACK_AUTH_TOKEN is set or `--emulator localstack` is given. LocalStack's images need that
 * token since March 2026 ("Starting March 23, 2026, localstack/localstack requires authentication
 * via a LOCALSTACK_AUTH_TOKEN", https://java.testcontainers.org/modules/localstack/), and its Glue
 * and Athena are paid (Pro) features, hence the Pro image. It cannot be pulled on a machine
 * without an image registry, so only its selection and configuration are tested here.
 */
export type EmulatorKind = 'moto' | 'localstack';

export const EMULATOR_ALIAS = 'emulator';
export const MOTO_PORT = 5000;
export const LOCALSTACK_PORT = 4566;
/** LocalStack Pro (Glue and Athena are Pro services); the Rust testcontainers module pins 4.5 as well. STEDI_LOCALSTACK_IMAGE overrides. */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack-pro:4.5';

export function parseEmulatorKind(value: string): EmulatorKind {
  if (value === 'moto' || value === 'localstack') return value;
  throw new InputError('OPTION_INVALID', `--emulator must be moto or localstack, got ${JSON.stringify(value)}`);
}

/** The emulator a docker run uses: the one asked for, else LocalStack when its token is set, else moto. */
export function chooseEmulator(requested: EmulatorKind | undefined, env: NodeJS.ProcessEnv = process.env): EmulatorKind {
  if (requested) return requested;
  return env.LOCALSTACK_AUTH_TOKEN ? 'localstack' : 'moto';
}

export interface EmulatorSettings {
  kind: EmulatorKind;
  image: string;
  port: number;
  environment: Record<string, string>;
}

/** LocalStack with the three services the harness uses, the token from the environment, reachable by the alias. */
export function localstackSettings(env: NodeJS.ProcessEnv = process.env): EmulatorSettings {
  const token = env.LOCALSTACK_AUTH_TOKEN;
  if (!token) {
    throw new EnvironmentError('LOCALSTACK_TOKEN_MISSING', 'the LocalStack emulator needs LOCALSTACK_AUTH_TOKEN (its images require it since March 2026; Glue and Athena are paid LocalStack features). Set it, or use --emulator moto');
  }
  return {
    kind: 'localstack',
    image: env.STEDI_LOCALSTACK_IMAGE ?? DEFAULT_LOCALSTACK_IMAGE,
    port: LOCALSTACK_PORT,
    environment: {
      LOCALSTACK_AUTH_TOKEN: token,
      SERVICES: 's3,glue,athena,sts',
      // The hostname LocalStack puts in the URLs it returns: the alias the Glue container reaches it by.
      LOCALSTACK_HOST: `${EMULATOR_ALIAS}:${LOCALSTACK_PORT}`,
      AWS_DEFAULT_REGION: 'us-east-1',
    },
  };
}

export function motoSettings(tag: string): EmulatorSettings {
  return { kind: 'moto', image: tag, port: MOTO_PORT, environment: motoEnvironment(process.env) };
}

/** Publishes a port on the host's 127.0.0.1 only (testcontainers binds every interface). */
function bindLoopback(container: GenericContainer, port: number): void {
  // hostConfig is protected in GenericContainer; this is the one place that reaches into it.
  const hostConfig = (container as unknown as { hostConfig: { PortBindings?: Record<string, unknown> } }).hostConfig;
  hostConfig.PortBindings = { ...hostConfig.PortBindings, [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
}

export interface EmulatorContainerOptions {
  settings: EmulatorSettings;
  network: string;
  labels: Record<string, string>;
  name: string;
  log: CappedLogFile;
}

/** The container, configured and not started: moto's own, or LocalstackContainer. */
export function emulatorContainer(options: EmulatorContainerOptions): GenericContainer {
  const { settings } = options;
  const container = settings.kind === 'localstack' ? new LocalstackContainer(settings.image) : new GenericContainer(settings.image).withExposedPorts(settings.port).withWaitStrategy(Wait.forLogMessage(/Running on/));
  container
    .withName(options.name)
    .withLabels(options.labels)
    .withNetworkMode(options.network)
    .withNetworkAliases(EMULATOR_ALIAS)
    .withEnvironment(settings.environment)
    .withLogConsumer((stream) => options.log.follow(stream))
    .withStartupTimeout(settings.kind === 'localstack' ? 120_000 : 60_000);
  bindLoopback(container, settings.port);
  return container;
}

export interface StartedEmulator {
  kind: EmulatorKind;
  container: StartedTestContainer;
  port: number;
  image: { ref: string; id: string };
}

/**
 * Starts the emulator. An image the engine does not have is refused before testcontainers tries
 * to pull it (which would hang on a machine without a registry), naming the image and what it needs.
 */
export async function startEmulator(docker: Dockerode, options: EmulatorContainerOptions): Promise<StartedEmulator> {
  const { settings } = options;
  const id = await imageId(docker, settings.image);
  if (!id) {
    if (settings.kind === 'localstack') {
      throw new EnvironmentError(
        'EMULATOR_IMAGE_NOT_FOUND',
        `the LocalStack image ${settings.image} is not on this Docker engine: \`docker pull ${settings.image}\` needs an image registry (Docker Hub) and a paid LocalStack auth token (LOCALSTACK_AUTH_TOKEN; Glue and Athena are Pro features). Pull it first, set STEDI_LOCALSTACK_IMAGE to one you have, or use --emulator moto (built here, no registry needed)`,
      );
    }
    throw new EnvironmentError('EMULATOR_IMAGE_NOT_FOUND', `the moto image ${settings.image} is not on this Docker engine: run \`stedi images build\``);
  }
  try {
    const container = await emulatorContainer(options).start();
    return { kind: settings.kind, container, port: settings.port, image: { ref: settings.image, id } };
  } catch (error) {
    throw new EmulatorError('EMULATOR_START_FAILED', `the emulator container (${settings.kind}, ${settings.image}) did not start: ${(error as Error).message}; see ${options.log.file}`, error);
  }
}

/** How to empty the emulator between runs: moto's reset API, LocalStack's state reset. */
export function resetPath(kind: EmulatorKind): string {
  return kind === 'localstack' ? '/_localstack/state/reset' : '/moto-api/reset';
}
