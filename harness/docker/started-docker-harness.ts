import type { AthenaClient } from '@aws-sdk/client-athena';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import * as path from 'node:path';
import createDebug from 'debug';
import type { StartedTestContainer } from 'testcontainers';
import { EmulatorError } from '../../common/errors';
import type { BackendRecord } from '../../common/run-dir';
import type { StartedBackend } from '../backend';
import { createLocalClients, type AwsClients } from '../clients';
import type { CappedLogFile } from '../emulator/capped-log';
import type { EmulatorStatus } from '../emulator/moto-emulator';
import type { RestartRecord, StartedGlueJobServer } from '../job-server/glue-job-server';
import type { JobRun, JobRunRequest } from '../job-server/protocol';
import type { Dockerode } from './docker-engine';
import type { HarnessImages } from './image-build';

const debug = createDebug('stedi:docker');

export interface DockerHarnessTimings {
  /** Finding (or building) the images. */
  imagesSeconds: number;
  emulatorStartSeconds: number;
  /** The Glue container and the first SparkSession in it. */
  sparkStartSeconds: number;
}

export interface StartedDockerParts {
  docker: Dockerode;
  session: string;
  emulator: StartedTestContainer;
  glue: StartedTestContainer | undefined;
  jobServer: StartedGlueJobServer | undefined;
  images: HarnessImages;
  timings: DockerHarnessTimings;
  mounts: string[];
  emulatorLog: CappedLogFile;
  serverLog: CappedLogFile;
  cleanUp: () => Promise<void>;
}

/** A started docker backend: the same surface as the local one, the containers behind it. */
export class StartedDockerHarness implements StartedBackend {
  readonly kind = 'docker' as const;
  private readonly clients: AwsClients;
  private readonly endpoint: string;
  private readonly copiedScripts = new Set<string>();
  private stopped: Promise<void> | undefined;

  constructor(private readonly parts: StartedDockerParts) {
    this.endpoint = `http://127.0.0.1:${parts.emulator.getMappedPort(5000)}`;
    this.clients = createLocalClients(this.endpoint);
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

  /** The names of the containers, e.g. for `docker logs`. */
  get containers(): { emulator: string; glue?: string } {
    return { emulator: this.parts.emulator.getName().replace(/^\//, ''), ...(this.parts.glue ? { glue: this.parts.glue.getName().replace(/^\//, '') } : {}) };
  }

  /** run.json's `backend`: the emulator, how jobs run, the images (tag and id) and the containers. */
  describeBackend(): BackendRecord {
    const { images } = this.parts;
    return {
      kind: 'docker',
      emulator: 'moto',
      glueJobs: 'job-server',
      images: { emulator: { ref: images.moto.tag, id: images.moto.id }, ...(this.parts.glue ? { glue: { ref: images.glue.tag, id: images.glue.id } } : {}) },
      containers: this.containers,
    };
  }

  get jobServerRestarts(): readonly RestartRecord[] {
    return this.parts.jobServer?.restarts ?? [];
  }

  getEndpoint(): string {
    return this.endpoint;
  }

  get s3(): S3Client {
    return this.clients.s3;
  }

  get glue(): GlueClient {
    return this.clients.glue;
  }

  get athena(): AthenaClient {
    return this.clients.athena;
  }

  logFiles(): Record<string, string> {
    const files: Record<string, string> = { 'emulator.log': this.parts.emulatorLog.file };
    if (this.parts.jobServer) files['job-server.log'] = this.parts.serverLog.file;
    return files;
  }

  /** Whether the emulator container runs; a dead one is named with its exit code. */
  async emulatorStatus(): Promise<EmulatorStatus> {
    const name = this.containers.emulator;
    const logFile = this.parts.emulatorLog.file;
    try {
      const state = (await this.parts.docker.getContainer(this.parts.emulator.getId()).inspect()).State;
      if (state.Running) return { alive: true, logFile };
      const how = state.OOMKilled ? 'killed: out of memory' : `status ${state.Status}`;
      return { alive: false, exitCode: state.ExitCode, signal: null, logFile, message: `the emulator container ${name} (moto) is not running (${how}, exit code ${state.ExitCode})` };
    } catch (error) {
      return { alive: false, exitCode: null, signal: null, logFile, message: `the emulator container ${name} (moto) is gone: ${(error as Error).message}` };
    }
  }

  /** A script outside the mounted directories is copied into the Glue container at the same path. */
  private async makeScriptVisible(script: string): Promise<void> {
    const resolved = path.resolve(script);
    if (this.parts.mounts.some((dir) => resolved.startsWith(`${dir}${path.sep}`)) || this.copiedScripts.has(resolved)) return;
    await this.parts.glue?.copyFilesToContainer([{ source: resolved, target: resolved }]);
    this.copiedScripts.add(resolved);
    debug('copied %s into the Glue container', resolved);
  }

  async runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    const jobServer = this.parts.jobServer;
    if (!jobServer) throw new EmulatorError('NO_SPARK', `cannot run ${request.jobName}: this harness was started withoutSpark()`);
    const status = await this.emulatorStatus();
    if (!status.alive) throw new EmulatorError('EMULATOR_DIED', `cannot run ${request.jobName}: ${status.message ?? 'the emulator container is not running'}; see ${status.logFile}`);
    await this.makeScriptVisible(request.script);
    return jobServer.runJob(request, onStarted);
  }

  /** A clean AWS and a clean Spark catalog for the next run, without restarting either. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new EmulatorError('EMULATOR_RESET_FAILED', `POST ${this.endpoint}/moto-api/reset answered ${response.status}`);
    await this.parts.jobServer?.reset();
  }

  /** Stops the job server, removes both containers and the network (idempotent). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await this.parts.jobServer?.stop().catch(() => undefined);
      for (const client of Object.values(this.clients)) client.destroy();
      await this.parts.cleanUp();
      debug('docker harness %s stopped', this.parts.session);
    })();
    return this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
