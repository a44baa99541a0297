import * as net from 'node:net';
import * as readline from 'node:readline';
import { EmulatorError } from '../../common/errors';
import { assertLoopbackHost } from '../emulator/loopback';
import type { EmulatorStatus } from '../emulator/moto-emulator';
import type { JobRun, JobRunRequest } from './protocol';

/**
 * Shares one started job server with other processes over a loopback TCP socket (JSON lines).
 * jest's global setup owns the Spark process; test workers are separate processes, so they
 * reach it through this bridge instead of starting a JVM each.
 */
export interface JobRunner {
  runJob(request: JobRunRequest): Promise<JobRun>;
  emulatorStatus(): Promise<EmulatorStatus>;
}

/** One line from a client: a job to run, or (op "emulatorStatus") a question about the emulator. */
interface BridgeRequest {
  id: string;
  op?: 'run' | 'emulatorStatus';
  job?: JobRunRequest;
}

export async function serveJobRunner(runner: JobRunner, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  assertLoopbackHost(host);
  // Tracked so close() ends them: a test worker that never closed its client would otherwise
  // keep server.close() (jest's global teardown) waiting forever.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    readline.createInterface({ input: socket }).on('line', (line) => {
      let request: BridgeRequest;
      try {
        request = JSON.parse(line) as BridgeRequest;
      } catch {
        socket.write(`${JSON.stringify({ id: null, error: 'bad JSON request' })}\n`);
        return;
      }
      const reply = (body: Record<string, unknown>): void => {
        if (!socket.destroyed) socket.write(`${JSON.stringify({ id: request.id, ...body })}\n`);
      };
      const answer = request.op === 'emulatorStatus' ? runner.emulatorStatus().then((status) => ({ status })) : runner.runJob(request.job as JobRunRequest).then((run) => ({ run }));
      answer.then(reply, (error: Error) => reply({ error: error.message }));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface BridgeReply {
  run?: JobRun;
  status?: EmulatorStatus;
  error?: string;
  /** The error's code, when the server gives one (the dev bridge: DEV_TOKEN_REFUSED, ...). */
  code?: string;
  [field: string]: unknown;
}

/** Sent with every request: the dev bridge's token and the lease the requests run under (harness/dev). */
export interface BridgeCredentials {
  token?: string;
  lease?: string;
}

/** A client of serveJobRunner: one connection, requests matched to replies by id. */
export class RemoteJobRunner implements JobRunner {
  private socket: net.Socket | undefined;
  private readonly pending = new Map<string, { resolve: (reply: BridgeReply) => void; reject: (error: Error) => void }>();
  private sequence = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly credentials: BridgeCredentials = {},
  ) {
    assertLoopbackHost(host);
  }

  private connect(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect(this.port, this.host);
    readline.createInterface({ input: socket }).on('line', (line) => {
      const reply = JSON.parse(line) as BridgeReply & { id: string };
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) socket.unref();
      if (reply.error === undefined) pending.resolve(reply);
      else pending.reject(new EmulatorError(reply.code ?? 'JOB_SERVER_REMOTE', reply.error));
    });
    socket.on('error', (error) => {
      for (const pending of this.pending.values()) pending.reject(new EmulatorError('JOB_SERVER_UNREACHABLE', `the shared job server on ${this.host}:${this.port} is unreachable: ${error.message}`));
      this.pending.clear();
    });
    // A server that closes the connection (a dev server stopping) fails what still waits.
    socket.on('close', () => {
      for (const pending of this.pending.values()) pending.reject(new EmulatorError('JOB_SERVER_UNREACHABLE', `the shared job server on ${this.host}:${this.port} closed the connection`));
      this.pending.clear();
      if (this.socket === socket) this.socket = undefined;
    });
    this.socket = socket;
    return socket;
  }

  /** Any request of the protocol (the dev bridge's acquire, reset, status, stop); rejects on an error reply. */
  call(op: string, body: Record<string, unknown> = {}): Promise<BridgeReply> {
    return this.send({ ...body, op } as Omit<BridgeRequest, 'id'>);
  }

  /** Sets the lease later requests run under (the dev bridge grants it after connecting). */
  useLease(lease: string): void {
    this.credentials.lease = lease;
  }

  private send(request: Omit<BridgeRequest, 'id'>): Promise<BridgeReply> {
    const id = `q${++this.sequence}`;
    return new Promise<BridgeReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced only while a request waits: an idle client never holds its process open.
      const socket = this.connect();
      socket.ref();
      socket.write(`${JSON.stringify({ id, ...this.credentials, ...request })}\n`);
    });
  }

  async runJob(request: JobRunRequest): Promise<JobRun> {
    const reply = await this.send({ op: 'run', job: request });
    if (!reply.run) throw new EmulatorError('JOB_SERVER_REMOTE', 'the shared job server sent no run');
    return reply.run;
  }

  async emulatorStatus(): Promise<EmulatorStatus> {
    const reply = await this.send({ op: 'emulatorStatus' });
    if (!reply.status) throw new EmulatorError('JOB_SERVER_REMOTE', 'the shared harness sent no emulator status');
    return reply.status;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
