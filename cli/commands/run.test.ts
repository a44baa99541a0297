/**
 * Fail fast: everything wrong with the input is reported before any emulator or Spark process
 * exists. Asserted two ways, never on a timing: the backend starter `stedi run` calls is injected
 * and records whether it was called; and the real CLI runs with a preloaded spy that logs every
 * child process it spawns.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isStediError } from '../../common/errors';
import { executeRun, type BackendStarter } from './run-action';
import type { RunCommandOptions } from './run-hooks';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stedi.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-run-preflight-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const DDL = "CREATE EXTERNAL TABLE db.events (id bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://bucket-a/events/'\n";

/** A small project: one landing table, two jobs; `change` breaks one thing. */
function project(name: string, change: { yaml?: (text: string) => string; files?: Record<string, string> } = {}): { pipeline: string; landing: string } {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'landing', 'events'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'rules'), { recursive: true });
  const files: Record<string, string> = {
    'events.sql': DDL,
    'job.py': 'print("never runs here")\n',
    'rules/clean.dqdl': 'Rules = [\n    RowCount > 0\n]\n',
    'landing/events/e.json': '{"id": 1}\n',
    ...change.files,
  };
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  const yaml = `schemaVersion: 1
name: preflight
database: db
buckets: [bucket-a]
rules: rules
tables:
  - { name: events, zone: landing, ddl: events.sql, landing: events }
  - { name: clean, zone: silver }
  - { name: daily, zone: gold }
jobs:
  - { name: make_clean, script: job.py, inputs: [events], outputs: [clean] }
  - { name: make_daily, script: job.py, inputs: [clean], outputs: [daily] }
`;
  const pipeline = path.join(dir, 'pipeline.yaml');
  fs.writeFileSync(pipeline, change.yaml ? change.yaml(yaml) : yaml);
  return { pipeline, landing: path.join(dir, 'landing') };
}

const CYCLE = (yaml: string): string => yaml.replace('inputs: [events], outputs: [clean]', 'inputs: [events, daily], outputs: [clean]');
const BROKEN: Record<string, Parameters<typeof project>[1]> = {
  'a job cycle': { yaml: CYCLE },
  'a DDL syntax error': { files: { 'events.sql': 'CREATE EXTERNAL TABLE db.events (id bigint,) LOCATION \'s3://bucket-a/events/\'\n' } },
  'a missing rules file': { yaml: (y) => y.replace('rules: rules', 'rules: [rules, no-such-rules.dqdl]') },
  'a DQDL syntax error': { files: { 'rules/clean.dqdl': 'Rules = [\n    RowCount >\n]\n' } },
  'a ruleset for an undeclared table': { files: { 'rules/ghost.dqdl': 'Rules = [ RowCount > 0 ]\n' } },
};

function options(p: { pipeline: string; landing: string }, extra: Partial<RunCommandOptions> = {}): RunCommandOptions {
  return { pipeline: p.pipeline, landing: p.landing, seed: '7', runsDir: path.join(work, 'runs'), backend: 'local', check: true, json: true, ...extra };
}

/** A starter that records the call and stops there: reaching it means validation passed. */
function recordingStarter(): { starter: BackendStarter; calls: number } {
  const state = { calls: 0, starter: (async () => {
    state.calls += 1;
    throw new Error('BACKEND_REACHED');
  }) as BackendStarter };
  return state;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isStediError(error) ? error.code : (error as Error).message;
  }
  return 'no error';
}

describe('stedi run validates everything before it starts a backend', () => {
  it('reaches the backend with a valid project (the control for the cases below)', async () => {
    const recorder = recordingStarter();
    expect(await codeOf(executeRun(options(project('valid')), recorder.starter))).toBe('BACKEND_REACHED');
    expect(recorder.calls).toBe(1);
  });

  it.each(Object.entries(BROKEN))('refuses %s without starting a backend', async (name, change) => {
    const recorder = recordingStarter();
    const code = await codeOf(executeRun(options(project(name.replace(/\W+/g, '-'), change)), recorder.starter));
    expect(code).toMatch(/^PIPELINE_(CYCLE|INVALID)$/);
    expect(recorder.calls).toBe(0);
  });

  it.each([
    ['an unknown profile', { landing: undefined, profile: 'no-such-profile' }, 'PROFILE_UNKNOWN'],
    ['an unknown defect', { landing: undefined, profile: 'stedi-2023', defect: ['no-such-defect'] }, 'OPTION_INVALID'],
    ['a --rules path that does not exist', { rules: '/nonexistent/rules' }, 'RULES_NOT_FOUND'],
    ['a --job-timeout that is not a positive number', { jobTimeout: '0' }, 'OPTION_INVALID'],
    ['an unknown --dataset', { dataset: 'no-such-dataset' }, 'DATASET_UNKNOWN'],
    ['a --junit file below a file (its folder cannot be made)', { junit: path.join(__filename, 'reports', 'junit.xml') }, 'OUTPUT_NOT_WRITABLE'],
    ['a --junit file in a kernel file system', { junit: '/proc/stedi-cannot-write-here/junit.xml' }, 'OUTPUT_NOT_WRITABLE'],
    ['a --summary path that is a folder', { summary: os.tmpdir() }, 'OUTPUT_NOT_WRITABLE'],
  ] as Array<[string, Partial<RunCommandOptions>, string]>)('refuses %s without starting a backend', async (_name, extra, expected) => {
    const recorder = recordingStarter();
    expect(await codeOf(executeRun(options(project('valid-options'), extra), recorder.starter))).toBe(expected);
    expect(recorder.calls).toBe(0);
  });
});

/** Preloaded into the CLI: writes `loaded` once, then one line per child process the CLI spawns. */
function spyModule(log: string): string {
  const file = path.join(work, 'spawn-spy.js');
  fs.writeFileSync(
    file,
    `const fs = require('node:fs');
const cp = require('node:child_process');
const log = ${JSON.stringify(log)};
fs.appendFileSync(log, 'loaded\\n');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = cp[name];
  cp[name] = function (command, ...rest) {
    fs.appendFileSync(log, name + ' ' + String(command) + ' ' + JSON.stringify(Array.isArray(rest[0]) ? rest[0] : []) + '\\n');
    return original.call(this, command, ...rest);
  };
}
`,
  );
  return file;
}

function spawnedWith(args: string[], log: string, spy: string): { status: number | null; stdout: string; stderr: string; spawned: string[] } {
  fs.rmSync(log, { force: true });
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${spy}`.trim() };
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 60_000 });
  const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, spawned: lines };
}

describe('the stedi CLI with a broken project spawns no process at all', () => {
  const log = path.join(work, 'spawned.log');
  const spy = spyModule(log);

  it('the spy sees a child process when one is spawned (control)', () => {
    const result = spawnedWith(['-e', "require('node:child_process').spawnSync('true')"], log, spy);
    expect(result.spawned).toEqual(['loaded', 'spawnSync true []']);
  });

  // The three cases of issue 10 (each CLI start compiles the TypeScript, a few seconds).
  const cases = Object.entries(BROKEN).filter(([name]) => ['a job cycle', 'a DDL syntax error', 'a missing rules file'].includes(name));
  it.each(cases)('%s: exit 2, a JSON error on stdout, no child process', (name, change) => {
    const p = project(`cli-${name.replace(/\W+/g, '-')}`, change);
    const result = spawnedWith([BIN, 'run', '--pipeline', p.pipeline, '--landing', p.landing, '--json'], log, spy);
    expect(result.status).toBe(2);
    const document = JSON.parse(result.stdout) as { error: { code: string; message: string; fault: string } };
    expect(document.error).toEqual({ code: expect.stringMatching(/^PIPELINE_(CYCLE|INVALID)$/), message: expect.stringContaining(p.pipeline), fault: 'user' });
    // tsx (bin/stedi.js runs the TypeScript through it) may start its esbuild compiler service
    // when its cache is cold: that is the loader, not the run. Nothing else may be spawned.
    expect(result.spawned[0]).toBe('loaded');
    expect(result.spawned.filter((line) => line !== 'loaded' && !/\/esbuild ."--service=/.test(line))).toEqual([]);
  });
});
