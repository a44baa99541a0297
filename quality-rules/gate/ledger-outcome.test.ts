import type { Ledger, LedgerObject } from '../../table';
import { ledgerIssuesOutcome } from './ledger-outcome';

/** A ledger as the table layer builds it, written out by hand: figures chosen here, not computed. */
function ledger(overrides: Partial<Ledger>, objects: LedgerObject[] = []): Ledger {
  return {
    table: 'stedi.acc',
    format: 'json',
    serde: 'org.openx.data.jsonserde.JsonSerDe',
    rows: 10,
    records: 10,
    objects: 2,
    lines: 10,
    accepted: 10,
    acceptedWithIssues: 0,
    rejected: 0,
    skipped: 0,
    reasons: {},
    objectsWithIssues: objects,
    skippedObjects: [],
    examplesPerReason: 20,
    ...overrides,
  };
}

function object(key: string, examples: LedgerObject['examples']): LedgerObject {
  return { key, format: 'json', compression: 'none', lines: 5, rows: 5, accepted: 5 - examples.length, acceptedWithIssues: examples.length, rejected: 0, skipped: 0, reasons: {}, examples };
}

describe('LedgerIssues = 0', () => {
  it('passes at warning level when every line was read cleanly (blank lines are not issues)', () => {
    expect(ledgerIssuesOutcome('acc', ledger({ skipped: 2, reasons: { 'blank-line': 2 } }))).toEqual({
      rule: 'LedgerIssues = 0',
      outcome: 'Passed',
      level: 'warning',
      table: 'acc',
      source: 'ledger',
      evaluatedMetrics: { 'Dataset.*.LedgerIssues': 0, 'Dataset.*.RecordsWithIssues': 0, 'Dataset.*.RejectedRecords': 0, 'Dataset.*.LostRecords': 0 },
    });
  });

  it('fails at warning level for lines read with issues, naming reasons and the first line of each object', () => {
    const objects = [
      object('a.json', [
        { key: 'a.json', line: 3, outcome: 'accepted-with-issues', reason: 'trailing-content', detail: '"," after the JSON value is ignored' },
        { key: 'a.json', line: 9, outcome: 'accepted-with-issues', reason: 'bom', detail: 'BOM stripped' },
      ]),
      object('b/c.json', [{ key: 'b/c.json', line: 1, outcome: 'accepted-with-issues', reason: 'duplicate-key', detail: 'key "user" twice', column: 'user' }]),
    ];
    const outcome = ledgerIssuesOutcome('acc', ledger({ acceptedWithIssues: 3, accepted: 7, reasons: { 'trailing-content': 1, bom: 1, 'duplicate-key': 1 } }, objects));
    expect(outcome).toMatchObject({ outcome: 'Failed', level: 'warning', evaluatedMetrics: { 'Dataset.*.LedgerIssues': 3, 'Dataset.*.LostRecords': 0 } });
    expect(outcome.failureReason).toBe('acc: 3 lines read with issues (1 bom, 1 duplicate-key, 1 trailing-content); first at a.json:3 trailing-content, b/c.json:1 duplicate-key');
  });

  it('is error level when a line was rejected (in no count) and says where Athena stops', () => {
    const objects = [object('a.json', [{ key: 'a.json', line: 4, outcome: 'rejected', reason: 'malformed-json', detail: 'HIVE_CURSOR_ERROR: ...' }])];
    const outcome = ledgerIssuesOutcome('acc', ledger({ rows: null, records: 9, rejected: 1, reasons: { 'malformed-json': 1 }, athenaRefuses: { key: 'a.json', line: 4, code: 'HIVE_CURSOR_ERROR', message: 'm' } }, objects));
    expect(outcome).toMatchObject({ outcome: 'Failed', level: 'error', evaluatedMetrics: { 'Dataset.*.RejectedRecords': 1, 'Dataset.*.LostRecords': 1 } });
    expect(outcome.failureReason).toBe('acc: 1 line rejected (in no count) (1 malformed-json); Athena refuses the table: HIVE_CURSOR_ERROR at a.json:4; first at a.json:4 malformed-json');
  });

  it('is error level when a job lost records the ledger accepted', () => {
    const outcome = ledgerIssuesOutcome('acc', ledger({}), { count: 2 });
    expect(outcome).toMatchObject({ outcome: 'Failed', level: 'error', evaluatedMetrics: { 'Dataset.*.LedgerIssues': 0, 'Dataset.*.LostRecords': 2 } });
    expect(outcome.failureReason).toBe("acc: 2 records lost by a job's reader");
  });

  it('names the file and line of each located lost record (at most three)', () => {
    const located = [1, 2, 3, 4].map((n) => `big.json:${n} lost by copy: record of 20000001 characters`);
    const outcome = ledgerIssuesOutcome('acc', ledger({}), { count: 5, located });
    expect(outcome.level).toBe('error');
    expect(outcome.failureReason).toBe(`acc: 5 records lost by a job's reader; lost: ${located.slice(0, 3).join(', ')} and 2 more records`);
  });

  it('names at most three objects and counts the rest', () => {
    const objects = ['a', 'b', 'c', 'd', 'e'].map((k) => object(`${k}.json`, [{ key: `${k}.json`, line: 1, outcome: 'accepted-with-issues', reason: 'bom', detail: 'BOM' }]));
    const outcome = ledgerIssuesOutcome('acc', ledger({ acceptedWithIssues: 5, reasons: { bom: 5 } }, objects));
    expect(outcome.failureReason).toBe('acc: 5 lines read with issues (5 bom); first at a.json:1 bom, b.json:1 bom, c.json:1 bom and 2 more objects');
  });
});
