import * as net from 'node:net';
import * as readline from 'node:readline';
import { EmulatorError } from '../../common/errors';
import { assertLoopbackHost } from '../emulator/loopback';
import type { JobRun, JobRunRequest } from './protocol';

/**
 * Shares one started job server with other processes over a loopback TCP socket (JSON lines).
 * jest's global setup owns the Spark process; test workers are separate processes, so they
 * reach it through this bridge instead of starting a JVM each.
 */
export interface JobRunner {
  runJob(request: JobRunRequest): Promise<JobRun>;
}

export async function serveJobRunner(runner: JobRunner, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  assertLoopbackHost(host);
  const server = net.createServer((socket) => {
    readline.createInterface({ input: socket }).on('line', (line) => {
      let request: { id: string; job: JobRunRequest };
      try {
        request = JSON.parse(line) as { id: string; job: JobRunRequest };
      } catch {
        socket.write(`${JSON.stringify({ id: null, error: 'bad JSON request' })}\n`);
        return;
      }
      runner.runJob(request.job).then(
        (run) => socket.write(`${JSON.stringify({ id: request.id, run })}\n`),
        (error: Error) => socket.write(`${JSON.stringify({ id: request.id, error: error.message })}\n`),
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A client of serveJobRunner: one connection, requests matched to replies by id. */
export class RemoteJobRunner implements JobRunner {
  private socket: net.Socket | undefined;
  private readonly pending = new Map<string, { resolve: (run: JobRun) => void; reject: (error: Error) => void }>();
  private sequence = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    assertLoopbackHost(host);
  }

  private connect(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect(this.port, this.host);
    readline.createInterface({ input: socket }).on('line', (line) => {
      const reply = JSON.parse(line) as { id: string; run?: JobRun; error?: string };
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.run) pending.resolve(reply.run);
      else pending.reject(new EmulatorError('JOB_SERVER_REMOTE', reply.error ?? 'no reply'));
    });
    socket.on('error', (error) => {
      for (const pending of this.pending.values()) pending.reject(new EmulatorError('JOB_SERVER_UNREACHABLE', `the shared job server on ${this.host}:${this.port} is unreachable: ${error.message}`));
      this.pending.clear();
    });
    this.socket = socket;
    return socket;
  }

  runJob(request: JobRunRequest): Promise<JobRun> {
    const id = `q${++this.sequence}`;
    return new Promise<JobRun>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.connect().write(`${JSON.stringify({ id, job: request })}\n`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
