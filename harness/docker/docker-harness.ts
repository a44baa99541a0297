import * as path from 'node:path';
import createDebug from 'debug';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { EmulatorError } from '../../common/errors';
import { CappedLogFile } from '../emulator/capped-log';
import { ScratchDir } from '../emulator/scratch-dir';
import { PROJECT_ROOT } from '../runtime/paths';
import { SPARK_JARS, jarFileName } from '../runtime/pins';
import { stderrProgress, type ProgressSink } from '../runtime/progress';
import { connectDocker, type Dockerode } from './docker-engine';
import { chooseEmulator, EMULATOR_ALIAS, localstackSettings, motoSettings, startEmulator, type EmulatorKind, type StartedEmulator } from './emulator-container';
import { GlueLibsRunner, requireGlueImage } from './glue-libs';
import type { GlueRunner } from './glue-runner';
import { ensureImages, type HarnessImages } from './image-build';
import { BRIDGE_PORT, JobServerGlue } from './job-server-glue';
import { harnessLabels, newSessionId, removeSession, removeSessionAtExit, sweepStale } from './lifecycle';
import { StartedDockerHarness, type DockerHarnessTimings } from './started-docker-harness';

const debug = createDebug('stedi:docker');

export { EMULATOR_ALIAS };

const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100;

/** Publishes a port on the host's 127.0.0.1 only (testcontainers binds every interface). */
class LoopbackContainer extends GenericContainer {
  withLoopbackPort(port: number): this {
    this.withExposedPorts(port);
    this.hostConfig.PortBindings = { ...this.hostConfig.PortBindings, [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
    return this;
  }
}

/** Directories mounted read-only at the same path in the Glue container, so job script paths need no mapping. */
export function defaultMounts(cwd = process.cwd()): string[] {
  const candidates = [PROJECT_ROOT, cwd].map((dir) => path.resolve(dir)).filter((dir) => dir !== path.parse(dir).root);
  return candidates.filter((dir, i) => candidates.findIndex((other) => other === dir || dir.startsWith(`${other}${path.sep}`)) === i);
}

/**
 * The docker backend, configured testcontainers-style: `await new DockerHarness().start()` builds
 * (or finds) the harness's images, then starts, on one user network, the AWS emulator (moto, or
 * LocalStack when LOCALSTACK_AUTH_TOKEN is set; alias `emulator`, its port published on
 * 127.0.0.1 only) and the Glue container (Java 17, Python 3.11, PySpark, the awsglue layer) whose
 * job server reaches the emulator by that alias; with `withGlueImage(image)`, each job runs
 * instead as spark-submit in a container of that Glue libs image. The started harness has the
 * same surface as the local one (StartedBackend).
 */
export class DockerHarness {
  private spark = true;
  private logDir: string | undefined;
  private progress: ProgressSink = stderrProgress;
  private cancelGraceMs = 30_000;
  private startupTimeoutMs = 180_000;
  private mounts: string[] = [];
  private emulator: EmulatorKind | undefined;
  private glueImage: string | undefined;

  /** Emulator only (no Glue container). */
  withoutSpark(): this {
    this.spark = false;
    return this;
  }

  withLogDir(dir: string): this {
    this.logDir = dir;
    return this;
  }

  withProgress(sink: ProgressSink): this {
    this.progress = sink;
    return this;
  }

  withCancelGrace(ms: number): this {
    this.cancelGraceMs = ms;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  /** Another host directory the job scripts live in (mounted read-only at the same path). */
  withMount(dir: string): this {
    this.mounts.push(path.resolve(dir));
    return this;
  }

  /** moto or localstack; default: localstack when LOCALSTACK_AUTH_TOKEN is set, else moto. */
  withEmulator(kind: EmulatorKind): this {
    this.emulator = kind;
    return this;
  }

  /** Run each job with this Glue libs image's own awsglue (spark-submit per job); it must be on the engine already. */
  withGlueImage(image: string): this {
    this.glueImage = image;
    return this;
  }

  async start(): Promise<StartedDockerHarness> {
    let mark = performance.now();
    const { docker } = await connectDocker();
    const emulatorKind = chooseEmulator(this.emulator);
    // Checked before anything is built or started: a missing image or token is the user's to fix.
    const localstack = emulatorKind === 'localstack' ? localstackSettings() : undefined;
    const glueImage = this.spark && this.glueImage ? await requireGlueImage(docker, this.glueImage) : undefined;
    await sweepStale(docker);
    const images = await ensureImages(docker, this.progress);
    const imagesSeconds = seconds(mark);

    const session = newSessionId();
    const labels = harnessLabels(session);
    const unregisterExitHook = removeSessionAtExit(session, docker);
    const scratch = ScratchDir.create('stedi-docker-');
    const logDir = this.logDir ?? scratch.path;
    const emulatorLog = new CappedLogFile(path.join(logDir, 'emulator.log'));
    const serverLogFile = path.join(logDir, 'job-server.log');
    let glue: GlueRunner | undefined;
    const cleanUp = async (): Promise<void> => {
      await glue?.stop().catch(() => undefined);
      await removeSession(docker, session).catch(() => undefined);
      unregisterExitHook();
      emulatorLog.close();
      scratch.remove();
    };
    try {
      const network = `stedi-${session}`;
      await docker.createNetwork({ Name: network, Driver: 'bridge', Labels: labels, CheckDuplicate: true });
      mark = performance.now();
      const emulator = await startEmulator(docker, { settings: localstack ?? motoSettings(images.moto.tag), network, labels, name: `stedi-emulator-${session}`, log: emulatorLog });
      const emulatorStartSeconds = seconds(mark);
      mark = performance.now();
      const mounts = [...new Set([...defaultMounts(), ...this.mounts])];
      const endpoint = `http://${EMULATOR_ALIAS}:${emulator.port}`;
      if (this.spark && glueImage) {
        glue = new GlueLibsRunner({ docker, image: glueImage, endpoint, network, labels, session, logFile: serverLogFile });
      } else if (this.spark) {
        glue = await JobServerGlue.start({
          docker,
          image: { ref: images.glue.tag, id: images.glue.id },
          startContainer: (generation) => this.startGlue(images, network, labels, `stedi-glue-${session}${generation > 1 ? `-${generation}` : ''}`, mounts, endpoint),
          mounts,
          logFile: serverLogFile,
          startupTimeoutMs: this.startupTimeoutMs,
          cancelGraceMs: this.cancelGraceMs,
        });
      }
      const timings: DockerHarnessTimings = { imagesSeconds, emulatorStartSeconds, sparkStartSeconds: glue?.mode === 'job-server' ? seconds(mark) : 0 };
      debug('docker harness %s started: %o', session, timings);
      return new StartedDockerHarness({ docker, session, emulator, glue, images, timings, emulatorLog, cleanUp });
    } catch (error) {
      await cleanUp();
      throw error;
    }
  }

  private async startGlue(images: HarnessImages, network: string, labels: Record<string, string>, name: string, mounts: string[], endpoint: string): Promise<StartedTestContainer> {
    const services = ['S3', 'GLUE', 'ATHENA', 'STS'];
    try {
      return await new LoopbackContainer(images.glue.tag)
        .withName(name)
        .withLabels(labels)
        .withNetworkMode(network)
        .withNetworkAliases('glue')
        .withLoopbackPort(BRIDGE_PORT)
        .withBindMounts(mounts.map((dir) => ({ source: dir, target: dir, mode: 'ro' as const })))
        .withEnvironment({
          STEDI_BACKEND: 'docker',
          STEDI_EMULATOR_ALIAS: EMULATOR_ALIAS,
          STEDI_AWS_ENDPOINT: endpoint,
          AWS_ENDPOINT_URL: endpoint,
          ...Object.fromEntries(services.map((service) => [`AWS_ENDPOINT_URL_${service}`, endpoint])),
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_SESSION_TOKEN: 'testing',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_REGION: 'us-east-1',
          STEDI_SPARK_MASTER: 'local[*]',
          STEDI_SPARK_JARS: SPARK_JARS.map((jar) => `/opt/stedi/jars/${jarFileName(jar)}`).join(','),
          HOME: '/tmp',
        })
        .withWaitStrategy(Wait.forLogMessage(/job bridge listening/))
        .withStartupTimeout(60_000)
        .start();
    } catch (error) {
      throw new EmulatorError('GLUE_CONTAINER_START_FAILED', `the Glue container ${name} (${images.glue.tag}) did not start: ${(error as Error).message}`, error);
    }
  }
}

export type { Dockerode, StartedEmulator };
