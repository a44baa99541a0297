import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';
import { parseReference } from './referential-integrity';

const customers = tableFromRows([{ email: 'a@x', serial: 10 }, { email: 'b@x', serial: 20 }], { email: 'string', serial: 'bigint' });
const readings = tableFromRows(
  [{ user: 'a@x', serial: 10 }, { user: 'b@x', serial: 20 }, { user: 'c@x', serial: 30 }, { user: null, serial: 10 }],
  { user: 'string', serial: 'int' },
);

describe('ReferentialIntegrity', () => {
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
