/**
 * `stedi dev` end to end, through the CLI as a user runs it, in a temp project (the STEDI
 * definition copied with its own bucket, database and scripts, on a small generated dataset):
 * one warm harness started detached, reused by `stedi run` (exactly one Spark JVM in total, the
 * run's record names the dev server), job isolation in the warm server, `--watch` rerunning
 * exactly a changed script's job and its downstream with the tables of a full run, and
 * `stedi dev stop` and the idle timeout leaving no process behind (read from /proc).
 * This suite starts its own dev server as a child process; it does not use the shared harness.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUnexecedJvmSpawn } from '../common/process-table';
import { readRunRecord, type RunRecord } from '../common/run-dir';
import { generateDataset } from '../fixtures';
import { descendantsOf, findDevHarness, isProcessAlive, listProcesses, readDevState, type ProcessInfo } from '../harness/dev';
import { loadPipelineDefinition } from '../pipeline';
import { readRunTable } from '../table';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stedi.js');
const BUCKET = 'stedi-dev-test';
const DATABASE = 'stedi_dev_test';
const describeDev = process.platform === 'linux' && process.env.STEDI_SKIP_INTEGRATION !== '1' ? describe : describe.skip;

/** The CLI's environment: none of jest's shared-harness variables (the CLI must find dev on its own). */
const cliEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('STEDI_SHARED_')));

/** The STEDI definition with this test's bucket, database, and scripts it may edit. */
function writeProject(dir: string): string {
  const yaml = fs
    .readFileSync(path.join(ROOT, 'pipeline', 'stedi.pipeline.yaml'), 'utf8')
    .replace(/^database: stedi$/m, `database: ${DATABASE}`)
    .replace(/^buckets: \[stedi-lakehouse\]$/m, `buckets: [${BUCKET}]`)
    .replace(/\{ --database: stedi, --bucket: stedi-lakehouse \}/g, `{ --database: ${DATABASE}, --bucket: ${BUCKET} }`)
    .replace(/\.\.\/glue-scripts\//g, 'scripts/')
    .replace(/^rules: \.\.\/quality-rules\/stedi/m, 'rules: rules');
  fs.cpSync(path.join(ROOT, 'glue-scripts'), path.join(dir, 'scripts'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'quality-rules', 'stedi'), path.join(dir, 'rules'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'ddl'));
  for (const file of fs.readdirSync(path.join(ROOT, 'pipeline', 'ddl'))) {
    const ddl = fs.readFileSync(path.join(ROOT, 'pipeline', 'ddl', file), 'utf8').replace('`stedi`.', `\`${DATABASE}\`.`).replace('s3://stedi-lakehouse/', `s3://${BUCKET}/`);
    fs.writeFileSync(path.join(dir, 'ddl', file), ddl);
  }
  const file = path.join(dir, 'pipeline.yaml');
  fs.writeFileSync(file, yaml);
  const definition = loadPipelineDefinition(file);
  expect([definition.database, definition.jobs.every((j) => j.scriptPath.startsWith(dir))]).toEqual([DATABASE, true]);
  return file;
}

/** STEDI_TEST_TRACE=1: where the (long) suite is, on stderr. */
const trace = (what: string): void => void (process.env.STEDI_TEST_TRACE === '1' && process.stderr.write(`[dev-server test ${new Date().toISOString()}] ${what}\n`));

const isJava = (p: ProcessInfo): boolean => /(^|\/)java( |$)/.test(p.command.split(' ')[0] ?? '');

async function waitFor(what: string, check: () => boolean, ms: number): Promise<void> {
  trace(`waiting for ${what}`);
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A table's rows as the table layer reads them from a run directory, order-independent. */
async function tableRows(runDir: string, table: string): Promise<string[]> {
  const data = await readRunTable(runDir, DATABASE, table);
  return data.rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}

describeDev('stedi dev: a warm harness kept for the project', () => {
  // Made in beforeAll: a skipped suite still runs this body, and would leave the folder behind.
  let work: string;
  let runsDir: string;
  let landing: string;
  let pipeline: string;
  let devPid: number;
  let fullRun: RunRecord & { dir: string };
  const children: ChildProcess[] = [];
  const stedi = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: work, env: cliEnv(), encoding: 'utf8', timeout: 900_000 });

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-dev-'));
    runsDir = path.join(work, 'runs');
    landing = path.join(work, 'landing');
    pipeline = writeProject(work);
    await generateDataset({ profile: 'stedi-2023', customers: 30, seed: 5, out: landing, progress: false });
  }, 120_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (!work) return;
    if (readDevState(runsDir)) stedi('dev', 'stop', '--runs-dir', runsDir);
    fs.rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('starts detached and once: a second `stedi dev` says where it runs; the state file is owner-only', () => {
    const first = stedi('dev', '--runs-dir', runsDir, '--idle-timeout', '5');
    expect([first.status, first.stderr]).toEqual([0, expect.any(String)]);
    const state = readDevState(runsDir);
    expect(state).toMatchObject({ state: 'ready', endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: expect.stringMatching(/^[0-9a-f]{64}$/) });
    devPid = state!.pid;
    expect(isProcessAlive(devPid)).toBe(true);
    expect(fs.statSync(path.join(runsDir, 'dev.json')).mode & 0o777).toBe(0o600);

    const second = stedi('dev', '--runs-dir', runsDir);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`already running \\(pid ${devPid}, emulator ${state!.endpoint}`));
    expect(readDevState(runsDir)?.pid).toBe(devPid);
    // One server: one job server JVM under it.
    expect(descendantsOf(devPid).filter(isJava)).toHaveLength(1);

    const status = stedi('dev', 'status', '--runs-dir', runsDir);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(state!.endpoint);
    expect(status.stdout).toMatch(/served +0 session\(s\), 0 job\(s\)/);
  }, 900_000);

  it('`stedi run` reuses it: no emulator or Spark of its own, one JVM in total, and run.json says it ran on dev', async () => {
    const run = spawn(process.execPath, [BIN, 'run', '--pipeline', pipeline, '--landing', landing, '--runs-dir', runsDir], { cwd: work, env: cliEnv() });
    children.push(run);
    let stderr = '';
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    run.stdout.resume();
    const exited = new Promise<number | null>((resolve) => run.once('exit', resolve));
    const samples: Array<{ runHarness: number; devJava: number }> = [];
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      const snapshot = listProcesses();
      const runTree = descendantsOf(run.pid!, snapshot);
      // A JVM's posix_spawn child shows the JVM's command line until it execs: the same JVM, not a second one.
      const byPid = new Map(snapshot.map((p) => [p.pid, p]));
      const javas = (tree: ProcessInfo[]): ProcessInfo[] => tree.filter((p) => isJava(p) && !isUnexecedJvmSpawn(p, byPid));
      samples.push({ runHarness: runTree.filter((p) => /moto|stedi_glue/.test(p.command)).length + javas(runTree).length, devJava: javas(descendantsOf(devPid, snapshot)).length });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain(`using the dev harness (pid ${devPid}`);
    expect(samples.length).toBeGreaterThan(3);
    // Any sample off names what it saw (a harness of the run's own, or a second JVM under dev).
    expect(samples.filter((s) => s.runHarness !== 0 || s.devJava !== 1)).toEqual([]);

    const dir = fs.realpathSync(path.join(runsDir, 'latest'));
    const record = readRunRecord(dir);
    fullRun = { ...record, dir };
    expect(record.backend).toMatchObject({ kind: 'local', dev: { pid: devPid } });
    expect(record.jobs.map((j) => [j.name, j.state])).toEqual(loadPipelineDefinition(pipeline).jobs.map((j) => [j.name, 'SUCCEEDED']));
    expect(stedi('dev', 'status', '--runs-dir', runsDir).stdout).toMatch(/served +1 session\(s\), 5 job\(s\)/);
  }, 900_000);

  it('job isolation holds in the warm server: a job that kills its process fails alone, the next one succeeds, dev keeps serving', async () => {
    const lookup = await findDevHarness(runsDir);
    if (!lookup.found) throw new Error(`dev not found: ${lookup.why}`);
    const dev = lookup.found;
    const scripts = fs.mkdtempSync(path.join(work, 'isolation-'));
    const script = (name: string, body: string): string => {
      fs.writeFileSync(path.join(scripts, `${name}.py`), body);
      return path.join(scripts, `${name}.py`);
    };
    try {
      await dev.acquire('isolation test');
      const dead = await dev.runJob({ jobName: 'exits_hard', script: script('exits_hard', 'import os\nprint("before dying", flush=True)\nos._exit(3)\n') });
      expect([dead.state, dead.error?.type]).toEqual(['FAILED', 'JOB_SERVER_DIED']);
      expect(dead.output).toContain('before dying');
      const after = await dev.runJob({ jobName: 'after', script: script('after', 'print("fresh server")\n') });
      expect([after.state, after.output.trim()]).toEqual(['SUCCEEDED', 'fresh server']);
      expect(isProcessAlive(devPid)).toBe(true);
      // Still one JVM: the dead server's was killed with it, the new server has its own.
      await waitFor('one JVM under dev', () => descendantsOf(devPid).filter(isJava).length === 1, 30_000);
    } finally {
      await dev.stop();
    }
  }, 900_000);

  it("the jest preset reuses it: one lease for the session, shared by the workers, who run jobs but cannot reset it", () => {
    // A consumer project whose stedi.config.yaml points at this runs directory, with two test files (two workers).
    const project = path.join(work, 'jest-project');
    fs.mkdirSync(project);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    fs.writeFileSync(path.join(project, 'stedi.config.yaml'), `runsDir: ${runsDir}\n`);
    fs.writeFileSync(
      path.join(project, 'jest.config.js'),
      `module.exports = { preset: ${JSON.stringify(path.join(ROOT, 'jest-preset'))}, rootDir: __dirname, testMatch: ['**/*.int.test.ts'], maxWorkers: 2,\n` +
        `  transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))}, diagnostics: false }] } };\n`,
    );
    const jobScript = path.join(project, 'job.py');
    fs.writeFileSync(jobScript, 'print("on the dev harness")\n');
    const testFile = [
      `import { sharedHarness } from ${JSON.stringify(path.join(ROOT, 'jest-preset', 'shared-client'))};`,
      `test('a job on the shared harness', async () => {`,
      `  expect(process.env.STEDI_SHARED_ENDPOINT).toBe(${JSON.stringify(readDevState(runsDir)!.endpoint)});`,
      `  const run = await sharedHarness().runJob({ jobName: 'in_jest', script: ${JSON.stringify(jobScript)} });`,
      `  expect([run.state, run.output.trim()]).toEqual(['SUCCEEDED', 'on the dev harness']);`,
      `  await expect(sharedHarness().reset()).rejects.toThrow(/not reset from a test/);`,
      `});`,
    ].join('\n');
    for (const name of ['a', 'b']) fs.writeFileSync(path.join(project, `${name}.int.test.ts`), testFile);
    const before = Number(/served +(\d+) session/.exec(stedi('dev', 'status', '--runs-dir', runsDir).stdout)?.[1]);
    const jest = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', path.join(project, 'jest.config.js')], { cwd: project, env: cliEnv(), encoding: 'utf8', timeout: 600_000 });
    expect([jest.status, jest.stderr]).toEqual([0, expect.stringContaining(`reusing the dev harness (pid ${devPid}`)]);
    expect(jest.stderr).toMatch(/Tests: +2 passed, 2 total/);
    expect(stedi('dev', 'status', '--runs-dir', runsDir).stdout).toContain(`served     ${before + 1} session(s)`);
    expect(descendantsOf(devPid).filter(isJava)).toHaveLength(1);
  }, 900_000);

  it('--watch: a changed script reruns exactly that job and its downstream, and the tables equal the full run', async () => {
    const watcher = spawn(process.execPath, [BIN, 'dev', '--watch', '--pipeline', pipeline, '--landing', landing, '--runs-dir', runsDir, '--debounce', '300'], { cwd: work, env: cliEnv() });
    children.push(watcher);
    let stdout = '';
    watcher.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    watcher.stderr.resume();
    await waitFor('the watcher to watch', () => stdout.includes('watching '), 120_000);
    expect(stdout).not.toContain('running the whole pipeline');

    fs.appendFileSync(path.join(work, 'scripts', 'step_trainer_trusted.py'), '\n# edited while watching\n');
    await waitFor('the rerun verdict', () => /^stedi run: /m.test(stdout), 600_000);
    expect(stdout).toContain('change: step_trainer_trusted.py: the script of step_trainer_trusted');
    expect(stdout).toMatch(/^stedi run: PASSED — .* exit 0$/m);
    watcher.kill('SIGINT');
    await new Promise((resolve) => watcher.once('exit', resolve));

    const dir = fs.realpathSync(path.join(runsDir, 'latest'));
    const rerun = readRunRecord(dir);
    expect(rerun.runId).not.toBe(fullRun.runId);
    expect(rerun.jobs.map((j) => [j.name, j.state])).toEqual([
      ['step_trainer_trusted', 'SUCCEEDED'],
      ['machine_learning_curated', 'SUCCEEDED'],
    ]);
    expect(rerun.restoredFrom).toBe(fullRun.runId);
    expect(rerun.backend?.dev?.pid).toBe(devPid);
    expect(Object.keys(rerun.tables).sort()).toEqual(Object.keys(fullRun.tables).sort());
    for (const table of Object.keys(fullRun.tables)) {
      const [before, after] = [await tableRows(fullRun.dir, table), await tableRows(dir, table)];
      expect([table, after.length]).toEqual([table, before.length]);
      expect([table, after]).toEqual([table, before]);
    }
    expect(rerun.tables.machine_learning_curated?.rows).toBeGreaterThan(0);
  }, 900_000);

  it('`stedi dev stop` stops the server and every process it started, and removes the state file', async () => {
    const tree = descendantsOf(devPid);
    expect(tree.filter(isJava)).toHaveLength(1);
    expect(tree.filter((p) => p.command.includes('moto'))).not.toHaveLength(0);
    const stop = stedi('dev', 'stop', '--runs-dir', runsDir);
    expect(stop.status).toBe(0);
    expect(stop.stdout).toContain(`stopped (pid ${devPid})`);
    expect(isProcessAlive(devPid)).toBe(false);
    await waitFor('the harness processes to be reaped', () => tree.every((p) => !isProcessAlive(p.pid)), 10_000);
    expect(fs.existsSync(path.join(runsDir, 'dev.json'))).toBe(false);
    expect(stedi('dev', 'status', '--runs-dir', runsDir).status).toBe(1);
  }, 900_000);

  it('the idle timeout stops it on its own and leaves no process behind', async () => {
    const start = stedi('dev', '--runs-dir', runsDir, '--idle-timeout', '0.1');
    expect(start.status).toBe(0);
    const pid = readDevState(runsDir)!.pid;
    const tree = descendantsOf(pid);
    expect(tree.filter(isJava)).toHaveLength(1);
    await waitFor('the idle dev server to exit', () => !isProcessAlive(pid), 300_000);
    await waitFor('the harness processes to be reaped', () => tree.every((p) => !isProcessAlive(p.pid)), 10_000);
    expect(fs.existsSync(path.join(runsDir, 'dev.json'))).toBe(false);
    expect(fs.readFileSync(path.join(runsDir, '.dev', 'dev.log'), 'utf8')).toMatch(/stopping \(idle for 0\.1 min\)/);
  }, 900_000);
});
