import * as os from 'node:os';
import type { CappedLogFile } from '../emulator/capped-log';
import { assertLoopbackHost } from '../emulator/loopback';
import type { ProcessLaunch } from '../job-server/server-process';

/**
 * The host side of docker/job-bridge.py. The job server supervisor (StartedGlueJobServer) spawns
 * a process with five pipes and watches it; for the Glue container that process is this small
 * Node program: it connects to the container's bridge on a loopback port, sends its stdin there,
 * and writes each frame it receives to fd 1, 2, 3 or 4, so the supervisor sees exactly what a
 * local job server gives: events on fd 3, job output on fd 4, the log on stdout/stderr. When the
 * server in the container exits, this process exits the same way (code, or the same signal);
 * when the supervisor kills it (a timeout, a stop), the connection closes and the bridge kills
 * the server's process group in the container. Its source is a string, run with `node -e`, so
 * it works the same from the TypeScript sources, the compiled package and jest.
 */
export const BRIDGE_CLIENT_SOURCE = String.raw`
const net = require('net');
const fs = require('fs');
const [host, port] = process.argv.slice(1);
const sinks = {};
for (const fd of [1, 2, 3, 4]) sinks[fd] = fs.createWriteStream(null, { fd, autoClose: false });
let exitInfo = null;
let finished = false;
let buffer = Buffer.alloc(0);
const socket = net.connect(Number(port), host);
socket.setNoDelay(true);
process.stdin.on('data', (data) => socket.write(data));
process.stdin.on('end', () => socket.end());
socket.on('data', (chunk) => {
  buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
  while (buffer.length >= 5) {
    const length = buffer.readUInt32BE(1);
    if (buffer.length < 5 + length) break;
    const channel = buffer[0];
    const payload = buffer.subarray(5, 5 + length);
    buffer = buffer.subarray(5 + length);
    if (channel === 9) exitInfo = JSON.parse(payload.toString('utf8'));
    else if (sinks[channel]) sinks[channel].write(payload);
  }
});
socket.on('error', (error) => {
  if (!exitInfo) sinks[2].write('[stedi] job bridge ' + host + ':' + port + ': ' + error.message + '\n');
});
socket.on('close', () => {
  if (finished) return;
  finished = true;
  if (!exitInfo) sinks[2].write('[stedi] the Glue container closed the job bridge connection without an exit status (did the container stop?)\n');
  let open = 4;
  const done = () => {
    if (--open > 0) return;
    if (exitInfo && exitInfo.signal) process.kill(process.pid, exitInfo.signal);
    process.exit(exitInfo ? (exitInfo.code === null ? 1 : exitInfo.code) : 70);
  };
  for (const fd of [1, 2, 3, 4]) sinks[fd].end(done);
});
`;

/** How the supervisor starts one job server process in the Glue container: via this client. */
export function bridgeLaunch(host: string, port: number, log: CappedLogFile): ProcessLaunch {
  assertLoopbackHost(host);
  return {
    python: process.execPath,
    args: ['-e', BRIDGE_CLIENT_SOURCE, host, String(port)],
    cwd: os.tmpdir(),
    // Nothing of this process's environment matters to the client; the server's is the container's.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    log,
  };
}
