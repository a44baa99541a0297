import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import { generateCommand } from './generate';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-generate-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await generateCommand().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

test('writes a dataset and prints files, expected rows (Athena refusing the tables with a truncated line) and defects', async () => {
  const out = path.join(root, 'summary');
  const text = await run(['--profile', 'stedi-2023', '--seed', '7', '--out', out, '--customers', '40', '--defect', 'serial-reuse', '--defect', 'malformed-lines']);
  const expectations = JSON.parse(fs.readFileSync(path.join(out, 'expectations.json'), 'utf8'));
  expect(expectations.options.customers).toBe(40);
  expect(expectations.defects.map((d: { name: string }) => d.name)).toEqual(['serial-reuse', 'malformed-lines']);
  expect(expectations.tables.accelerometer_landing).toBeNull();
  for (const [table, rows] of Object.entries(expectations.tables)) {
    const shown = rows === null ? 'Athena refuses' : (rows as number).toLocaleString('en-US');
    expect(text).toMatch(new RegExp(`\\n\\s+${table}\\s+${shown}\\n`));
  }
  expect(text).toContain('serial-reuse (');
  expect(text).toContain('must fail: customers_curated: CustomSql "select count(distinct c.serialnumber)');
  expect(fs.readdirSync(path.join(out, 'accelerometer', 'landing')).length).toBe(expectations.files.accelerometer.length);
});

test('--json prints one document with the expected rows', async () => {
  const out = path.join(root, 'json');
  const doc = JSON.parse(await run(['--out', out, '--customers', '30', '--scale', '2', '--consent-ratio', '0.5', '--defect', 'pre-consent,duplicate-delivery', '--json']));
  expect(doc.tables.customer_landing).toBe(60);
  expect(doc.tables.customer_trusted).toBe(30);
  expect(doc.defects.map((d: { name: string }) => d.name)).toEqual(['pre-consent', 'duplicate-delivery']);
  expect(doc.tables).toEqual(JSON.parse(fs.readFileSync(path.join(out, 'expectations.json'), 'utf8')).tables);
});

test.each([
  [['--customers', '10'], /--out DIR is required/],
  [['--out', 'x', '--scale', 'two'], /--scale must be a whole number, got "two"/],
  [['--out', 'x', '--consent-ratio', 'half'], /--consent-ratio must be a number, got "half"/],
  [['--out', 'x', '--consent-ratio', '3'], /--consent-ratio must be a number from 0 to 1, got 3/],
  [['--out', 'x', '--defect', 'gremlins'], /--defect "gremlins" is not a defect; expected one of serial-reuse, duplicate-emails/],
  [['--out', 'x', '--profile', 'stedi-1999'], /unknown profile "stedi-1999"/],
  [['--out', 'x', '--duplicate-delivery', 'customer'], /--duplicate-delivery must be step_trainer or accelerometer/],
])('bad options %j are InputErrors', async (args, message) => {
  const attempt = run(args.map((a) => (a === 'x' ? path.join(root, 'never') : a)));
  await expect(attempt).rejects.toThrow(InputError);
  await expect(run(args.map((a) => (a === 'x' ? path.join(root, 'never') : a)))).rejects.toThrow(message);
  expect(fs.existsSync(path.join(root, 'never'))).toBe(false);
});
