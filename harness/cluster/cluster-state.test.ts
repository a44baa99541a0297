import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { StediError } from '../../common/errors';
import { clusterStatePath, isProcessAlive, processGroupMembers, processStartTicks, readClusterState, removeClusterState, writeClusterState, type ClusterState } from './cluster-state';

const onLinux = fs.existsSync('/proc/self/stat');
const linuxIt = onLinux ? it : it.skip;

describe('the cluster state file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-state-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const state: ClusterState = {
    schemaVersion: 1,
    masterUrl: 'spark://127.0.0.1:7077',
    masterUiUrl: 'http://127.0.0.1:8080',
    workers: 2,
    coresPerWorker: 1,
    memoryPerWorker: '1g',
    startedAt: '2026-12-02T00:00:00.000Z',
    dir: '/tmp/x/cluster',
    processes: [{ role: 'master', name: 'master', pid: 1, startTicks: 2, log: '/tmp/x/cluster/master.log' }],
  };

  it('is absent, then written and read back, then removed', () => {
    expect(readClusterState(dir)).toBeUndefined();
    writeClusterState(dir, state);
    expect(readClusterState(dir)).toEqual(state);
    removeClusterState(dir);
    expect(readClusterState(dir)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{'],
    ['not a cluster state', '{"schemaVersion": 2}'],
  ])('refuses a file that is %s, naming it', (_what, text) => {
    fs.writeFileSync(clusterStatePath(dir), text);
    expect(() => readClusterState(dir)).toThrow(StediError);
    expect(() => readClusterState(dir)).toThrow(clusterStatePath(dir));
  });
});

describe('process liveness', () => {
  linuxIt('knows this process, and not a recorded pid whose start time differs (a recycled pid)', () => {
    const ticks = processStartTicks(process.pid);
    expect(ticks).toEqual(expect.any(Number));
    expect(isProcessAlive({ pid: process.pid, startTicks: ticks })).toBe(true);
    expect(isProcessAlive({ pid: process.pid, startTicks: (ticks as number) + 1 })).toBe(false);
  });

  linuxIt('sees the members of a process group until they exit', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30'], { detached: true, stdio: 'ignore' });
    const pgid = child.pid as number;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processGroupMembers(pgid).length).toBe(3); // sh and its two sleeps
    process.kill(-pgid, 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processGroupMembers(pgid)).toEqual([]);
  });
});
