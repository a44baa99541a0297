import { spawn } from 'node:child_process';
import * as net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { BRIDGE_CLIENT_SOURCE } from './job-bridge-client';

/** A stand-in for docker/job-bridge.py: frames as the bridge writes them (channel, length, payload). */
const frame = (channel: number, payload: string): Buffer => {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(5);
  head[0] = channel;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
};

async function runClient(serve: (socket: net.Socket) => void): Promise<{ fds: Record<number, string>; code: number | null; signal: NodeJS.Signals | null; received: string }> {
  let received = '';
  const server = net.createServer((socket) => {
    socket.on('data', (data) => (received += data.toString()));
    serve(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  const child = spawn(process.execPath, ['-e', BRIDGE_CLIENT_SOURCE, '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
  const fds: Record<number, string> = { 1: '', 2: '', 3: '', 4: '' };
  for (const fd of [1, 2, 3, 4]) (child.stdio[fd] as Readable).on('data', (chunk: Buffer) => (fds[fd] += chunk.toString()));
  (child.stdin as Writable).write('{"id":"r1","op":"ping"}\n');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  server.close();
  return { fds, code, signal, received };
}

describe('the host side of the Glue container job bridge', () => {
  it('demultiplexes frames onto fds 1-4, forwards stdin, and exits with the server exit code', async () => {
    const result = await runClient((socket) => {
      socket.once('data', () => {
        // One frame split across two writes, then the others and the exit status.
        const events = frame(3, '{"event":"ready"}\n');
        socket.write(events.subarray(0, 3));
        setTimeout(() => {
          socket.write(Buffer.concat([events.subarray(3), frame(4, 'job output'), frame(1, 'log out'), frame(2, 'log err'), frame(9, '{"code":3,"signal":null}')]));
          socket.end();
        }, 20);
      });
    });
    expect(result.received).toBe('{"id":"r1","op":"ping"}\n');
    expect(result.fds).toEqual({ 1: 'log out', 2: 'log err', 3: '{"event":"ready"}\n', 4: 'job output' });
    expect([result.code, result.signal]).toEqual([3, null]);
  });

  it('dies by the signal that killed the server in the container', async () => {
    const result = await runClient((socket) => socket.end(frame(9, '{"code":null,"signal":"SIGKILL"}')));
    expect([result.code, result.signal]).toEqual([null, 'SIGKILL']);
  });

  it('says so and exits 70 when the container closes the connection without an exit status', async () => {
    const result = await runClient((socket) => socket.end());
    expect(result.fds[2]).toMatch(/closed the job bridge connection without an exit status/);
    expect(result.code).toBe(70);
  });
});
