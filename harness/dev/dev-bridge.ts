/**
 * The dev server's bridge: the job bridge protocol of harness/job-server/job-server-bridge.ts
 * (JSON lines on loopback TCP, replies matched by id, so RemoteJobRunner is its client) with
 * three additions a long-lived, project-wide server needs:
 *
 * - a token: every request carries the one in the owner-only state file, so another local
 *   user's process cannot run code through the job server;
 * - a lease: runs through the server are serialised. `acquire` grants the lease to one
 *   connection at a time (a waiting `acquire` is answered when the holder releases it or its
 *   connection closes); jobs run only under the current lease id. jest hands its lease id to its
 *   workers, so they share one lease; `stedi run` holds its own;
 * - reset only by the lease's own connection: a `stedi run` resets the emulator it owns for the
 *   run; jest workers (other connections under a lease they were handed) are refused, as their
 *   shared harness refuses it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as net from 'node:net';
import * as readline from 'node:readline';
import { assertLoopbackHost } from '../emulator/loopback';
import type { EmulatorStatus } from '../emulator/moto-emulator';
import type { JobRun, JobRunRequest } from '../job-server/protocol';

/** What the bridge drives: a started local harness. */
export interface DevBackend {
  runJob(request: JobRunRequest): Promise<JobRun>;
  emulatorStatus(): Promise<EmulatorStatus>;
  reset(): Promise<void>;
}

export interface DevBridgeStatus {
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  /** Leases granted: one per `stedi run` / `stedi check` / jest session served. */
  sessionsServed: number;
  jobsServed: number;
  /** Who holds the lease now, and since when. */
  holder: { description: string; since: string } | null;
  waiting: number;
  idleSeconds: number;
}

interface DevRequest {
  id: string;
  op?: 'run' | 'emulatorStatus' | 'acquire' | 'release' | 'reset' | 'status' | 'stop';
  token?: string;
  lease?: string;
  job?: JobRunRequest;
  holder?: string;
  wait?: boolean;
}

type Reply = (body: Record<string, unknown>) => void;

interface Lease {
  id: string;
  socket: net.Socket;
  description: string;
  since: string;
}

class BridgeRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DevBridge {
  port: number;
  token: string;
  status(): DevBridgeStatus;
  /** Milliseconds since the last request or lease release; 0 while a lease is held. */
  idleMs(): number;
  close(): Promise<void>;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function serveDevBridge(backend: DevBackend, options: { onStop: () => void; host?: string }): Promise<DevBridge> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const token = randomBytes(32).toString('hex');
  const startedAt = new Date();
  const sockets = new Set<net.Socket>();
  const queue: Array<{ socket: net.Socket; description: string; grant: (lease: Lease) => void }> = [];
  let lease: Lease | undefined;
  let sessionsServed = 0;
  let jobsServed = 0;
  let lastActivity = Date.now();

  const grant = (socket: net.Socket, description: string): Lease => {
    lease = { id: randomBytes(16).toString('hex'), socket, description, since: new Date().toISOString() };
    sessionsServed += 1;
    return lease;
  };
  const release = (socket: net.Socket): void => {
    if (lease?.socket !== socket) return;
    lease = undefined;
    lastActivity = Date.now();
    // The next waiter whose connection is still open gets it.
    while (queue.length > 0 && !lease) {
      const next = queue.shift()!;
      if (!next.socket.destroyed) next.grant(grant(next.socket, next.description));
    }
  };
  const requireLease = (request: DevRequest): Lease => {
    if (!lease || request.lease !== lease.id) throw new BridgeRefusal('DEV_NO_LEASE', 'this request holds no current lease of the dev harness (acquire it first; a lease ends when its connection closes)');
    return lease;
  };

  const handle = async (socket: net.Socket, request: DevRequest, reply: Reply): Promise<void> => {
    if (!sameToken(request.token, token)) throw new BridgeRefusal('DEV_TOKEN_REFUSED', 'wrong or missing token: read it from the dev state file (owner-only)');
    lastActivity = Date.now();
    switch (request.op ?? 'run') {
      case 'status':
        return reply({ status: status() });
      case 'emulatorStatus':
        return reply({ status: await backend.emulatorStatus() });
      case 'acquire': {
        const description = String(request.holder ?? 'a client');
        if (lease?.socket === socket) return reply({ lease: lease.id });
        if (!lease) return reply({ lease: grant(socket, description).id });
        if (!request.wait) return reply({ busy: { description: lease.description, since: lease.since } });
        queue.push({ socket, description, grant: (granted) => reply({ lease: granted.id }) });
        return;
      }
      case 'release':
        release(socket);
        return reply({ released: true });
      case 'reset':
        if (requireLease(request).socket !== socket) {
          throw new BridgeRefusal('SHARED_RESET', 'the dev harness is reset only by the connection that acquired the lease (a `stedi run`), not by jest workers sharing it: use your own bucket and database names');
        }
        await backend.reset();
        return reply({ reset: true });
      case 'stop':
        reply({ stopping: true });
        options.onStop();
        return;
      case 'run': {
        requireLease(request);
        const run = await backend.runJob(request.job as JobRunRequest);
        jobsServed += 1;
        lastActivity = Date.now();
        return reply({ run });
      }
      default:
        throw new BridgeRefusal('DEV_BAD_REQUEST', `unknown op ${JSON.stringify(request.op)}`);
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      release(socket);
    });
    socket.on('error', () => undefined);
    readline.createInterface({ input: socket }).on('line', (line) => {
      let request: DevRequest;
      try {
        request = JSON.parse(line) as DevRequest;
      } catch {
        socket.write(`${JSON.stringify({ id: null, error: 'bad JSON request', code: 'DEV_BAD_REQUEST' })}\n`);
        return;
      }
      const reply: Reply = (body) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify({ id: request.id, ...body })}\n`);
      };
      handle(socket, request, reply).catch((error: Error) => reply({ error: error.message, ...(error instanceof BridgeRefusal ? { code: error.code } : {}) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  function status(): DevBridgeStatus {
    return {
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      sessionsServed,
      jobsServed,
      holder: lease ? { description: lease.description, since: lease.since } : null,
      waiting: queue.length,
      idleSeconds: Math.round((lease ? 0 : Date.now() - lastActivity) / 1000),
    };
  }

  return {
    port,
    token,
    status,
    idleMs: () => (lease ? 0 : Date.now() - lastActivity),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
