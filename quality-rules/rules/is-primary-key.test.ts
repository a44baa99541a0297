import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const schema = { serialnumber: 'string', sensorreadingtime: 'bigint' };

describe('IsPrimaryKey', () => {
  it('passes for complete, unique column combinations', async () => {
    const t = tableFromRows([{ serialnumber: 'a', sensorreadingtime: 1 }, { serialnumber: 'a', sensorreadingtime: 2 }, { serialnumber: 'b', sensorreadingtime: 1 }], schema);
    expect(await evaluateOne('IsPrimaryKey "serialnumber" "sensorreadingtime"', { t })).toMatchObject({
      outcome: 'Passed',
      evaluatedMetrics: {
        'Column.serialnumber.Completeness': 1,
        'Column.sensorreadingtime.Completeness': 1,
        'Multicolumn.serialnumber,sensorreadingtime.Uniqueness': 1,
      },
    });
  });

  it('fails for a repeated key and for a NULL in a key column', async () => {
    const t = tableFromRows(
      [
        { serialnumber: 'a', sensorreadingtime: 1 },
        { serialnumber: 'a', sensorreadingtime: 1 },
        { serialnumber: null, sensorreadingtime: 2 },
      ],
      schema,
    );
    const outcome = await evaluateOne('IsPrimaryKey "serialnumber" "sensorreadingtime"', { t });
    expect(outcome.outcome).toBe('Failed');
    expect(outcome.failureReason).toBe(
      '(serialnumber, sensorreadingtime) is not a primary key: 1 of 3 rows (33.33%) have NULL in serialnumber; ' +
        '2 of 3 non-NULL rows share a value of serialnumber, sensorreadingtime with another row, e.g. "a, 1" ×2',
    );
  });
});
