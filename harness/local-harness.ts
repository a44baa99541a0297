import type { AthenaClient } from '@aws-sdk/client-athena';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import * as path from 'node:path';
import { EmulatorError } from '../common/errors';
import type { StartedBackend } from './backend';
import { MotoEmulator, type EmulatorStatus, type StartedMotoEmulator } from './emulator/moto-emulator';
import { GlueJobServer, type RestartRecord, type StartedGlueJobServer } from './job-server/glue-job-server';
import { assertSparkMaster } from './job-server/spark-master';
import type { JobRun, JobRunRequest } from './job-server/protocol';
import { stderrProgress, type ProgressSink } from './runtime/progress';
import { provisionRuntime } from './runtime/provision';

export interface HarnessTimings {
  provisionSeconds: number;
  emulatorStartSeconds: number;
  sparkStartSeconds: number;
}

const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100;

/**
 * The local backend, configured testcontainers-style: `await new LocalHarness().start()` gives
 * an offline AWS (moto: S3 + Glue Data Catalog + Athena on 127.0.0.1) with SDK clients, and a
 * Glue job server running real job scripts on a local Spark against it.
 */
export class LocalHarness {
  private sparkMaster: string | undefined;
  private remoteSparkAllowed = false;
  private cancelGraceMs: number | undefined;
  private spark = true;
  private logDir: string | undefined;
  private progress: ProgressSink = stderrProgress;
  private sparkConf: Record<string, string> = {};

  withSparkMaster(master: string): this {
    this.sparkMaster = master;
    return this;
  }

  /**
   * Allows a Spark master that is not on this machine (`--allow-remote-spark`). Without it only
   * `local[...]` and loopback `spark://` masters are accepted.
   */
  withRemoteSparkAllowed(allowed = true): this {
    this.remoteSparkAllowed = allowed;
    return this;
  }

  /** How long a timed-out job gets to stop once cancelled before its server is killed (default 30 s). */
  withCancelGrace(ms: number): this {
    this.cancelGraceMs = ms;
    return this;
  }

  /** Spark settings for the job server's session (e.g. spark.driver.memory, spark.sql.shuffle.partitions). */
  withSparkConf(conf: Record<string, string>): this {
    this.sparkConf = { ...this.sparkConf, ...conf };
    return this;
  }

  /** Emulator only: for tests and commands that never run a job (no JVM start). */
  withoutSpark(): this {
    this.spark = false;
    return this;
  }

  /** Where emulator.log and job-server.log are written (kept for the run record). */
  withLogDir(dir: string): this {
    this.logDir = dir;
    return this;
  }

  withProgress(sink: ProgressSink): this {
    this.progress = sink;
    return this;
  }

  async start(): Promise<StartedLocalHarness> {
    // A bad master fails before anything starts.
    if (this.spark) assertSparkMaster(this.sparkMaster ?? process.env.STEDI_SPARK_MASTER ?? 'local[*]', this.remoteSparkAllowed);
    let mark = performance.now();
    const runtime = await provisionRuntime(this.progress);
    const provisionSeconds = seconds(mark);

    mark = performance.now();
    const emulator = new MotoEmulator(runtime.python.python);
    if (this.logDir) emulator.withLogFile(path.join(this.logDir, 'emulator.log'));
    const started = await emulator.start();
    const emulatorStartSeconds = seconds(mark);

    let jobServer: StartedGlueJobServer | undefined;
    mark = performance.now();
    if (this.spark) {
      const server = new GlueJobServer(runtime, started.getEndpoint());
      if (this.sparkMaster) server.withSparkMaster(this.sparkMaster);
      server.withRemoteSparkAllowed(this.remoteSparkAllowed);
      server.withSparkConf(this.sparkConf);
      if (this.cancelGraceMs !== undefined) server.withCancelGrace(this.cancelGraceMs);
      if (this.logDir) server.withLogFile(path.join(this.logDir, 'job-server.log'));
      try {
        jobServer = await server.start();
      } catch (error) {
        await started.stop();
        throw error;
      }
    }
    const sparkStartSeconds = this.spark ? seconds(mark) : 0;
    return new StartedLocalHarness(started, jobServer, { provisionSeconds, emulatorStartSeconds, sparkStartSeconds });
  }
}

export class StartedLocalHarness implements StartedBackend {
  readonly kind = 'local' as const;

  constructor(
    readonly emulator: StartedMotoEmulator,
    private readonly jobServer: StartedGlueJobServer | undefined,
    readonly timings: HarnessTimings,
  ) {}

  getEndpoint(): string {
    return this.emulator.getEndpoint();
  }

  get s3(): S3Client {
    return this.emulator.s3;
  }

  get glue(): GlueClient {
    return this.emulator.glue;
  }

  get athena(): AthenaClient {
    return this.emulator.athena;
  }

  get sparkInfo() {
    return this.jobServer?.info;
  }

  /** Job server restarts so far (a job killed its process, or a timed-out job would not stop). */
  get jobServerRestarts(): readonly RestartRecord[] {
    return this.jobServer?.restarts ?? [];
  }

  async emulatorStatus(): Promise<EmulatorStatus> {
    return this.emulator.status();
  }

  logFiles(): Record<string, string> {
    const files: Record<string, string> = { 'emulator.log': this.emulator.logFile };
    if (this.jobServer) files['job-server.log'] = this.jobServer.logFile;
    return files;
  }

  /** Runs one Glue job script; a script that raises gives a FAILED run, not an exception. */
  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    if (!this.jobServer) {
      return Promise.reject(new EmulatorError('NO_SPARK', `cannot run ${request.jobName}: this harness was started withoutSpark()`));
    }
    const status = this.emulator.status();
    if (!status.alive) {
      const how = status.signal ? `killed by ${status.signal}` : `exit code ${String(status.exitCode)}`;
      return Promise.reject(new EmulatorError('EMULATOR_DIED', `cannot run ${request.jobName}: the emulator died (${how}); see ${this.emulator.logFile}`));
    }
    return this.jobServer.runJob(request, onStarted);
  }

  /** A clean AWS and a clean Spark catalog for the next run, without restarting either. */
  async reset(options: { forgetReads?: boolean } = {}): Promise<void> {
    await this.emulator.reset();
    await this.jobServer?.reset(options);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.jobServer?.stop(), this.emulator.stop()]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
