/**
 * Reconciling a job's reader with the ledger. The ledgers here are built by hand from lines the
 * test describes (which line is what), and the job inputs as H2's input_stats reports them
 * (harness/python/stedi_glue/accounting.py): S3 URIs and 1-based physical lines.
 */
import type { JobInputRecord } from '../common/run-dir';
import type { LedgerLine, LedgerObject } from '../table';
import { keyInLocation, reconcileTable, tableReads, type ReconcileLedger } from './reconcile-inputs';

const LOCATION = 's3://raw/events/';

function object(key: string, examples: LedgerLine[], reasons: Record<string, number> = {}): LedgerObject {
  const counted = { ...reasons };
  if (Object.keys(reasons).length === 0) for (const e of examples) counted[e.reason] = (counted[e.reason] ?? 0) + 1;
  return { key, format: 'json', compression: 'none', lines: 10, rows: 10, accepted: 0, acceptedWithIssues: 0, rejected: 0, skipped: 0, reasons: counted, examples };
}

const line = (key: string, n: number, outcome: LedgerLine['outcome'], reason: LedgerLine['reason']): LedgerLine => ({ key, line: n, outcome, reason, detail: reason });

function ledger(objects: LedgerObject[]): ReconcileLedger {
  const lines = objects.flatMap((o) => o.examples);
  const reasons: Record<string, number> = {};
  for (const o of objects) for (const [r, n] of Object.entries(o.reasons)) reasons[r] = (reasons[r] ?? 0) + (n ?? 0);
  return {
    rejected: lines.filter((l) => l.outcome === 'rejected').length,
    skipped: lines.filter((l) => l.outcome === 'skipped').length,
    reasons,
    objectsWithIssues: objects,
  };
}

function input(samples: Array<[string, number | null, string]>, read = 10, errors = samples.length): JobInputRecord {
  return {
    database: 'Corpus',
    table: 'Events',
    location: LOCATION,
    format: 'json',
    recordsRead: read,
    recordsInFrame: read - errors,
    errorRecords: errors,
    errorSamples: samples.map(([file, l, reason]) => ({ file: `${LOCATION}${file}`, line: l, reason })),
  };
}

const TOO_BIG = 'record of 20000001 characters: Spark returned NULL';

describe('reconcileTable', () => {
  it('a clean record of an object without issues that the job made an error record is lost, located by file and line', () => {
    const lost = reconcileTable('corpus', 'events', LOCATION, ledger([]), [{ job: 'copy', input: input([['big/a b.json', 3, TOO_BIG]]) }]);
    expect(lost).toEqual({ count: 1, byJob: { copy: 1 }, located: [`big/a b.json:3 lost by copy: ${TOO_BIG}`] });
  });

  it('a line the ledger rejected, skipped or read as a row of NULLs is not lost again', () => {
    const l = ledger([
      object('a.json', [line('a.json', 2, 'rejected', 'malformed-json'), line('a.json', 4, 'skipped', 'blank-line')]),
      object('b.json', [line('b.json', 1, 'accepted-with-issues', 'malformed-json-ignored'), line('b.json', 2, 'accepted-with-issues', 'not-a-json-object')]),
    ]);
    const reads = [{ job: 'copy', input: input([['a.json', 2, 'malformed'], ['a.json', 4, 'malformed'], ['b.json', 1, 'malformed'], ['b.json', 2, 'malformed']]) }];
    expect(reconcileTable('corpus', 'events', LOCATION, l, reads)).toBeUndefined();
  });

  it('a line the ledger accepted with an issue (data kept) is lost when the job turned it into an error record', () => {
    const l = ledger([object('bom.json', [line('bom.json', 1, 'accepted-with-issues', 'bom')])]);
    const lost = reconcileTable('corpus', 'events', LOCATION, l, [{ job: 'copy', input: input([['bom.json', 1, 'malformed JSON record']]) }]);
    expect(lost?.located).toEqual(['bom.json:1 lost by copy: malformed JSON record']);
  });

  it('a clean line of an object that has issues elsewhere is lost', () => {
    const l = ledger([object('a.json', [line('a.json', 2, 'rejected', 'malformed-json')])]);
    const lost = reconcileTable('corpus', 'events', LOCATION, l, [{ job: 'copy', input: input([['a.json', 2, 'malformed'], ['a.json', 5, TOO_BIG]]) }]);
    expect(lost).toEqual({ count: 1, byJob: { copy: 1 }, located: [`a.json:5 lost by copy: ${TOO_BIG}`] });
  });

  it('error records beyond the job samples are explained while the ledger has non-record lines left, lost after that', () => {
    // 3 rejected lines in the ledger; the job has 5 error records and located none of them.
    const l = ledger([object('a.json', [1, 2, 3].map((n) => line('a.json', n, 'rejected', 'malformed-json')))]);
    const lost = reconcileTable('corpus', 'events', LOCATION, l, [{ job: 'copy', input: input([], 10, 5) }]);
    expect(lost).toEqual({ count: 2, byJob: { copy: 2 }, located: [] });
  });

  it('a line not listed because the ledger cut its examples at N is not called lost on a guess', () => {
    // 30 malformed lines, the ledger lists the first 20 (lines 1..20); the job locates line 25.
    const examples = Array.from({ length: 20 }, (_, i) => line('a.json', i + 1, 'rejected', 'malformed-json'));
    const l = { ...ledger([object('a.json', examples, { 'malformed-json': 30 })]), rejected: 30 };
    expect(reconcileTable('corpus', 'events', LOCATION, l, [{ job: 'copy', input: input([['a.json', 25, 'malformed']]) }])).toBeUndefined();
  });

  it('records read but neither in the frame nor error records are lost, unlocated', () => {
    const dropped: JobInputRecord = { ...input([]), recordsRead: 10, recordsInFrame: 8, errorRecords: 0 };
    expect(reconcileTable('corpus', 'events', LOCATION, ledger([]), [{ job: 'copy', input: dropped }])).toEqual({ count: 2, byJob: { copy: 2 }, located: [] });
  });

  it('counts a record lost by two jobs once, per job in byJob; other tables and from_options reads are ignored', () => {
    const lostLine = input([['a.json', 7, TOO_BIG]]);
    const other = { ...input([['x.json', 1, TOO_BIG]]), table: 'other' };
    const options = { ...input([['y.json', 1, TOO_BIG]]), database: null, table: null };
    const reads = [
      { job: 'one', input: lostLine },
      { job: 'two', input: lostLine },
      { job: 'two', input: other },
      { job: 'three', input: options },
    ];
    expect(reconcileTable('corpus', 'events', LOCATION, ledger([]), reads)).toEqual({ count: 1, byJob: { one: 1, two: 1 }, located: [`a.json:7 lost by one: ${TOO_BIG}`] });
  });

  it('nothing is lost when the job read every record', () => {
    expect(reconcileTable('corpus', 'events', LOCATION, ledger([]), [{ job: 'copy', input: input([]) }])).toBeUndefined();
  });
});

describe('keyInLocation and tableReads', () => {
  it('keys files relative to the table location like the ledger, with or without its trailing slash', () => {
    expect(keyInLocation('s3://raw/events/nested/2026/a.json', 's3://raw/events')).toBe('nested/2026/a.json');
    expect(keyInLocation('s3://raw/events/a.json', 's3://raw/events/')).toBe('a.json');
    expect(keyInLocation('s3://elsewhere/a.json', 's3://raw/events/')).toBe('s3://elsewhere/a.json');
  });

  it('lists every input of every job with its job', () => {
    const reads = tableReads([
      { name: 'a', jobRunId: 'jr_1', state: 'SUCCEEDED', seconds: 1, inputs: [input([])] },
      { name: 'b', jobRunId: null, state: 'SKIPPED', seconds: 0 },
    ]);
    expect(reads.map((r) => r.job)).toEqual(['a']);
  });
});
