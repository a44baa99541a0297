import * as path from 'node:path';
import createDebug from 'debug';
import type { StartedTestContainer } from 'testcontainers';
import { EmulatorError } from '../../common/errors';
import { CappedLogFile } from '../emulator/capped-log';
import { ScratchDir } from '../emulator/scratch-dir';
import { StartedGlueJobServer, type RestartRecord } from '../job-server/glue-job-server';
import type { JobRun, JobRunRequest } from '../job-server/protocol';
import type { Dockerode } from './docker-engine';
import type { GlueRunner } from './glue-runner';
import { bridgeLaunch } from './job-bridge-client';

const debug = createDebug('stedi:docker');

export const BRIDGE_PORT = 7070;

export interface JobServerGlueOptions {
  docker: Dockerode;
  image: { ref: string; id: string };
  /** Starts a Glue container; `generation` 1 is the first, a replacement after a crash counts up. */
  startContainer: (generation: number) => Promise<StartedTestContainer>;
  /** Host directories mounted at the same path (a script elsewhere is copied in). */
  mounts: string[];
  logFile: string;
  startupTimeoutMs: number;
  cancelGraceMs: number;
}

interface Generation {
  number: number;
  container: StartedTestContainer;
  name: string;
  jobServer: StartedGlueJobServer;
  log: CappedLogFile;
  copiedScripts: Set<string>;
}

/** A stopped container's state in words: "exit code 137, killed: out of memory". */
export function describeContainerExit(state: { Status?: string; ExitCode?: number; OOMKilled?: boolean; Error?: string }): string {
  return [`status ${state.Status ?? 'unknown'}`, `exit code ${String(state.ExitCode ?? 'unknown')}`, state.OOMKilled ? 'killed: out of memory' : '', state.Error ? state.Error : ''].filter(Boolean).join(', ');
}

/**
 * The Glue container with the harness's job server behind the job bridge. A job that kills its
 * job server process fails alone (the supervisor starts a new server over a new bridge
 * connection). A job that takes the whole container down (kills the bridge, exhausts the memory
 * limit, a `docker kill`) fails alone too: its error names the container and how it stopped, and
 * the next job runs in a new Glue container on the same network, against the same emulator (its
 * S3 and catalog are untouched), like the fresh environment AWS gives every job run.
 */
export class JobServerGlue implements GlueRunner {
  readonly mode = 'job-server' as const;
  private generation: Generation | undefined;
  private replacing: Promise<Generation> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Every Glue container replaced after a crash, in order. */
  readonly containerRestarts: Array<{ at: string; reason: string; seconds: number; container: string }> = [];

  private constructor(private readonly options: JobServerGlueOptions) {}

  static async start(options: JobServerGlueOptions): Promise<JobServerGlue> {
    const glue = new JobServerGlue(options);
    glue.generation = await glue.startGeneration(1);
    return glue;
  }

  get image(): { ref: string; id: string } {
    return this.options.image;
  }

  get containerName(): string {
    return this.generation?.name ?? '(none)';
  }

  get logFile(): string {
    return this.options.logFile;
  }

  /** The job server restarts of the current container (a job that killed its own process). */
  get jobServerRestarts(): readonly RestartRecord[] {
    return this.generation?.jobServer.restarts ?? [];
  }

  private async startGeneration(number: number): Promise<Generation> {
    const container = await this.options.startContainer(number);
    const name = container.getName().replace(/^\//, '');
    // One log file for every container of the harness (appended); its own scratch dir, so
    // replacing a job server never removes the harness's.
    const log = new CappedLogFile(this.options.logFile);
    const jobServer = new StartedGlueJobServer(bridgeLaunch('127.0.0.1', container.getMappedPort(BRIDGE_PORT), log), ScratchDir.create('stedi-docker-js-'), {
      startupTimeoutMs: this.options.startupTimeoutMs,
      cancelGraceMs: this.options.cancelGraceMs,
    });
    try {
      await jobServer.boot();
    } catch (error) {
      await jobServer.stop().catch(() => undefined);
      await this.remove(container);
      throw error;
    }
    return { number, container, name, jobServer, log, copiedScripts: new Set() };
  }

  private async remove(container: StartedTestContainer): Promise<void> {
    await this.options.docker
      .getContainer(container.getId())
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }

  /** How the container stopped, or undefined while it runs. */
  private async containerDeath(generation: Generation): Promise<string | undefined> {
    try {
      const state = (await this.options.docker.getContainer(generation.container.getId()).inspect()).State;
      return state.Running ? undefined : describeContainerExit(state);
    } catch (error) {
      return `gone (${(error as Error).message})`;
    }
  }

  /**
   * After a job whose job server died: did the container die with it? The bridge connection
   * closes when the container's processes die, a moment before the engine records the exit: ask
   * a few times.
   */
  private async containerDeathAfterCrash(generation: Generation): Promise<string | undefined> {
    for (let attempt = 0; attempt < 12; attempt++) {
      const death = await this.containerDeath(generation);
      if (death) return death;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return undefined;
  }

  /** The current generation, replaced first when its container stopped or its job server cannot restart. */
  private async live(): Promise<Generation> {
    if (this.stopped) throw new EmulatorError('GLUE_STOPPED', 'the docker harness has been stopped');
    if (this.replacing) return this.replacing;
    const current = this.generation as Generation;
    const death = await this.containerDeath(current);
    if (!death && current.jobServer.isRunning()) return current;
    const reason = death ? `the Glue container ${current.name} stopped (${death})` : `the job server in ${current.name} could not be restarted`;
    this.replacing = this.replace(current, reason).finally(() => {
      this.replacing = undefined;
    });
    return this.replacing;
  }

  private async replace(old: Generation, reason: string): Promise<Generation> {
    const mark = performance.now();
    old.log.note(`[stedi] ${new Date().toISOString()} ${reason}; starting a new Glue container`);
    debug('%s; replacing the Glue container', reason);
    await old.jobServer.stop().catch(() => undefined);
    await this.remove(old.container);
    let next: Generation;
    try {
      next = await this.startGeneration(old.number + 1);
    } catch (error) {
      throw new EmulatorError('GLUE_CONTAINER_START_FAILED', `${reason}, and a new Glue container did not start: ${(error as Error).message}`, error);
    }
    const seconds = Math.round((performance.now() - mark) / 100) / 10;
    this.containerRestarts.push({ at: new Date().toISOString(), reason, seconds, container: next.name });
    next.log.note(`[stedi] ${new Date().toISOString()} new Glue container ${next.name} ready in ${seconds} s`);
    this.generation = next;
    return next;
  }

  /** A script outside the mounted directories is copied into the Glue container at the same path. */
  private async makeScriptVisible(generation: Generation, script: string): Promise<void> {
    const resolved = path.resolve(script);
    if (this.options.mounts.some((dir) => resolved.startsWith(`${dir}${path.sep}`)) || generation.copiedScripts.has(resolved)) return;
    await generation.container.copyFilesToContainer([{ source: resolved, target: resolved }]);
    generation.copiedScripts.add(resolved);
    debug('copied %s into %s', resolved, generation.name);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    return this.serialized(async () => {
      const generation = await this.live();
      await this.makeScriptVisible(generation, request.script);
      const run = await generation.jobServer.runJob(request, onStarted);
      if (run.state === 'SUCCEEDED' || run.error?.type !== 'JOB_SERVER_DIED') return run;
      const death = await this.containerDeathAfterCrash(generation);
      if (!death) return run;
      const message = `the Glue container ${generation.name} stopped during job ${request.jobName} (${death}); only this job failed: the next job runs in a new Glue container (see ${this.logFile})`;
      generation.log.note(`[stedi] ${new Date().toISOString()} ${message}`);
      return { ...run, state: run.state === 'TIMEOUT' ? 'TIMEOUT' : 'FAILED', error: { type: 'GLUE_CONTAINER_DIED', message } };
    });
  }

  async reset(): Promise<void> {
    await this.serialized(async () => (await this.live()).jobServer.reset());
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.replacing?.catch(() => undefined);
    await this.generation?.jobServer.stop().catch(() => undefined);
  }
}
