import * as fs from 'node:fs';
import { writeFixtureRunDir } from '../../quality-rules/test-support/fixture-run-dir';
import { BOB } from '../../quality-rules/test-support/stedi-fixture';
import { checkCommand } from './check';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function check(args: string[]): Promise<{ out: string; exitCode: typeof process.exitCode }> {
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await checkCommand().parseAsync(args, { from: 'user' });
    return { out, exitCode: process.exitCode };
  } finally {
    write.mockRestore();
    process.exitCode = before;
  }
}

describe('stedi check', () => {
  it('prints a per-table table and exits 0 on a clean run', async () => {
    const run = writeFixtureRunDir();
    dirs.push(run);
    const { out, exitCode } = await check(['--run', run]);
    expect(exitCode).toBe(0);
    expect(out).toMatch(/^customers_curated \(2 rows\)$/m);
    expect(out).toMatch(/^ {2}PASS {3}error {3}Uniqueness=1 +IsUnique "email"$/m);
    expect(out).toMatch(/gate passed\nstedi check: PASSED — quality gate passed: \d+ of \d+ rules.* — exit 0\n$/);
  });

  it('prints every outcome as JSON and exits 1 when an error-level rule fails', async () => {
    const run = writeFixtureRunDir((f) => (f.rows.customers_curated!.find((c) => c.email === BOB)!.serialnumber = 'S-A'));
    dirs.push(run);
    const { out, exitCode } = await check(['--run', run, '--json']);
    expect(exitCode).toBe(1);
    const result = JSON.parse(out) as { exitCode: number; outcomes: Array<{ table: string; rule: string; outcome: string; evaluatedMetrics: Record<string, number> }> };
    expect(result.exitCode).toBe(1);
    expect(result.outcomes.find((o) => o.table === 'customers_curated' && o.rule === 'IsUnique "serialnumber"')).toMatchObject({
      outcome: 'Failed',
      evaluatedMetrics: { 'Column.serialnumber.Uniqueness': 0 },
    });
  });

  it('rejects a run directory that does not exist', async () => {
    await expect(check(['--run', '/nonexistent/run'])).rejects.toThrow('run directory /nonexistent/run does not exist');
  });
});
