/**
 * Adopting the package in another repository, as a team would (issue 11, "Done when"): `npm pack`
 * this package, install the tarball into a fresh project OUTSIDE the repository, `npx stedi init`
 * there, then in that project: `tsc --noEmit` against the package's types, `npm test` (the jest
 * preset, the matchers, one Glue job on the shared harness) in band and with two workers, jest
 * exiting promptly, `npx stedi run` exit 0, and one broken rule exit 1.
 *
 * Expensive: the consumer project starts its own emulator + Spark four times. It does not use
 * the repository's shared harness (the consumer's environment is cleaned of it). Skipped, with
 * the reason printed, under STEDI_SKIP_INTEGRATION=1, STEDI_SKIP_PACKAGE_TEST=1 or without npm.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

function skipReason(): string | undefined {
  if (process.env.STEDI_SKIP_INTEGRATION === '1') return 'STEDI_SKIP_INTEGRATION=1';
  if (process.env.STEDI_SKIP_PACKAGE_TEST === '1') return 'STEDI_SKIP_PACKAGE_TEST=1';
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (npm.status !== 0) return `npm pack cannot run here (npm --version: ${npm.error?.message ?? npm.stderr})`;
  return undefined;
}
const skip = skipReason();
if (skip) process.stderr.write(`[package-adoption] skipped: ${skip}\n`);
const describePack = skip ? describe.skip : describe;

/** The consumer sees none of this repository's jest or npm state (its shared harness above all). */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(STEDI_SHARED_|STEDI_SKIP_|JEST_|npm_)/.test(key) || key === 'NODE_ENV' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  env.PATH = (env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.startsWith(ROOT)).join(path.delimiter);
  return env;
}

interface Ran {
  code: number | null;
  /** stdout and stderr as they came. */
  out: string;
  stdout: string;
  /** Seconds between jest's last summary line and the process's exit (jest runs only). */
  exitLagSeconds?: number;
}

function run(command: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: consumerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    let summaryAt: number | undefined;
    const take = (chunk: Buffer): void => {
      out += chunk.toString();
      if (summaryAt === undefined && /Ran all test suites/.test(out)) summaryAt = Date.now();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      take(chunk);
    });
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, stdout, ...(summaryAt ? { exitLagSeconds: (Date.now() - summaryAt) / 1000 } : {}) }));
  });
}

function expectSuccess(ran: Ran, what: string): void {
  if (ran.code !== 0) throw new Error(`${what} exited ${String(ran.code)}:\n${ran.out.slice(-6000)}`);
}

describePack('the package adopted in a fresh project (npm pack → install → stedi init)', () => {
  let work: string;
  let project: string;
  let tarball: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-adopt-'));
    project = path.join(work, 'shop-pipeline');
    fs.mkdirSync(project);
    const packed = await run('npm', ['pack', '--pack-destination', work, '--json'], ROOT);
    expectSuccess(packed, 'npm pack');
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0] as { filename: string; size: number; entryCount: number; files: { path: string }[] };
    tarball = path.join(work, info.filename);
    // What a consumer gets: compiled JS and types, the Python layer and its lock, the examples; no tests, no TS sources.
    const shipped = info.files.map((file) => file.path);
    expect(shipped).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/jest-preset/jest-preset.js', 'harness/runtime/requirements.lock', 'harness/python/stedi_glue/job_server.py', 'bin/stedi.js', 'LICENSE']));
    // (templates/ holds the scaffold as .tmpl files: `stedi init` writes them into the new project.)
    expect(shipped.filter((file) => /\.test\.(ts|js)$|\/tests\/|^test\/|^bench\/|(?<!\.d)\.ts$/.test(file))).toEqual([]);
    process.stderr.write(`[package-adoption] ${info.filename}: ${info.size} bytes, ${info.entryCount} files\n`);

    expectSuccess(await run('npm', ['init', '-y'], project), 'npm init');
    const pins = ['jest', 'ts-jest', 'typescript', '@types/jest', '@types/node'].map((name) => `${name}@${manifest.devDependencies[name]}`);
    expectSuccess(await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball, ...pins], project), 'npm install');
    expectSuccess(await run('npx', ['stedi', 'init'], project), 'npx stedi init');
  }, 600_000);

  afterAll(() => {
    if (work && !process.env.STEDI_KEEP_TMP) fs.rmSync(work, { recursive: true, force: true });
  });

  it("compiles against the package's types (tsc --noEmit)", async () => {
    expectSuccess(await run('npx', ['tsc', '--noEmit'], project), 'tsc --noEmit');
  }, 120_000);

  it('npm test passes in band (preset, matchers, a Glue job on the shared harness) and jest exits promptly', async () => {
    const ran = await run('npm', ['test', '--', '--runInBand'], project);
    expectSuccess(ran, 'npm test');
    expect(ran.out).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(ran.out).not.toMatch(/did not exit|failed to exit gracefully|open handle/i);
    // The hang this preset fixes lasted minutes; stopping Spark and moto takes seconds.
    expect(ran.exitLagSeconds).toBeLessThan(30);
  }, 600_000);

  it('two test files on two workers share ONE harness and jest exits promptly', async () => {
    fs.writeFileSync(
      path.join(project, 'test', 'emulator.test.ts'),
      [
        "import { sharedHarness } from 'stedi-lakehouse-harness/jest';",
        "test('the shared emulator answers a second test file', async () => {",
        '  expect(await sharedHarness().emulatorStatus()).toMatchObject({ alive: true });',
        '});',
        '',
      ].join('\n'),
    );
    const ran = await run('npx', ['jest', '--maxWorkers=2'], project);
    expectSuccess(ran, 'jest --maxWorkers=2');
    expect(ran.out).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(ran.out.match(/\[stedi\] shared harness:/g)).toHaveLength(1);
    expect(ran.out).not.toMatch(/did not exit|failed to exit gracefully|open handle/i);
    expect(ran.exitLagSeconds).toBeLessThan(30);
  }, 600_000);

  it('npx stedi run (no flags: the scaffold\'s stedi.config.yaml) exits 0 with the counts the scaffold wrote', async () => {
    const ran = await run('npx', ['stedi', 'run', '--json'], project);
    expectSuccess(ran, 'stedi run');
    const document = JSON.parse(ran.stdout) as { status: string; exitCode: number; tables: Record<string, { rows: number; expected: number }> };
    // Ground truth counted here from the sample file, as the job's filter defines trusted orders.
    const orders = fs.readFileSync(path.join(project, 'data', 'sample', 'orders', 'orders-0001.json'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { status: string; amount: number });
    const paid = orders.filter((order) => order.status === 'PAID' && order.amount > 0).length;
    expect(document.status).toBe('SUCCEEDED');
    expect(document.exitCode).toBe(0);
    expect(document.tables.orders_landing).toMatchObject({ rows: orders.length, expected: orders.length });
    expect(document.tables.orders_trusted).toMatchObject({ rows: paid, expected: paid });
  }, 600_000);

  it('the same project with one broken rule exits 1, that rule the only failure, in the output and in JUnit', async () => {
    const rules = path.join(project, 'rules', 'orders_trusted.dqdl');
    const text = fs.readFileSync(rules, 'utf8');
    expect(text).toContain('ColumnValues "amount" > 0');
    // Most paid orders in the sample are under 400: this rule cannot hold.
    fs.writeFileSync(rules, text.replace('ColumnValues "amount" > 0', 'ColumnValues "amount" > 400'));
    const junit = path.join(project, 'reports', 'junit.xml');
    const ran = await run('npx', ['stedi', 'run', '--junit', junit], project);
    expect({ code: ran.code, tail: ran.code === 1 ? '' : ran.out.slice(-4000) }).toEqual({ code: 1, tail: '' });
    const failing = ran.out.split('\n').filter((line) => /^\s*FAIL\s+error\b/.test(line));
    expect(failing).toHaveLength(1);
    expect(failing[0]).toContain('ColumnValues "amount" > 400');
    // The last line states the verdict and the exit code the process returned.
    expect(ran.stdout.trimEnd().split('\n').pop()).toMatch(/^stedi run: FAILED — .*quality gate FAILED: 1 error-level rule failed .* — exit 1$/);
    const xml = fs.readFileSync(junit, 'utf8');
    // `\sname=`: the name attribute, not the end of `classname=`.
    const failed = [...xml.matchAll(/<testcase\b[^>]*?\sname="([^"]*)"[^>]*>\s*<failure/g)].map((match) => match[1]);
    expect(failed).toEqual(['ColumnValues &quot;amount&quot; &gt; 400']);
    expect(xml).not.toMatch(/<error/);
  }, 600_000);
});
