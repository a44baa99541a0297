/**
 * The dev state file as a lock: claimed once, owner-only, a live server's file kept, a dead
 * server's file swept (with what it recorded: only harness processes of its groups are killed),
 * a malformed file named with what to do.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { claimDevState, DEV_STATE_SCHEMA_VERSION, devStatePath, liveDevState, readDevState, removeDevState, type DevState } from './dev-state';
import { isProcessRunning } from './process-tree';

const state = (runsDir: string, pid: number, childGroups: number[] = []): DevState => ({
  schemaVersion: DEV_STATE_SCHEMA_VERSION,
  state: 'ready',
  pid,
  startedAt: new Date().toISOString(),
  runsDir,
  logDir: path.join(runsDir, '.dev'),
  idleTimeoutMinutes: 30,
  childGroups,
});

/** A pid that is certainly not running: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the dev state file', () => {
  let runsDir: string;
  beforeEach(() => {
    runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-dev-state-'));
  });
  afterEach(() => fs.rmSync(runsDir, { recursive: true, force: true }));

  it('is claimed once, and owner-only', () => {
    expect(claimDevState(runsDir, state(runsDir, process.pid))).toBe(true);
    expect(claimDevState(runsDir, state(runsDir, process.pid))).toBe(false);
    expect(fs.statSync(devStatePath(runsDir)).mode & 0o777).toBe(0o600);
    expect(liveDevState(runsDir)?.pid).toBe(process.pid);
  });

  it("sweeps a dead server's file; its recorded groups are killed only where a member is a harness process", async () => {
    // A live, non-harness process in its own group, recorded as if it were the server's child group.
    const bystander = spawn('sleep', ['30'], { detached: true });
    try {
      expect(claimDevState(runsDir, state(runsDir, await deadPid(), [bystander.pid!]))).toBe(true);
      expect(liveDevState(runsDir)).toBeUndefined();
      expect(fs.existsSync(devStatePath(runsDir))).toBe(false);
      expect(isProcessRunning(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  it("is removed by its own server only: a newer server's file stays", () => {
    claimDevState(runsDir, state(runsDir, process.pid));
    removeDevState(runsDir, process.pid + 1);
    expect(readDevState(runsDir)?.pid).toBe(process.pid);
    removeDevState(runsDir, process.pid);
    expect(readDevState(runsDir)).toBeUndefined();
  });

  it('names a malformed file and says what to do', () => {
    fs.writeFileSync(devStatePath(runsDir), '{"schemaVersion": 1, "state": "ready"}');
    expect(() => readDevState(runsDir)).toThrow(/dev\.json: pid: .*remove it if no `stedi dev` is running/);
    fs.writeFileSync(devStatePath(runsDir), 'not json');
    expect(() => readDevState(runsDir)).toThrow(/dev\.json is not JSON/);
  });
});
