import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const readings = tableFromRows([{ user: 'a', ts: 1 }, { user: 'b', ts: 2 }, { user: 'z', ts: 3 }], { user: 'string', ts: 'bigint' });
const customers = tableFromRows([{ email: 'a' }, { email: 'b' }], { email: 'string' });

describe('CustomSql', () => {
  it('runs the statement with primary as the table under test', async () => {
    expect(await evaluateOne('CustomSql "select count(*) from primary where ts > 1" = 2', { readings })).toMatchObject({
      outcome: 'Passed',
      evaluatedMetrics: { 'Dataset.*.CustomSQL': 2 },
    });
  });

  it('reads other tables of the run by name and fails with the value', async () => {
    expect(
      await evaluateOne('CustomSql "select count(*) from primary r where not exists (select 1 from customers c where c.email = r.`user`)" = 0', {
        readings,
        customers,
      }),
    ).toMatchObject({ outcome: 'Failed', failureReason: 'Value: 1 does not meet the constraint requirement (= 0)', evaluatedMetrics: { 'Dataset.*.CustomSQL': 1 } });
  });

  it('is an error for bad SQL, unknown tables and non-scalar results', async () => {
    expect(await evaluateOne('CustomSql "selec 1" = 1', { readings })).toMatchObject({ outcome: 'Error', failureReason: expect.stringContaining('Parser Error') });
    expect(await evaluateOne('CustomSql "select count(*) from nope" = 1', { readings })).toMatchObject({
      outcome: 'Error',
      failureReason: expect.stringContaining('reads table nope, which is not in the run'),
    });
    expect(await evaluateOne('CustomSql "select user from primary" = 1', { readings })).toMatchObject({
      outcome: 'Error',
      failureReason: 'CustomSql must return one value; it returned 3 row(s) of 1 column(s)',
    });
  });
});
