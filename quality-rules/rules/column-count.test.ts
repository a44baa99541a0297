import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ a: 1, b: 'x' }], { a: 'int', b: 'string', c: 'double' });

describe('ColumnCount', () => {
  it('counts the columns of the catalog schema, present or not in the data', async () => {
    expect(await evaluateOne('ColumnCount = 3', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Dataset.*.ColumnCount': 3 } });
    expect(await evaluateOne('ColumnCount < 3', { t })).toMatchObject({ outcome: 'Failed', failureReason: expect.stringContaining('columns: a, b, c') });
  });
});
