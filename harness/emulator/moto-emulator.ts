import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import createDebug from 'debug';
import { EmulatorError } from '../../common/errors';
import { PYTHON_SOURCE_DIR } from '../runtime/paths';
import { childEnvironment, createChildSandbox, createLocalClients, emulatorEnvironment, type AwsClients } from '../clients';
import { CappedLogFile } from './capped-log';
import { stopChild, trackChild } from './child-processes';
import { ScratchDir } from './scratch-dir';
import { findFreePort } from './free-port';
import { waitForHttp } from './http-wait';
import { assertLoopbackHost } from './loopback';

const debug = createDebug('stedi:emulator');

/**
 * moto keeps an S3 object's bytes in RAM up to MOTO_S3_DEFAULT_KEY_BUFFER_SIZE (its default is
 * ~5 MiB, larger than any landing file) and in an unnamed temp file above it: with its default
 * the emulator held every object of a run (2.75 GiB at 100× the stedi-2023 profile). 256 KiB
 * spools the data files and keeps the small ones (catalog-sized JSON, markers) in memory; each
 * spooled object holds one open file in moto (Node raises the child's descriptor limit to the
 * hard limit). A value the user set wins.
 */
export const MOTO_KEY_BUFFER_BYTES = 256 * 1024;

/**
 * moto's environment from ours (also for the docker backend's moto container). Also a fixed
 * glibc mmap threshold: glibc raises it to the size of every large block freed, so the 1 MiB
 * request and response bodies of S3 calls ended up in heap arenas that stay mapped; fixed at
 * 128 KiB they are mmapped and returned when freed (moto after 600 MiB of PUT + GET: 77 MiB RSS
 * instead of 164). glibc reads it; other C libraries ignore it.
 */
export function motoEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    MOTO_S3_DEFAULT_KEY_BUFFER_SIZE: env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE?.trim() || String(MOTO_KEY_BUFFER_BYTES),
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_?.trim() || String(128 * 1024),
  };
}

/**
 * The Python module that serves: moto's own server would read a whole object into memory for
 * every GET (ranged ones too) and join a multipart upload's parts in memory, so its peak grew with
 * the largest object; stedi_moto is the same moto with objects streamed from their files
 * (harness/python/stedi_moto/s3_streaming.py).
 */
export type MotoServerModule = 'stedi_moto' | 'moto.server';

/**
 * A moto server (S3 + Glue Data Catalog + Athena on one port) as a child process on loopback.
 * Configure, then `start()` returns a StartedMotoEmulator; only the started type has endpoints.
 */
export class MotoEmulator {
  private host = '127.0.0.1';
  private port: number | undefined;
  private startupTimeoutMs = 30_000;
  private logFile: string | undefined;
  private serverModule: MotoServerModule = 'stedi_moto';

  constructor(private readonly python: string) {}

  withHost(host: string): this {
    assertLoopbackHost(host);
    this.host = host;
    return this;
  }

  withPort(port: number): this {
    this.port = port;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  /** moto's own server instead of stedi_moto: the reference side of bench/emulator-memory.bench.ts. */
  withServerModule(module: MotoServerModule): this {
    this.serverModule = module;
    return this;
  }

  /** Where moto's request log goes (kept for the run record). Default: a temp file. */
  withLogFile(file: string): this {
    this.logFile = file;
    return this;
  }

  async start(): Promise<StartedMotoEmulator> {
    assertLoopbackHost(this.host);
    const port = this.port ?? (await findFreePort(this.host));
    // The log (unless one was configured) and the sandbox HOME live in a temp dir removed at stop.
    const scratch = ScratchDir.create('stedi-moto-');
    const log = new CappedLogFile(this.logFile ?? path.join(scratch.path, 'emulator.log'));
    const logFile = log.file;
    const child = spawn(this.python, ['-m', this.serverModule, '-H', this.host, '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: stop() and exit hooks kill it as a unit
      env: childEnvironment(
        `http://${this.host}:${port}`,
        { ...motoEnvironment(process.env), PYTHONPATH: PYTHON_SOURCE_DIR },
        createChildSandbox(scratch.dir('sandbox')),
      ),
    });
    log.follow(child.stdout);
    log.follow(child.stderr);
    trackChild(child);
    let death: string | undefined;
    child.once('exit', (code, signal) => {
      death = `exit code ${String(code)}, signal ${String(signal)}`;
    });
    child.once('error', (error) => {
      death = error.message;
    });
    const endpoint = `http://${this.host}:${port}`;
    debug('starting moto (%s) on %s (log %s)', this.serverModule, endpoint, logFile);
    try {
      await waitForHttp(`${endpoint}/moto-api/`, this.startupTimeoutMs, () => death);
    } catch (error) {
      await stopChild(child, 1_000);
      log.close();
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      scratch.remove();
      throw new EmulatorError(
        (error as EmulatorError).code ?? 'EMULATOR_START_FAILED',
        `moto did not start on ${endpoint}: ${(error as Error).message}\n--- ${logFile} (tail) ---\n${tail}`,
        error,
      );
    }
    debug('moto ready on %s', endpoint);
    return new StartedMotoEmulator(child, this.host, port, log, scratch);
  }
}

/** Whether the emulator process lives, and how it ended if it does not. */
export interface EmulatorStatus {
  alive: boolean;
  exitCode?: number | null;
  signal?: string | null;
  /** The emulator's log, for the reason of a death. */
  logFile?: string;
  /** What died, in words (the docker backend names its container). */
  message?: string;
}

export class StartedMotoEmulator implements AsyncDisposable {
  private readonly clients: AwsClients;

  constructor(
    private readonly child: ChildProcess,
    private readonly host: string,
    private readonly port: number,
    private readonly log: CappedLogFile,
    private readonly scratch: ScratchDir,
  ) {
    this.clients = createLocalClients(this.getEndpoint());
  }

  get logFile(): string {
    return this.log.file;
  }

  getHost(): string {
    return this.host;
  }

  getPort(): number {
    return this.port;
  }

  getEndpoint(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The server's process id (for run records and orphan checks). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get s3() {
    return this.clients.s3;
  }

  get glue() {
    return this.clients.glue;
  }

  get athena() {
    return this.clients.athena;
  }

  /** Environment for child processes (boto3, the job server) to reach this emulator. */
  environment(): Record<string, string> {
    return emulatorEnvironment(this.getEndpoint());
  }

  isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  status(): EmulatorStatus {
    if (this.isRunning()) return { alive: true, logFile: this.logFile };
    return { alive: false, exitCode: this.child.exitCode, signal: this.child.signalCode, logFile: this.logFile };
  }

  /** Forgets every bucket, object, database and table: a clean AWS for the next run. */
  async reset(): Promise<void> {
    if (!this.isRunning()) throw new EmulatorError('EMULATOR_DIED', `moto on ${this.getEndpoint()} is not running; see ${this.logFile}`);
    const response = await fetch(`${this.getEndpoint()}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new EmulatorError('EMULATOR_RESET_FAILED', `POST ${this.getEndpoint()}/moto-api/reset answered ${response.status}`);
  }

  async stop(): Promise<void> {
    for (const client of Object.values(this.clients)) client.destroy();
    await stopChild(this.child);
    this.log.close();
    this.scratch.remove();
    debug('moto on %s stopped', this.getEndpoint());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
