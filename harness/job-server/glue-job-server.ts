import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import createDebug from 'debug';
import { openChildLog } from '../emulator/log-file';
import { EmulatorError } from '../../common/errors';
import { childEnvironment } from '../clients';
import { stopChild, trackChild } from '../emulator/child-processes';
import { assertLoopbackEndpoint } from '../emulator/loopback';
import { PROJECT_ROOT, PYTHON_SOURCE_DIR } from '../runtime/paths';
import type { Runtime } from '../runtime/provision';
import type { JobRun, JobRunRequest, ReadyEvent, ServerEvent } from './protocol';

const debug = createDebug('stedi:spark');
const jobDebug = createDebug('stedi:job');

function logTail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The Glue job server: one long-lived Python process holding one SparkSession, which runs many
 * Glue job scripts one after another (one JVM start per harness, not per job, unlike the AWS
 * Glue Docker image's spark-submit per script).
 */
export class GlueJobServer {
  private master = process.env.STEDI_SPARK_MASTER ?? 'local[*]';
  private startupTimeoutMs = 180_000;
  private logFile: string | undefined;
  private sparkConf: Record<string, string> = {};

  constructor(
    private readonly runtime: Runtime,
    private readonly endpoint: string,
  ) {
    assertLoopbackEndpoint(endpoint);
  }

  /** `local[*]` by default; a `spark://host:7077` cluster URL works the same way. */
  withSparkMaster(master: string): this {
    this.master = master;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
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
    const { file: logFile, fd: log } = openChildLog(this.logFile, 'stedi-spark-', 'job-server.log');
    const env = childEnvironment(this.endpoint, {
      PYTHONPATH: [PYTHON_SOURCE_DIR, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
      JAVA_HOME: this.runtime.java.home,
      PYSPARK_PYTHON: this.runtime.python.python,
      PYSPARK_DRIVER_PYTHON: this.runtime.python.python,
      STEDI_SPARK_MASTER: this.master,
      STEDI_SPARK_JARS: this.runtime.jars.join(','),
      STEDI_SPARK_CONF: JSON.stringify(this.sparkConf),
      SPARK_LOCAL_IP: '127.0.0.1',
      PYTHONUNBUFFERED: '1',
    });
    const child = spawn(this.runtime.python.python, ['-m', 'stedi_glue.job_server'], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['pipe', log, log, 'pipe'],
      detached: true, // own process group, so the JVM it starts is stopped with it
    });
    fs.closeSync(log);
    trackChild(child);
    debug('job server starting (master %s, log %s)', this.master, logFile);
    const server = new StartedGlueJobServer(child, logFile);
    const ready = await server.waitForReady(this.startupTimeoutMs);
    debug('Spark %s ready in %ss', ready.sparkVersion, ready.startupSeconds);
    return server;
  }
}

interface Pending {
  resolve: (event: ServerEvent) => void;
  reject: (error: Error) => void;
  onStarted?: (jobRunId: string) => void;
}

export class StartedGlueJobServer implements AsyncDisposable {
  private readonly pending = new Map<string, Pending>();
  private readyEvent: ReadyEvent | undefined;
  private readyWaiter: Pending | undefined;
  private exitReason: string | undefined;
  private sequence = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    const events = child.stdio[3] as Readable;
    readline.createInterface({ input: events }).on('line', (line) => this.onLine(line));
    child.once('exit', (code, signal) => {
      this.exitReason = `the job server exited (code ${String(code)}, signal ${String(signal)})`;
      const error = new EmulatorError('JOB_SERVER_DIED', `${this.exitReason}; log tail (${logFile}):\n${logTail(logFile)}`);
      this.readyWaiter?.reject(error);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    });
  }

  get info(): ReadyEvent {
    if (!this.readyEvent) throw new EmulatorError('JOB_SERVER_NOT_READY', 'the job server is not ready yet');
    return this.readyEvent;
  }

  isRunning(): boolean {
    return this.exitReason === undefined;
  }

  waitForReady(timeoutMs: number): Promise<ReadyEvent> {
    return new Promise<ReadyEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new EmulatorError('JOB_SERVER_TIMEOUT', `Spark did not start within ${timeoutMs} ms; log tail (${this.logFile}):\n${logTail(this.logFile)}`));
        void stopChild(this.child, 1_000);
      }, timeoutMs);
      this.readyWaiter = {
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event as ReadyEvent);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  private onLine(line: string): void {
    let event: ServerEvent;
    try {
      event = JSON.parse(line) as ServerEvent;
    } catch {
      debug('unparsable event line: %s', line);
      return;
    }
    if (event.event === 'ready') {
      this.readyEvent = event;
      this.readyWaiter?.resolve(event);
      return;
    }
    if (event.event === 'fatal') {
      this.readyWaiter?.reject(new EmulatorError('JOB_SERVER_FATAL', `the job server could not start Spark: ${event.message}\n${event.traceback ?? ''}\nlog tail (${this.logFile}):\n${logTail(this.logFile)}`));
      return;
    }
    const id = 'id' in event ? event.id : null;
    const pending = id === null ? undefined : this.pending.get(id);
    if (!pending) return;
    if (event.event === 'started') {
      pending.onStarted?.(event.jobRunId);
      return;
    }
    this.pending.delete(id as string);
    if (event.event === 'error') pending.reject(new EmulatorError('JOB_SERVER_REQUEST', `the job server rejected a request: ${event.message}`));
    else pending.resolve(event);
  }

  private request(body: Record<string, unknown>, onStarted?: (jobRunId: string) => void): Promise<ServerEvent> {
    if (this.exitReason) return Promise.reject(new EmulatorError('JOB_SERVER_DIED', `${this.exitReason}; see ${this.logFile}`));
    const id = `r${++this.sequence}`;
    return new Promise<ServerEvent>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onStarted });
      (this.child.stdin as Writable).write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** Jobs run one at a time in submission order, like a queue of Glue job runs. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs a job script to completion. A script that raises yields a FAILED run with its
   * traceback (not an exception); only a dead server throws.
   */
  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    const jobRunId = `jr_${randomBytes(16).toString('hex')}`;
    const args = { ...request.arguments, '--JOB_NAME': request.arguments?.['--JOB_NAME'] ?? request.jobName };
    return this.serialized(async () => {
      jobDebug('%s %s starting', request.jobName, jobRunId);
      const event = await this.request({ op: 'run', jobRunId, jobName: request.jobName, script: path.resolve(request.script), arguments: args }, onStarted);
      const { id: _id, event: _event, ...run } = event as { id: string; event: string } & JobRun;
      jobDebug('%s %s %s in %ss', request.jobName, jobRunId, run.state, run.executionSeconds);
      return run;
    });
  }

  async ping(): Promise<void> {
    await this.serialized(() => this.request({ op: 'ping' }));
  }

  /** Drops Spark-side temp views, caches and synced catalog objects between pipeline runs. */
  async reset(): Promise<void> {
    await this.serialized(() => this.request({ op: 'reset' }));
  }

  async stop(): Promise<void> {
    if (this.exitReason) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A graceful shutdown stops Spark cleanly; a server stuck in a job gets 15 s, then stopChild.
      await Promise.race([this.serialized(() => this.request({ op: 'shutdown' })), new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
    } catch {
      // already gone: stopChild below makes sure
    } finally {
      clearTimeout(timer);
    }
    await stopChild(this.child);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
