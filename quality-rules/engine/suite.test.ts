import type * as arrow from 'apache-arrow';
import { parseDqdl } from '../dqdl/parser';
import { tableFromRows } from '../load/rows';
import { rulesOfDocument } from './evaluate';
import { evaluateRules, planRules } from './suite';
import { loadedFromArrow, tablesFrom } from './tables';
import type { LoadedTable } from '../load/loaded-table';

const people = tableFromRows(
  [
    { id: 1, email: 'a@x' },
    { id: 2, email: 'b@x' },
    { id: 3, email: 'b@x' },
  ],
  { id: 'bigint', email: 'string' },
);

function rules(text: string, table = 'people') {
  return rulesOfDocument(parseDqdl(`Rules = [\n${text}\n]`), table, 'test.dqdl');
}

/** The same table, loaded, whose record batches count how often they are walked. */
function counting(table: arrow.Table): { loaded: LoadedTable; scans: () => number } {
  let scans = 0;
  const loaded = loadedFromArrow('people', table);
  const data = loaded.table;
  loaded.table = new Proxy(data, {
    get(target, key) {
      if (key === 'batches') scans++;
      return Reflect.get(target, key, target) as unknown;
    },
  });
  return { loaded, scans: () => scans };
}

describe('the verification suite', () => {
  it('de-duplicates analyzers: rules on the same column share one frequency and one completeness analyzer', async () => {
    const { analyzersByTable } = await planRules(
      rules('IsUnique "email",\nUniqueness "email" > 0.1,\nDistinctValuesCount "email" > 1,\nIsPrimaryKey "email",\nIsComplete "email",\nRowCount > 0,\nRowCount > 1'),
      tablesFrom({ people }),
    );
    expect(analyzersByTable.get('people')!.map((a) => a.id)).toEqual(['Frequencies(people.email)', 'Completeness(people.email)', 'Size(people)']);
  });

  it('scans a table once for all of its rules', async () => {
    const { loaded, scans } = counting(people);
    const outcomes = await evaluateRules(rules('IsComplete "email",\nColumnValues "id" > 0,\nRowCount = 3,\nCompleteness "id" > 0.5'), tablesFrom({ people: loaded }));
    expect(outcomes.map((o) => o.outcome)).toEqual(['Passed', 'Passed', 'Passed', 'Passed']);
    expect(scans()).toBe(1);
  });

  it('copies a table into DuckDB once, however many rules group or filter it there', async () => {
    const { loaded, scans } = counting(people);
    const outcomes = await evaluateRules(
      rules('IsUnique "id",\nIsUnique "email",\nIsComplete "email" where "id > 1",\nColumnValues "id" > 0,\nDistinctValuesCount "email" = 2'),
      tablesFrom({ people: loaded }),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['Passed', 'Failed', 'Passed', 'Passed', 'Passed']);
    // One scan for the JS analyzers, one copy into DuckDB for the groupings and the where mask.
    expect(scans()).toBe(2);
  });

  it('judges composite rules and reports the failing member', async () => {
    const [and, or] = await evaluateRules(rules('(IsUnique "email") and (RowCount = 3),\n(IsUnique "email") or (RowCount = 3)'), tablesFrom({ people }));
    expect(and).toMatchObject({ outcome: 'Failed', failureReason: expect.stringMatching(/^\(IsUnique "email"\) failed: Value: 0.333333/) });
    expect(and!.evaluatedMetrics).toEqual({ 'Column.email.Uniqueness': 1 / 3, 'Dataset.*.RowCount': 3 });
    expect(or!.outcome).toBe('Passed');
  });

  it('turns unsupported rule types, missing tables and bad parameters into Error outcomes, not exceptions', async () => {
    const outcomes = await evaluateRules(
      [...rules('Mean "id" > 1,\nFrobnicate "x",\nIsComplete,\nReferentialIntegrity "id" "other.id" = 1.0 where "id > 1"'), ...rules('RowCount > 0', 'ghost')],
      tablesFrom({ people }),
    );
    expect(outcomes.map((o) => [o.outcome, o.failureReason])).toEqual([
      ['Error', expect.stringMatching(/^Mean is a DQDL rule type the local evaluator does not support \(supported: RowCount, /)],
      ['Error', expect.stringMatching(/^Frobnicate is not a DQDL rule type/)],
      ['Error', 'IsComplete takes TargetColumn; got 0 parameters'],
      ['Error', 'ReferentialIntegrity does not support a where clause'],
      ['Error', 'table ghost is not in the run (tables: people)'],
    ]);
  });

  it('keeps level, table, source and the comment of each rule', async () => {
    const doc = parseDqdl('Rules = [\n    # Emails repeat in this table.\n    # level: warning\n    IsUnique "email"\n]');
    const [outcome] = await evaluateRules(rulesOfDocument(doc, 'people', 'people.dqdl'), tablesFrom({ people }));
    expect(outcome).toMatchObject({ level: 'warning', table: 'people', source: 'people.dqdl:4', description: 'Emails repeat in this table.', rule: 'IsUnique "email"' });
  });
});
