import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ c: 'US' }, { c: 'CA' }, { c: 'US' }, { c: null }], { c: 'string' });
const n = tableFromRows([{ v: 3 }, { v: 3 }, { v: 4 }], { v: 'bigint' });

describe('DistinctValuesCount', () => {
  it('counts distinct values, NULL being one more value as in Deequ', async () => {
    expect(await evaluateOne('DistinctValuesCount "c" = 3', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.c.DistinctValuesCount': 3 } });
    expect(await evaluateOne('DistinctValuesCount "v" = 2', { n })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.v.DistinctValuesCount': 2 } });
  });

  it('fails with the observed count', async () => {
    expect(await evaluateOne('DistinctValuesCount "c" > 3', { t })).toMatchObject({ outcome: 'Failed', failureReason: 'Value: 3 does not meet the constraint requirement (> 3)' });
  });
});
