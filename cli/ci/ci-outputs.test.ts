/**
 * The real CLI process (spawned): `stedi check --junit --summary` on a saved run, and the last
 * line of check and report stating the exit code the process really returns.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { writeFixtureRunDir } from '../../quality-rules/test-support/fixture-run-dir';
import { BOB } from '../../quality-rules/test-support/stedi-fixture';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stedi.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-ci-outputs-'));
const dirs: string[] = [work];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function stedi(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lastLine = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

// One run whose serial number is shared by two curated customers: `IsUnique "serialnumber"` (error level) fails.
const failing = writeFixtureRunDir((f) => (f.rows.customers_curated!.find((c) => c.email === BOB)!.serialnumber = 'S-A'));
const clean = writeFixtureRunDir();
dirs.push(failing, clean);

describe('stedi check in CI', () => {
  it('writes JUnit naming the failed rule, appends a summary, and its last line says exit 1 as the process does', () => {
    const junit = path.join(work, 'reports', 'junit.xml');
    const summary = path.join(work, 'summary.md');
    fs.writeFileSync(summary, '# earlier step output\n');
    const result = stedi(['check', '--run', failing, '--junit', junit, '--summary', summary]);
    expect(result.status).toBe(1);
    // The mutation breaks the serial number's uniqueness and, downstream, three more error-level rules.
    const printedFailures = result.stdout.split('\n').filter((line) => /^\s+FAIL\s+error\b/.test(line)).length;
    expect(printedFailures).toBe(4);
    expect(lastLine(result.stdout)).toMatch(/^stedi check: FAILED — quality gate FAILED: 4 error-level rules failed of \d+ — exit 1$/);

    const xml = fs.readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: Array<{ '@_name': string; testcase: Array<{ '@_name': string; '@_classname': string; failure?: { '@_message': string } }> }> };
    };
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((s) => s['@_name'])).toEqual(['rules']);
    const failed = suites[0].testcase.filter((c) => c.failure);
    expect(failed).toHaveLength(printedFailures);
    const unique = failed.find((c) => c['@_name'] === 'IsUnique "serialnumber"');
    expect(unique?.['@_classname']).toBe('rules.customers_curated');
    expect(unique?.failure!['@_message']).toContain('Uniqueness=0');

    const markdown = fs.readFileSync(summary, 'utf8');
    expect(markdown.startsWith('# earlier step output\n## ❌ ')).toBe(true);
    expect(markdown).toContain('FAILED (exit 1)');
    expect(markdown).toMatch(/\| error \| customers_curated \| `IsUnique "serialnumber"` \| Failed \|/);
  });

  it('exit 0 on a clean run, and the last line says so', () => {
    const result = stedi(['check', '--run', clean]);
    expect(result.status).toBe(0);
    expect(lastLine(result.stdout)).toMatch(/^stedi check: PASSED — .* — exit 0$/);
  });

  it('exit 2 when the rules cannot be evaluated (a ruleset for a table not in the run), and the last line says 2', () => {
    const rules = path.join(work, 'ghost.dqdl');
    fs.writeFileSync(rules, 'Rules = [ RowCount > 0 ]\n');
    const result = stedi(['check', '--run', clean, '--rules', rules]);
    expect(result.status).toBe(2);
    expect(lastLine(result.stdout)).toMatch(/^stedi check: ERROR — quality gate could not evaluate the rules: .*ghost.* — exit 2$/);
  });
});

test('stedi report --json prints the result object, whose exit code is the process exit code', () => {
  const result = stedi(['report', '--run', failing, '--no-png', '--json']);
  const document = JSON.parse(result.stdout) as { runDir: string; htmlPath: string; tables: unknown[]; verdict: { exitCode: number } };
  expect(document.runDir).toBe(fs.realpathSync(failing));
  expect(fs.existsSync(document.htmlPath)).toBe(true);
  expect(document.tables.length).toBeGreaterThan(0);
  expect(result.status).toBe(document.verdict.exitCode);
});
