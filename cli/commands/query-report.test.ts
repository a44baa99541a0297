/**
 * `stedi query` and `stedi report` as a user runs them (commander parsing, output, exit code),
 * over a fixture run directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { queryCommand } from './query';
import { reportCommand } from './report';
import { JSON_SERDE, makeRunDir } from '../../athena/test-support/run-fixture';

async function run(command: Command, args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await command.exitOverride().parseAsync(args, { from: 'user' });
    return { stdout: out.join(''), stderr: err.join(''), exitCode: process.exitCode as number | undefined };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = before;
  }
}

describe('stedi query / stedi report', () => {
  let runDir: string;

  beforeAll(() => {
    runDir = makeRunDir([
      {
        ddl: `CREATE EXTERNAL TABLE stedi.customer_landing (customername string, sharewithresearchasofdate bigint) ${JSON_SERDE} LOCATION 's3://b/c/'`,
        files: { 'c.json': '{"customerName":"Ann","shareWithResearchAsOfDate":1}\n{"customerName":"Bob"}\n' },
        record: { zone: 'landing', expected: 2 },
      },
    ]);
  });

  afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('prints a plain-text table', async () => {
    const { stdout } = await run(queryCommand(), ['SELECT customername, sharewithresearchasofdate FROM customer_landing ORDER BY 1', '--run', runDir]);
    expect(stdout.split('\n')).toEqual([
      'customername  sharewithresearchasofdate',
      '------------  -------------------------',
      'Ann                                   1',
      'Bob                                NULL',
      '(2 rows)',
      '',
    ]);
  });

  it('prints one JSON document with --json', async () => {
    const { stdout } = await run(queryCommand(), ['SELECT COUNT(*) FROM customer_landing', '--run', runDir, '--json']);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ runDir, database: 'stedi', columns: [{ name: '_col0', type: 'bigint' }], rows: [[2]], rowCount: 1 });
  });

  it('refuses DROP TABLE', async () => {
    await expect(run(queryCommand(), ['DROP TABLE customer_landing', '--run', runDir])).rejects.toMatchObject({ code: 'QUERY_NOT_READ_ONLY' });
  });

  it('writes the report and exits 0 when every count matches', async () => {
    const out = path.join(runDir, 'evidence');
    const { stdout, stderr, exitCode } = await run(reportCommand(), ['--run', runDir, '--out', out, '--no-png']);
    expect(stdout).toContain(`report: ${path.join(out, 'index.html')}`);
    expect(stdout).toMatch(/stedi\.customer_landing\s+2\s+2\s+match/);
    expect(stderr).toContain('PNG screenshots skipped');
    expect(exitCode).toBe(0);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  });
});
