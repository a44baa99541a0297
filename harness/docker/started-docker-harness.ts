import createDebug from 'debug';
import { EmulatorError } from '../../common/errors';
import type { BackendRecord } from '../../common/run-dir';
import type { StartedBackend } from '../backend';
import { EmulatorClients } from '../clients';
import type { CappedLogFile } from '../emulator/capped-log';
import type { EmulatorStatus } from '../emulator/moto-emulator';
import type { RestartRecord } from '../job-server/glue-job-server';
import type { JobRun, JobRunRequest } from '../job-server/protocol';
import type { Dockerode } from './docker-engine';
import { resetPath, type StartedEmulator } from './emulator-container';
import type { GlueRunner } from './glue-runner';
import type { HarnessImages } from './image-build';
import { describeContainerExit, JobServerGlue } from './job-server-glue';

const debug = createDebug('stedi:docker');

export interface DockerHarnessTimings {
  /** Finding (or building) the images. */
  imagesSeconds: number;
  emulatorStartSeconds: number;
  /** The Glue container and the first SparkSession in it (0 with a Glue libs image: each job starts its own). */
  sparkStartSeconds: number;
}

export interface StartedDockerParts {
  docker: Dockerode;
  session: string;
  emulator: StartedEmulator;
  glue: GlueRunner | undefined;
  images: HarnessImages;
  timings: DockerHarnessTimings;
  emulatorLog: CappedLogFile;
  cleanUp: () => Promise<void>;
}

/** A started docker backend: the same surface as the local one, the containers behind it. */
export class StartedDockerHarness extends EmulatorClients implements StartedBackend {
  readonly kind = 'docker' as const;
  private stopped: Promise<void> | undefined;

  constructor(private readonly parts: StartedDockerParts) {
    // The host reaches the emulator container only through its port published on 127.0.0.1.
    super(`http://127.0.0.1:${parts.emulator.container.getMappedPort(parts.emulator.port)}`);
  }

  get session(): string {
    return this.parts.session;
  }

  get images(): HarnessImages {
    return this.parts.images;
  }

  get timings(): DockerHarnessTimings {
    return this.parts.timings;
  }

  /** The names of the containers, e.g. for `docker logs` (the Glue one is the current one: a crashed one is replaced). */
  get containers(): { emulator: string; glue?: string } {
    return { emulator: this.parts.emulator.container.getName().replace(/^\//, ''), ...(this.parts.glue ? { glue: this.parts.glue.containerName } : {}) };
  }

  /** run.json's `backend`: the emulator, how jobs run, the images (tag and id) and the containers. */
  describeBackend(): BackendRecord {
    const { emulator, glue } = this.parts;
    return {
      kind: 'docker',
      emulator: emulator.kind,
      ...(glue ? { glueJobs: glue.mode } : {}),
      images: { emulator: emulator.image, ...(glue ? { glue: glue.image } : {}) },
      containers: this.containers,
    };
  }

  /** Job servers restarted in the current Glue container after a job killed its process. */
  get jobServerRestarts(): readonly RestartRecord[] {
    return this.parts.glue instanceof JobServerGlue ? this.parts.glue.jobServerRestarts : [];
  }

  /** Glue containers replaced after a job took one down. */
  get glueContainerRestarts(): JobServerGlue['containerRestarts'] {
    return this.parts.glue instanceof JobServerGlue ? this.parts.glue.containerRestarts : [];
  }


  logFiles(): Record<string, string> {
    const files: Record<string, string> = { 'emulator.log': this.parts.emulatorLog.file };
    if (this.parts.glue) files['job-server.log'] = this.parts.glue.logFile;
    return files;
  }

  /** Whether the emulator container runs; a dead one is named with its exit code. */
  async emulatorStatus(): Promise<EmulatorStatus> {
    const name = this.containers.emulator;
    const kind = this.parts.emulator.kind;
    const logFile = this.parts.emulatorLog.file;
    try {
      const state = (await this.parts.docker.getContainer(this.parts.emulator.container.getId()).inspect()).State;
      if (state.Running) return { alive: true, logFile };
      return { alive: false, exitCode: state.ExitCode, signal: null, logFile, message: `the emulator container ${name} (${kind}) is not running (${describeContainerExit(state)})` };
    } catch (error) {
      return { alive: false, exitCode: null, signal: null, logFile, message: `the emulator container ${name} (${kind}) is gone: ${(error as Error).message}` };
    }
  }

  async runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    const glue = this.parts.glue;
    if (!glue) throw new EmulatorError('NO_SPARK', `cannot run ${request.jobName}: this harness was started withoutSpark()`);
    const status = await this.emulatorStatus();
    if (!status.alive) throw new EmulatorError('EMULATOR_DIED', `cannot run ${request.jobName}: ${status.message ?? 'the emulator container is not running'}; see ${status.logFile}`);
    return glue.runJob(request, onStarted);
  }

  /** A clean AWS and a clean Spark catalog for the next run, without restarting either. */
  async reset(): Promise<void> {
    const url = `${this.endpoint}${resetPath(this.parts.emulator.kind)}`;
    const response = await fetch(url, { method: 'POST' });
    if (!response.ok) throw new EmulatorError('EMULATOR_RESET_FAILED', `POST ${url} answered ${response.status}`);
    await this.parts.glue?.reset();
  }

  /** Stops the job server, removes the containers and the network (idempotent). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.destroyClients();
      await this.parts.cleanUp();
      debug('docker harness %s stopped', this.parts.session);
    })();
    return this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
