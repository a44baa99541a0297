import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import createDebug from 'debug';
import { EmulatorError, InputError } from '../../common/errors';
import { childEnvironment, createChildSandbox } from '../clients';
import { CappedLogFile } from '../emulator/capped-log';
import { killGroupRemnants } from '../emulator/child-processes';
import { assertLoopbackEndpoint } from '../emulator/loopback';
import { ScratchDir } from '../emulator/scratch-dir';
import { PROJECT_ROOT, PYTHON_SOURCE_DIR } from '../runtime/paths';
import { defaultJobTimeoutMinutes, GLUE_MAX_TIMEOUT_MINUTES } from '../runtime/pins';
import type { Runtime } from '../runtime/provision';
import type { JobRun, JobRunRequest, ReadyEvent } from './protocol';
import { describeExit, JobServerProcess, type ProcessExit, type ProcessLaunch } from './server-process';
import { assertSparkMaster } from './spark-master';
import { sparkKnobsFromEnvironment } from './spark-knobs';

const debug = createDebug('stedi:spark');
const jobDebug = createDebug('stedi:job');

const seconds = (since: number): number => Math.round((performance.now() - since) / 100) / 10;

/** Rejects a timeout Glue would reject: not a positive number of minutes, or 7 days or more. */
export function assertJobTimeout(jobName: string, minutes: number): void {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0 || minutes >= GLUE_MAX_TIMEOUT_MINUTES) {
    throw new InputError('JOB_TIMEOUT_INVALID', `job ${jobName}: timeout must be a number of minutes above 0 and below ${GLUE_MAX_TIMEOUT_MINUTES} (7 days, Glue's limit), got ${JSON.stringify(minutes)}`);
  }
}

function quoteJavaOption(option: string): string {
  return /\s/.test(option) ? `"${option}"` : option;
}

/**
 * The Glue job server: one long-lived Python process holding one SparkSession, which runs many
 * Glue job scripts one after another (one JVM start per harness, not per job, unlike the AWS
 * Glue Docker image's spark-submit per script). A job that kills its process fails alone: the
 * server is restarted for the next one.
 */
export class GlueJobServer {
  private master = process.env.STEDI_SPARK_MASTER ?? 'local[*]';
  private remoteSparkAllowed = false;
  private startupTimeoutMs = 180_000;
  private cancelGraceMs = 30_000;
  private logFile: string | undefined;
  private sparkConf: Record<string, string> = {};

  constructor(
    private readonly runtime: Runtime,
    private readonly endpoint: string,
  ) {
    assertLoopbackEndpoint(endpoint);
  }

  /** `local[*]` by default; another local master or a loopback `spark://127.0.0.1:7077`. */
  withSparkMaster(master: string): this {
    this.master = master;
    return this;
  }

  /** Lets the Spark master be a remote host (the user asked for it: `--allow-remote-spark`). */
  withRemoteSparkAllowed(allowed = true): this {
    this.remoteSparkAllowed = allowed;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  /** How long a timed-out job may take to stop once cancelled before the server is killed. */
  withCancelGrace(ms: number): this {
    this.cancelGraceMs = ms;
    return this;
  }

  withLogFile(file: string): this {
    this.logFile = file;
    return this;
  }

  withSparkConf(conf: Record<string, string>): this {
    this.sparkConf = { ...this.sparkConf, ...conf };
    return this;
  }

  async start(): Promise<StartedGlueJobServer> {
    assertSparkMaster(this.master, this.remoteSparkAllowed);
    const knobs = sparkKnobsFromEnvironment();
    const scratch = ScratchDir.create('stedi-spark-');
    const log = new CappedLogFile(this.logFile ?? path.join(scratch.path, 'job-server.log'));
    try {
      // Spark's and Python's temp files and the children's HOME live in the scratch dir, removed at stop.
      const sandbox = createChildSandbox(scratch.dir('sandbox'));
      const tmp = scratch.dir('tmp');
      const javaOptions = [`-Duser.home=${sandbox.home}`, `-Djava.io.tmpdir=${tmp}`].map(quoteJavaOption).join(' ');
      const sparkConf = {
        'spark.local.dir': tmp,
        ...knobs,
        ...this.sparkConf,
        'spark.driver.extraJavaOptions': [javaOptions, this.sparkConf['spark.driver.extraJavaOptions']].filter(Boolean).join(' '),
      };
      const env = childEnvironment(
        this.endpoint,
        {
          PYTHONPATH: [PYTHON_SOURCE_DIR, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
          JAVA_HOME: this.runtime.java.home,
          PYSPARK_PYTHON: this.runtime.python.python,
          PYSPARK_DRIVER_PYTHON: this.runtime.python.python,
          STEDI_SPARK_MASTER: this.master,
          STEDI_SPARK_JARS: this.runtime.jars.join(','),
          STEDI_SPARK_CONF: JSON.stringify(sparkConf),
          SPARK_LOCAL_IP: '127.0.0.1',
          PYTHONUNBUFFERED: '1',
          TMPDIR: tmp,
        },
        sandbox,
      );
      const launch: ProcessLaunch = { python: this.runtime.python.python, args: ['-m', 'stedi_glue.job_server'], cwd: PROJECT_ROOT, env, log };
      debug('job server starting (master %s, log %s)', this.master, log.file);
      const server = new StartedGlueJobServer(launch, scratch, { startupTimeoutMs: this.startupTimeoutMs, cancelGraceMs: this.cancelGraceMs });
      const ready = await server.boot();
      debug('Spark %s ready in %ss', ready.sparkVersion, ready.startupSeconds);
      return server;
    } catch (error) {
      log.close();
      scratch.remove();
      throw error;
    }
  }
}

export interface RestartRecord {
  at: string;
  reason: string;
  seconds: number;
  pid: number | undefined;
}

export class StartedGlueJobServer implements AsyncDisposable {
  private current: JobServerProcess | undefined;
  private spawning: JobServerProcess | undefined;
  private booting: Promise<JobServerProcess> | undefined;
  private broken: Error | undefined;
  private readyEvent: ReadyEvent | undefined;
  private stopped = false;
  private runningJob: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Every restart after a death or a kill, in order (also written to the job server log). */
  readonly restarts: RestartRecord[] = [];

  constructor(
    private readonly launch: ProcessLaunch,
    private readonly scratch: ScratchDir,
    private readonly options: { startupTimeoutMs: number; cancelGraceMs: number },
  ) {}

  get logFile(): string {
    return this.launch.log.file;
  }

  get info(): ReadyEvent {
    if (!this.readyEvent) throw new EmulatorError('JOB_SERVER_NOT_READY', 'the job server is not ready yet');
    return this.readyEvent;
  }

  isRunning(): boolean {
    return !this.stopped && this.broken === undefined;
  }

  /** Starts the first process; the caller sees a startup failure as an exception. */
  async boot(): Promise<ReadyEvent> {
    await this.spawn();
    return this.info;
  }

  private async spawn(): Promise<JobServerProcess> {
    const proc = JobServerProcess.spawn(this.launch);
    this.spawning = proc;
    void proc.exited.then((exit) => this.onExit(proc, exit));
    try {
      this.readyEvent = await proc.waitForReady(this.options.startupTimeoutMs);
    } catch (error) {
      await proc.kill();
      throw error;
    } finally {
      this.spawning = undefined;
    }
    if (this.stopped) {
      await proc.kill();
      throw new EmulatorError('JOB_SERVER_STOPPED', 'the job server was stopped while it was starting');
    }
    this.current = proc;
    return proc;
  }

  private onExit(proc: JobServerProcess, exit: ProcessExit): void {
    killGroupRemnants(proc.pid); // the JVM of a server that died on its own
    if (this.stopped || proc !== this.current) return;
    this.current = undefined;
    const during = this.runningJob ? ` during job ${this.runningJob}` : '';
    this.restart(`the job server (pid ${String(proc.pid)}) exited (${describeExit(exit)})${during}`).catch(() => undefined);
  }

  /** Replaces a dead or killed process with a new one (a new SparkSession); logs why and how long. */
  private restart(reason: string): Promise<JobServerProcess> {
    if (this.booting) return this.booting;
    const mark = performance.now();
    this.launch.log.note(`[stedi] ${new Date().toISOString()} ${reason}; restarting the job server`);
    debug('%s; restarting', reason);
    this.booting = this.spawn()
      .then(
        (proc) => {
          const took = seconds(mark);
          this.restarts.push({ at: new Date().toISOString(), reason, seconds: took, pid: proc.pid });
          this.launch.log.note(`[stedi] ${new Date().toISOString()} job server restarted in ${took} s (pid ${String(proc.pid)})`);
          debug('job server restarted in %ss', took);
          return proc;
        },
        (error: Error) => {
          if (!this.stopped) {
            this.broken = error;
            this.launch.log.note(`[stedi] ${new Date().toISOString()} restarting the job server failed: ${error.message}`);
          }
          throw error;
        },
      )
      .finally(() => {
        this.booting = undefined;
      });
    return this.booting;
  }

  /** The process to run the next request on, restarted first if it died. */
  private async live(): Promise<JobServerProcess> {
    if (this.stopped) throw new EmulatorError('JOB_SERVER_STOPPED', 'the job server has been stopped');
    if (this.broken) throw new EmulatorError('JOB_SERVER_DIED', `the job server died and could not be restarted: ${this.broken.message}`, this.broken);
    if (this.booting) return this.booting;
    if (this.current?.isRunning()) return this.current;
    return this.restart('the job server was not running');
  }

  /** Jobs run one at a time in submission order, like a queue of Glue job runs. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs a job script to completion: SUCCEEDED, FAILED (the script raised or exited non-zero, or
   * its process died: JOB_SERVER_DIED) or TIMEOUT, always with the job's own output. Only a
   * server that cannot be (re)started throws.
   */
  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    const minutes = request.timeoutMinutes ?? defaultJobTimeoutMinutes();
    try {
      assertJobTimeout(request.jobName, minutes);
    } catch (error) {
      return Promise.reject(error);
    }
    const jobRunId = `jr_${randomBytes(16).toString('hex')}`;
    const args = { ...request.arguments, '--JOB_NAME': request.arguments?.['--JOB_NAME'] ?? request.jobName };
    return this.serialized(async () => {
      const proc = await this.live();
      jobDebug('%s %s starting', request.jobName, jobRunId);
      const clock = performance.now();
      let startedOn = new Date().toISOString();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      let graceTimer: NodeJS.Timeout | undefined;
      const limit = `${minutes} minute${minutes === 1 ? '' : 's'}`;
      const onTimeout = (): void => {
        timedOut = true;
        this.launch.log.note(`[stedi] ${new Date().toISOString()} job ${request.jobName} (${jobRunId}) exceeded its timeout of ${limit}; cancelling it`);
        proc.cancel(jobRunId, `the job run exceeded its timeout of ${limit} and was stopped (TIMEOUT)`);
        graceTimer = setTimeout(() => {
          this.launch.log.note(`[stedi] ${new Date().toISOString()} job ${request.jobName} did not stop within ${this.options.cancelGraceMs / 1000} s of being cancelled; killing the job server`);
          void proc.kill();
        }, this.options.cancelGraceMs);
      };
      this.runningJob = `${request.jobName} (${jobRunId})`;
      try {
        const outcome = await proc.runJob({ jobRunId, jobName: request.jobName, script: path.resolve(request.script), arguments: args }, (started) => {
          startedOn = started;
          timer = setTimeout(onTimeout, minutes * 60_000);
          onStarted?.(jobRunId);
        });
        if (outcome.kind === 'finished') {
          const { id: _id, event: _event, ...run } = outcome.event;
          jobDebug('%s %s %s in %ss', request.jobName, jobRunId, run.state, run.executionSeconds);
          return { ...run, output: outcome.output };
        }
        const executionSeconds = Math.round(performance.now() - clock) / 1000;
        const died: JobRun = {
          jobRunId,
          jobName: request.jobName,
          state: timedOut ? 'TIMEOUT' : 'FAILED',
          startedOn,
          completedOn: new Date().toISOString(),
          executionSeconds,
          error: timedOut
            ? { type: 'Timeout', message: `the job run exceeded its timeout of ${limit} and did not stop within ${this.options.cancelGraceMs / 1000} s of being cancelled; the job server was killed and is restarted for the next job` }
            : { type: 'JOB_SERVER_DIED', message: `the job's Python process died during the run (${describeExit(outcome.exit)}); the harness restarts the job server for the next job (see ${this.logFile})` },
          output: outcome.output,
          dataQuality: [],
        };
        jobDebug('%s %s %s: %s', request.jobName, jobRunId, died.state, died.error?.message);
        return died;
      } finally {
        this.runningJob = undefined;
        clearTimeout(timer);
        clearTimeout(graceTimer);
      }
    });
  }

  async ping(): Promise<void> {
    await this.serialized(async () => (await this.live()).request({ op: 'ping' }));
  }

  /**
   * Drops Spark-side temp views, caches and synced catalog objects between pipeline runs.
   * Parsed reads kept by content (stedi_glue/read_cache.py) stay unless `forgetReads`: a later
   * run reads the same bytes from them.
   */
  async reset(options: { forgetReads?: boolean } = {}): Promise<void> {
    await this.serialized(async () => (await this.live()).request({ op: 'reset', ...(options.forgetReads ? { forgetReads: true } : {}) }));
  }

  /** Stops the server (a restart in progress included) and removes its temp dir. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.spawning?.kill();
    const proc = this.current;
    if (proc?.isRunning()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        // A graceful shutdown stops Spark cleanly; a server stuck in a job gets 15 s, then terminate.
        await Promise.race([proc.request({ op: 'shutdown' }), new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
      } catch {
        // already gone: terminate below makes sure
      } finally {
        clearTimeout(timer);
      }
      await proc.terminate();
    }
    if (proc) killGroupRemnants(proc.pid);
    this.launch.log.close();
    this.scratch.remove();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
