import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';
import { parseReference } from './referential-integrity';

const customers = tableFromRows([{ email: 'a@x', serial: 10 }, { email: 'b@x', serial: 20 }], { email: 'string', serial: 'bigint' });
const readings = tableFromRows(
  [{ user: 'a@x', serial: 10 }, { user: 'b@x', serial: 20 }, { user: 'c@x', serial: 30 }, { user: null, serial: 10 }],
  { user: 'string', serial: 'int' },
);

// The reference keys are held in JS while they fit in a quarter of the gate's budget, and the
// check runs in DuckDB beyond it; STEDI_GATE_MEMORY_MB=0 sends every check to DuckDB. Each path
// must give the same verdicts, counts and examples.
describe.each([
  ['reference keys in JS', undefined],
  ['in DuckDB (STEDI_GATE_MEMORY_MB=0)', '0'],
])('ReferentialIntegrity, %s', (_path, gateMemory) => {
  const saved = process.env.STEDI_GATE_MEMORY_MB;
  beforeAll(() => {
    if (gateMemory === undefined) delete process.env.STEDI_GATE_MEMORY_MB;
    else process.env.STEDI_GATE_MEMORY_MB = gateMemory;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.STEDI_GATE_MEMORY_MB;
    else process.env.STEDI_GATE_MEMORY_MB = saved;
  });

  it('passes when every key is found in the reference table', async () => {
    const subset = tableFromRows([{ user: 'a@x' }], { user: 'string' });
    expect(await evaluateOne('ReferentialIntegrity "user" "customers.email" = 1.0', { subset, customers })).toMatchObject({
      outcome: 'Passed',
      evaluatedMetrics: { 'Column.customers.ReferentialIntegrity': 1 },
    });
  });

  it('fails with the fraction found and examples of missing keys (NULL has no match)', async () => {
    expect(await evaluateOne('ReferentialIntegrity "user" "customers.email" = 1.0', { readings, customers })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.5 does not meet the constraint requirement (= 1.0): 2 of 4 rows of readings have a user not found in customers.email, e.g. "c@x", NULL',
      evaluatedMetrics: { 'Column.customers.ReferentialIntegrity': 0.5 },
    });
  });

  it('matches numbers across integer widths, and several columns at once', async () => {
    expect((await evaluateOne('ReferentialIntegrity "serial" "customers.serial" = 0.75', { readings, customers })).outcome).toBe('Passed');
    expect(
      (await evaluateOne('ReferentialIntegrity "user,serial" "customers.{email,serial}" = 0.5', { readings, customers })).evaluatedMetrics,
    ).toEqual({ 'Column.customers.ReferentialIntegrity': 0.5 });
  });

  it('counts a large table the way a plain loop over its rows does, with the first missing keys in table order', async () => {
    // 30,000 readings against 5,000 customers: every 7th user is unknown, every 11th is NULL.
    const known = Array.from({ length: 5000 }, (_, i) => ({ email: `u${i}@x`, serial: i }));
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ user: i % 11 === 0 ? null : i % 7 === 0 ? `stranger${i}@x` : `u${i % 5000}@x`, serial: i % 6000 }));
    const big = tableFromRows(rows, { user: 'string', serial: 'bigint' });
    const reference = tableFromRows(known, { email: 'string', serial: 'bigint' });
    const emails = new Set(known.map((k) => k.email));
    const matched = rows.filter((r) => r.user !== null && emails.has(r.user)).length;
    const missing = rows.filter((r) => r.user === null || !emails.has(r.user)).map((r) => r.user);
    const firstMissing = [...new Set(missing)].slice(0, 3).map((m) => (m === null ? 'NULL' : JSON.stringify(m)));
    const result = await evaluateOne('ReferentialIntegrity "user" "customers.email" = 1.0', { big, customers: reference });
    expect(result.evaluatedMetrics).toEqual({ 'Column.customers.ReferentialIntegrity': matched / rows.length });
    expect(result.failureReason).toContain(`${rows.length - matched} of ${rows.length} rows of big have a user not found in customers.email, e.g. ${firstMissing.join(', ')}`);
    const serials = new Set(known.map((k) => k.serial));
    const numeric = await evaluateOne('ReferentialIntegrity "serial" "customers.serial" = 1.0', { big, customers: reference });
    expect(numeric.evaluatedMetrics).toEqual({ 'Column.customers.ReferentialIntegrity': rows.filter((r) => serials.has(r.serial)).length / rows.length });
  });

  it('compares a text column with a numeric one as text', async () => {
    const codes = tableFromRows([{ code: '10' }, { code: '11' }, { code: 'x' }], { code: 'string' });
    expect((await evaluateOne('ReferentialIntegrity "code" "customers.serial" = 1.0', { codes, customers })).evaluatedMetrics).toEqual({
      'Column.customers.ReferentialIntegrity': 1 / 3,
    });
  });

  it('parses both reference spellings', () => {
    expect(parseReference('customer_trusted.email')).toEqual({ table: 'customer_trusted', columns: ['email'] });
    expect(parseReference('db.ref.{a, b}')).toEqual({ table: 'db.ref', columns: ['a', 'b'] });
  });

  it('is an error when the reference table or column is missing', async () => {
    expect((await evaluateOne('ReferentialIntegrity "user" "nope.email" = 1.0', { readings })).outcome).toBe('Error');
    expect(await evaluateOne('ReferentialIntegrity "user" "customers.mail" = 1.0', { readings, customers })).toMatchObject({
      outcome: 'Error',
      failureReason: expect.stringContaining('column "mail" does not exist in table customers'),
    });
  });
});
