import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const orders = tableFromRows([{ id: 1 }, { id: 2 }, { id: 3 }], { id: 'int' });
const copy = tableFromRows([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }], { id: 'int' });

describe('RowCountMatch', () => {
  it('compares the row count with the reference table', async () => {
    expect(await evaluateOne('RowCountMatch "copy" = 0.75', { orders, copy })).toMatchObject({
      outcome: 'Passed',
      evaluatedMetrics: { 'Dataset.copy.RowCountMatch': 0.75 },
    });
    expect(await evaluateOne('RowCountMatch "copy" >= 0.9', { orders, copy })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.75 does not meet the constraint requirement (>= 0.9): 3 rows vs 4 in copy',
    });
  });

  it('is an error when the reference table is not there', async () => {
    expect(await evaluateOne('RowCountMatch "missing" = 1.0', { orders })).toMatchObject({ outcome: 'Error', failureReason: expect.stringContaining('reference table missing is not in the run') });
  });
});
