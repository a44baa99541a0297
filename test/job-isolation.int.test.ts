import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOG_CAP_BYTES, type JobRun, type SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

/**
 * One job can never break the others (issue 9 item 8). AWS Glue runs every job run on its own
 * resources: a run that crashes or exceeds its `Timeout` ends alone, in FAILED or TIMEOUT, and
 * the next run starts normally ("the maximum time that a job run can consume resources before
 * it is terminated and enters TIMEOUT status", StartJobRun `Timeout`,
 * https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html). Here many runs share one
 * Python process and SparkSession, so the harness must restore that isolation.
 */

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is gone for every purpose but the table; the kernel shows it as state Z.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function waitUntilGone(pids: number[], timeoutMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 200));
  return pids.filter(isAlive);
}

/** The script's own view of the process it runs in: ground truth independent of the harness. */
const REPORT_PIDS = `
import os
from pyspark import SparkContext
sc = SparkContext.getOrCreate()
print("PIDS %d %d" % (os.getpid(), sc._gateway.proc.pid), flush=True)
`;

function pidsOf(run: JobRun): { python: number; jvm: number } {
  const match = /PIDS (\d+) (\d+)/.exec(run.output);
  if (!match) throw new Error(`no PIDS line in the output of ${run.jobName}: ${run.output.slice(0, 500)}`);
  return { python: Number(match[1]), jvm: Number(match[2]) };
}

describeIntegration('a job that crashes or hangs on the shared job server', () => {
  let backend: SharedHarnessClient;
  let dir: string;
  const script = (name: string, body: string): string => {
    const file = path.join(dir, `${name}.py`);
    fs.writeFileSync(file, body);
    return file;
  };

  beforeAll(() => {
    backend = sharedHarness();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-isolation-'));
  });
  afterAll(async () => {
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the emulator status crosses the bridge: alive, with its log', async () => {
    expect(await backend.emulatorStatus()).toEqual({ alive: true, logFile: expect.stringMatching(/emulator\.log$/) });
  });

  it('os._exit(1): only that job FAILS (JOB_SERVER_DIED) with its own output; the server restarts and the next job SUCCEEDS', async () => {
    const before = await backend.runJob({ jobName: 'before_exit', script: script('before_exit', `${REPORT_PIDS}print("output of the job before")\n`) });
    expect(before.state).toBe('SUCCEEDED');

    const dying = await backend.runJob({
      jobName: 'exits_hard',
      script: script('exits_hard', `${REPORT_PIDS}print("printed before dying")\nos.write(1, b"written to fd 1 before dying\\n")\nos._exit(1)\n`),
    });
    expect(dying.state).toBe('FAILED');
    expect(dying.error?.type).toBe('JOB_SERVER_DIED');
    expect(dying.error?.message).toMatch(/exit code 1/);
    expect(dying.output).toContain('printed before dying');
    expect(dying.output).toContain('written to fd 1 before dying');
    expect(dying.output).not.toContain('output of the job before');
    const dead = pidsOf(dying);
    expect(dead.python).toBe(pidsOf(before).python); // it killed the shared server, not a process of its own

    const after = await backend.runJob({ jobName: 'after_exit', script: script('after_exit', `${REPORT_PIDS}print("the next job runs")\n`) });
    expect(after.state).toBe('SUCCEEDED');
    expect(after.output).toContain('the next job runs');
    expect(after.output).not.toContain('printed before dying');
    expect(pidsOf(after).python).not.toBe(dead.python); // a new server (a new SparkSession)
    expect(await waitUntilGone([dead.python, dead.jvm])).toEqual([]);
  }, 600_000);

  it('a segfault: FAILED (JOB_SERVER_DIED, killed by SIGSEGV) with the Python stack of the crash in its output', async () => {
    const crashing = await backend.runJob({
      jobName: 'segfaults',
      script: script('segfaults', `${REPORT_PIDS}print("about to crash")\nimport ctypes\nctypes.string_at(0)\n`),
    });
    expect(crashing.state).toBe('FAILED');
    expect(crashing.error?.type).toBe('JOB_SERVER_DIED');
    expect(crashing.error?.message).toMatch(/SIGSEGV/);
    expect(crashing.output).toContain('about to crash');
    expect(crashing.output).toMatch(/Fatal Python error: Segmentation fault[\s\S]*segfaults\.py/);
    const dead = pidsOf(crashing);

    const after = await backend.runJob({ jobName: 'after_segfault', script: script('after_segfault', 'print("still serving")\n') });
    expect(after.state).toBe('SUCCEEDED');
    expect(after.output).toContain('still serving');
    expect(after.output).not.toContain('about to crash');
    expect(await waitUntilGone([dead.python, dead.jvm])).toEqual([]);
  }, 600_000);

  it('an infinite loop over its timeout ends in TIMEOUT with its output so far; Spark is idle and the next job SUCCEEDS on the same server', async () => {
    const looping = await backend.runJob({
      jobName: 'loops_forever',
      script: script('loops_forever', `${REPORT_PIDS}print("looping")\nwhile True:\n    pass\n`),
      // Half a minute, not less: on a loaded machine the catalog sync and the script's first
      // py4j calls alone can take several seconds, and the interrupt must land in the loop.
      timeoutMinutes: 0.5,
    });
    expect(looping.state).toBe('TIMEOUT');
    expect(looping.error?.type).toBe('Timeout');
    expect(looping.error?.message).toMatch(/timeout of 0\.5 minutes/);
    expect(looping.output).toContain('looping');
    expect(looping.executionSeconds).toBeGreaterThanOrEqual(30);

    const after = await backend.runJob({
      jobName: 'after_timeout',
      script: script('after_timeout', `${REPORT_PIDS}print("active Spark jobs:", list(sc.statusTracker().getActiveJobsIds()))\n`),
    });
    expect(after.state).toBe('SUCCEEDED');
    expect(after.output).toContain('active Spark jobs: []');
    expect(pidsOf(after).python).toBe(pidsOf(looping).python); // stopped cooperatively: no restart needed
  }, 600_000);

  it('a Spark action over its timeout is cancelled: TIMEOUT, and the next job SUCCEEDS', async () => {
    const stuck = await backend.runJob({
      jobName: 'spark_action_hangs',
      script: script('spark_action_hangs', `${REPORT_PIDS}import time\nprint("counting")\nsc.parallelize(range(2), 2).map(lambda x: time.sleep(3600)).count()\n`),
      timeoutMinutes: 0.15,
    });
    expect(stuck.state).toBe('TIMEOUT');
    expect(stuck.output).toContain('counting');
    const after = await backend.runJob({ jobName: 'after_spark_timeout', script: script('after_spark_timeout', `${REPORT_PIDS}print("count", sc.parallelize(range(5)).count())\n`) });
    expect(after.state).toBe('SUCCEEDED');
    expect(after.output).toContain('count 5');
  }, 600_000);

  it('a script that swallows the interrupt is killed after the grace period: TIMEOUT, its processes gone, the next job SUCCEEDS', async () => {
    const stubborn = await backend.runJob({
      jobName: 'ignores_cancel',
      script: script('ignores_cancel', `${REPORT_PIDS}import time\nwhile True:\n    try:\n        time.sleep(3600)\n    except BaseException:\n        print("ignoring the interrupt", flush=True)\n`),
      timeoutMinutes: 0.5, // see the infinite-loop test: the interrupt must land in the loop
    });
    expect(stubborn.state).toBe('TIMEOUT');
    expect(stubborn.error?.message).toMatch(/did not stop within \d+ s of being cancelled/);
    expect(stubborn.output).toContain('ignoring the interrupt');
    const dead = pidsOf(stubborn);
    const after = await backend.runJob({ jobName: 'after_kill', script: script('after_kill', 'print("fresh server")\n') });
    expect(after.state).toBe('SUCCEEDED');
    expect(await waitUntilGone([dead.python, dead.jvm])).toEqual([]);
  }, 600_000);

  it('a script writing 30 MB with os.write(1, …) keeps only the first 10 MB, and the cap is stated', async () => {
    const chatty = await backend.runJob({
      jobName: 'writes_30_mb',
      script: script('writes_30_mb', 'import os\nchunk = b"y" * (1024 * 1024)\nfor _ in range(30):\n    os.write(1, chunk)\nprint("done")\n'),
    });
    expect(chatty.state).toBe('SUCCEEDED');
    // The server's own first-sync warnings may come first; the script's bytes follow.
    const first = chatty.output.indexOf('y');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(chatty.output.length).toBeLessThan(LOG_CAP_BYTES + 200);
    expect(chatty.output.slice(first).match(/^y+/)?.[0].length).toBe(LOG_CAP_BYTES - Buffer.byteLength(chatty.output.slice(0, first)));
    expect(chatty.output).not.toContain('done');
    expect(chatty.output).toMatch(/\[stedi\] log capped at 10 MB; 20 MB dropped\n$/);
  }, 300_000);
});
