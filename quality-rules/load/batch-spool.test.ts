/**
 * The gate's temp folders left by a process that could not clean up (SIGKILL runs no exit hook)
 * are removed by the next gate; folders of live processes and unrelated folders are not.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sweepAbandonedGateFolders } from './batch-spool';

describe('sweepAbandonedGateFolders', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('removes the spool and DuckDB folders of exited processes only', () => {
    // A pid that surely belonged to a process that has exited: one this test ran and waited for.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(fs.existsSync(`/proc/${dead}`)).toBe(false);
    const folders = {
      deadSpool: `stedi-gate-${dead}-AbC123`,
      deadDuck: `stedi-gate-duckdb-${dead}-1`,
      ownSpool: `stedi-gate-${process.pid}-XyZ789`,
      liveParent: `stedi-gate-duckdb-${process.ppid}-2`,
      unrelated: `stedi-gates-${dead}-x`,
    };
    for (const name of Object.values(folders)) {
      fs.mkdirSync(path.join(tmp, name));
      fs.writeFileSync(path.join(tmp, name, 'table-1.arrows'), 'spooled bytes');
    }
    const removed = sweepAbandonedGateFolders(tmp).map((p) => path.basename(p)).sort();
    expect(removed).toEqual([folders.deadDuck, folders.deadSpool].sort());
    expect(fs.readdirSync(tmp).sort()).toEqual([folders.liveParent, folders.ownSpool, folders.unrelated].sort());
  });
});
