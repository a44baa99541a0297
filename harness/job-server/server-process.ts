import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import createDebug from 'debug';
import { EmulatorError } from '../../common/errors';
import type { CappedLogFile } from '../emulator/capped-log';
import { killChild, stopChild, trackChild } from '../emulator/child-processes';
import { JobOutputCollector } from './job-output';
import { outputEndMarker, type FinishedEvent, type ReadyEvent, type ServerEvent } from './protocol';

const debug = createDebug('stedi:spark');

export interface ProcessLaunch {
  python: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The job server log, shared by every process of one started server (restarts append). */
  log: CappedLogFile;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`;
}

/** How a job ended on one process: a `finished` event, or the process died under it. */
export type ProcessJobOutcome =
  | { kind: 'finished'; event: FinishedEvent; output: string }
  | { kind: 'died'; exit: ProcessExit; output: string };

interface Pending {
  resolve: (event: ServerEvent) => void;
  reject: (error: Error) => void;
  onEvent?: (event: ServerEvent) => void;
}

export function logTail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * One Python job server process (one SparkSession): spawned with the protocol's five file
 * descriptors, its stdout/stderr fed into the capped server log, its fd 4 into the output of the
 * job in progress. StartedGlueJobServer supervises these and replaces one that dies.
 */
export class JobServerProcess {
  private readonly pending = new Map<string, Pending>();
  private readyWaiter: Pending | undefined;
  private exitInfo: ProcessExit | undefined;
  private collector: JobOutputCollector | undefined;
  private outputEnded = false;
  private sequence = 0;
  readonly exited: Promise<ProcessExit>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly log: CappedLogFile,
  ) {
    log.follow(child.stdout);
    log.follow(child.stderr);
    readline.createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => this.onLine(line));
    const output = child.stdio[4] as Readable;
    output.on('data', (chunk: Buffer) => this.onOutput(chunk));
    output.on('end', () => {
      this.outputEnded = true;
      this.collector?.close();
    });
    (child.stdin as Writable).on('error', () => undefined); // a dead server: the exit handler reports it
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        const error = new EmulatorError('JOB_SERVER_DIED', `the job server (pid ${String(child.pid)}) exited (${describeExit(this.exitInfo)}); log tail (${log.file}):\n${logTail(log.file)}`);
        this.readyWaiter?.reject(error);
        this.readyWaiter = undefined;
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
        resolve(this.exitInfo);
      });
    });
  }

  static spawn(launch: ProcessLaunch): JobServerProcess {
    const child = spawn(launch.python, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so the JVM it starts is stopped with it
    });
    trackChild(child);
    return new JobServerProcess(child, launch.log);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exit(): ProcessExit | undefined {
    return this.exitInfo;
  }

  isRunning(): boolean {
    return this.exitInfo === undefined;
  }

  waitForReady(timeoutMs: number): Promise<ReadyEvent> {
    return new Promise<ReadyEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiter = undefined;
        reject(new EmulatorError('JOB_SERVER_TIMEOUT', `Spark did not start within ${timeoutMs} ms; log tail (${this.log.file}):\n${logTail(this.log.file)}`));
        void killChild(this.child);
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
      this.readyWaiter?.resolve(event);
      this.readyWaiter = undefined;
      return;
    }
    if (event.event === 'fatal') {
      this.readyWaiter?.reject(new EmulatorError('JOB_SERVER_FATAL', `the job server could not start Spark: ${event.message}\n${event.traceback ?? ''}\nlog tail (${this.log.file}):\n${logTail(this.log.file)}`));
      this.readyWaiter = undefined;
      return;
    }
    const id = 'id' in event ? event.id : null;
    const pending = id === null ? undefined : this.pending.get(id);
    if (!pending) return;
    if (event.event === 'started') {
      pending.onEvent?.(event);
      return;
    }
    this.pending.delete(id as string);
    if (event.event === 'error') pending.reject(new EmulatorError('JOB_SERVER_REQUEST', `the job server rejected a request: ${event.message}`));
    else pending.resolve(event);
  }

  private onOutput(chunk: Buffer): void {
    const stray = this.collector ? this.collector.feed(chunk) : chunk;
    // Output outside a job (a background process a script left behind) goes to the server log.
    if (stray && stray.length > 0) this.log.write(stray);
  }

  request(body: Record<string, unknown>, onEvent?: (event: ServerEvent) => void): Promise<ServerEvent> {
    if (this.exitInfo) return Promise.reject(new EmulatorError('JOB_SERVER_DIED', `the job server exited (${describeExit(this.exitInfo)}); see ${this.log.file}`));
    const id = `r${++this.sequence}`;
    return new Promise<ServerEvent>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEvent });
      (this.child.stdin as Writable).write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** Runs one job; a process that dies under it gives a `died` outcome with the output so far. */
  async runJob(body: { jobRunId: string; jobName: string; script: string; arguments: Record<string, string> }, onStarted: (startedOn: string) => void): Promise<ProcessJobOutcome> {
    const token = randomBytes(12).toString('hex');
    const collector = new JobOutputCollector(outputEndMarker(token));
    this.collector = collector;
    try {
      const event = await this.request({ op: 'run', ...body, outputEnd: token }, (started) => {
        if (started.event === 'started') onStarted(started.startedOn);
      });
      // The marker is written before `finished`, but on another pipe: let it arrive.
      await collector.whenEnded(5_000);
      return { kind: 'finished', event: event as FinishedEvent, output: collector.text() };
    } catch (error) {
      if (!this.exitInfo) throw error;
      // The process is gone: drain what its pipe still holds (a child it forked may hold it open).
      if (!this.outputEnded) await collector.whenEnded(1_000);
      collector.close();
      return { kind: 'died', exit: this.exitInfo, output: collector.text() };
    } finally {
      this.collector = undefined;
    }
  }

  /** Asks the server to stop the job in progress (its timeout); answered at once by the server. */
  cancel(jobRunId: string, message: string): void {
    this.request({ op: 'cancel', jobRunId, reason: 'timeout', message }).catch(() => undefined);
  }

  /** Kills the process group now (the JVM with it). */
  kill(): Promise<void> {
    return killChild(this.child);
  }

  /** SIGTERM to the group, SIGKILL after the grace period. */
  terminate(graceMs?: number): Promise<void> {
    return stopChild(this.child, graceMs);
  }
}
