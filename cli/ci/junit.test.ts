/**
 * The JUnit XML parsed back with an independent XML parser (fast-xml-parser): well-formed, the
 * totals JUnit consumers read, and each testcase's kind. Failure vs error follow the Apache Ant
 * JUnit schema (JUnit.xsd, Windy Road, e.g. https://git.libre-chip.org/mirrors/sby/raw/commit/b4348974c11454f1f36e3f2d1591c0cd07917be4/tests/junit/JUnit.xsd):
 * "A failure is a test which the code has explicitly failed ... e.g., via an assertEquals";
 * "An errored test is one that had an unanticipated problem".
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJUnit, junitSuites } from './junit';
import { brokenRun, gateWithEveryKind } from './test-support/records';

interface ParsedCase {
  '@_name': string;
  '@_classname': string;
  '@_time'?: string;
  failure?: { '@_message': string; '@_type': string; '#text'?: string };
  error?: { '@_message': string; '@_type': string; '#text'?: string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface ParsedSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: ParsedCase[];
}

function parse(xml: string): { root: Record<string, string>; suites: ParsedSuite[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, parseAttributeValue: false, parseTagValue: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const document = parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: ParsedSuite[] } };
  return { root: document.testsuites, suites: document.testsuites.testsuite };
}

const kind = (c: ParsedCase): string => (c.failure ? 'failure' : c.error ? 'error' : c.skipped ? 'skipped' : 'pass');

describe('JUnit XML of a run with every kind of outcome', () => {
  const xml = renderJUnit('shop & co (stedi run)', junitSuites(brokenRun(), gateWithEveryKind()), '2026-01-01T00:02:00.000Z');
  const { root, suites } = parse(xml);

  it('has one suite per kind, one testcase per job, per table, per rule (and the ruleset error)', () => {
    expect(suites.map((s) => [s['@_name'], s.testcase.length])).toEqual([
      ['jobs', 3],
      ['counts', 4],
      ['rules', 5],
    ]);
    expect(root['@_name']).toBe('shop & co (stedi run)');
  });

  it('jobs: a FAILED job is an error with its traceback, a SKIPPED job is skipped', () => {
    const jobs = suites[0].testcase;
    expect(jobs.map((c) => [c['@_name'], kind(c)])).toEqual([
      ['clean_orders', 'pass'],
      ['daily_orders', 'error'],
      ['publish', 'skipped'],
    ]);
    expect(jobs[1].error?.['@_message']).toBe("daily_orders FAILED: KeyError: 'amount' <missing> & gone");
    // The ANSI escape XML 1.0 cannot hold is written as \u001b, the rest of the traceback kept.
    expect(jobs[1].error?.['#text']).toBe('Traceback:\n  \\u001b[31mKeyError\\u001b[0m: "amount"');
    expect(jobs[0]['@_time']).toBe('12.500');
  });

  it('counts: a wrong count and rejected records are failures with the observed rows; an uncounted table is an error', () => {
    const counts = suites[1].testcase;
    expect(counts.map((c) => [c['@_name'], kind(c)])).toEqual([
      ['orders_landing', 'pass'],
      ['orders_trusted', 'failure'],
      ['orders_rejected', 'failure'],
      ['orders_daily', 'error'],
    ]);
    expect(counts[1].failure?.['@_message']).toBe('orders_trusted: observed 7 rows, expected 8');
    expect(counts[2].failure?.['@_message']).toMatch(/1 record\(s\) rejected \(observed rows 9, expected 10\)/);
  });

  it('rules: an error-level failure is a failure with the observed metric; a failed warning passes; an unevaluated rule is an error', () => {
    const rules = suites[2].testcase;
    expect(rules.map((c) => [c['@_name'], kind(c)])).toEqual([
      ['ruleset', 'error'],
      ['IsPrimaryKey "orderid"', 'pass'],
      ['ColumnValues "amount" > 400', 'failure'],
      ['Completeness "customeremail" >= 0.95', 'pass'],
      ['ColumnExists "discount"', 'error'],
    ]);
    expect(rules[2].failure?.['@_message']).toContain('Minimum=12.5');
    expect(rules[2].failure?.['@_message']).toContain('does not meet the constraint');
    expect(rules[3]['system-out']).toMatch(/^warning-level rule failed, the gate allows it: .*Completeness=0\.9/);
    expect(rules.every((c) => c['@_classname'].startsWith('rules'))).toBe(true);
  });

  it('the totals of each suite and of the document are the counts of its testcases', () => {
    const expected = { jobs: [3, 0, 1, 1], counts: [4, 2, 1, 0], rules: [5, 1, 2, 0] } as Record<string, number[]>;
    for (const suite of suites) {
      expect([suite['@_tests'], suite['@_failures'], suite['@_errors'], suite['@_skipped']].map(Number)).toEqual(expected[suite['@_name']]);
    }
    expect([root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped']].map(Number)).toEqual([12, 3, 4, 1]);
  });
});

test('without a run record (stedi check) only the rules suite is written', () => {
  const { suites } = parse(renderJUnit('x', junitSuites(undefined, gateWithEveryKind())));
  expect(suites.map((s) => s['@_name'])).toEqual(['rules']);
});
