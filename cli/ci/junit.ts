/**
 * JUnit XML for CI test views (GitHub, GitLab, Jenkins): one testsuite per kind of check —
 * the run's jobs, its table counts, the quality gate's rules — and one testcase per job, per
 * table, per rule. JUnit's two kinds of bad result keep their meaning: a <failure> is a check
 * that ran and did not hold (a count differs, an error-level rule failed); an <error> is one
 * that could not be made (a job crashed or timed out, a table could not be counted, a rule could
 * not be evaluated). Warning-level rules never fail the gate, so they never fail a testcase:
 * a failed warning is a passing testcase that says so in its system-out.
 */
import type { RunRecord } from '../../common/run-dir';
import { observedText, type GateResult, type RuleOutcome } from '../../quality-rules';

interface Problem {
  message: string;
  type: string;
  /** Text of the element: a traceback, the full reason. */
  detail?: string;
}

export interface TestCase {
  name: string;
  classname: string;
  /** Seconds. */
  time?: number;
  failure?: Problem;
  error?: Problem;
  skipped?: string;
  systemOut?: string;
}

export interface TestSuite {
  name: string;
  cases: TestCase[];
}

/** One testcase per job; a run fault (the emulator died) is an error of its own. */
export function jobCases(record: RunRecord): TestCase[] {
  const classname = `${record.pipelineName ?? 'pipeline'}.jobs`;
  const cases: TestCase[] = record.jobs.map((job) => {
    const testCase: TestCase = { name: job.name, classname, time: job.seconds };
    if (job.state === 'FAILED' || job.state === 'TIMEOUT') {
      const what = job.error ? `${job.error.type}: ${job.error.message}` : `the job ended in ${job.state}`;
      testCase.error = { type: job.state, message: `${job.name} ${job.state}: ${what}`, ...(job.error?.traceback ? { detail: job.error.traceback } : {}) };
    } else if (job.state === 'SKIPPED') {
      testCase.skipped = `not run: ${job.skippedBecause?.join(', ') ?? 'an upstream job'} did not succeed`;
    }
    return testCase;
  });
  if (record.error) cases.push({ name: 'run', classname, error: { type: 'RUN_FAULT', message: record.error } });
  return cases;
}

/** One testcase per table: counted, and as many rows as its dataset expects, none rejected or lost. */
export function countCases(record: RunRecord): TestCase[] {
  const classname = `${record.pipelineName ?? 'pipeline'}.counts`;
  return Object.entries(record.tables).map(([name, table]) => {
    const testCase: TestCase = { name, classname };
    const expected = table.expected === null ? 'no expected count' : `expected ${table.expected}`;
    if (table.error !== undefined || table.rows === null) {
      testCase.error = { type: 'NOT_COUNTED', message: `${name} could not be counted: ${table.error ?? 'no row count'}` };
    } else if (table.rejectedRecords > 0) {
      testCase.failure = { type: 'REJECTED', message: `${name}: ${table.rejectedRecords} record(s) rejected (observed rows ${table.rows}, ${expected})` };
    } else if (table.lost) {
      const located = table.lost.located.length > 0 ? `: ${table.lost.located.join('; ')}` : '';
      testCase.failure = { type: 'LOST', message: `${name}: ${table.lost.count} record(s) the table layer counted were lost by a job's reader (observed rows ${table.rows}, ${expected})${located}` };
    } else if (table.expected !== null && table.rows !== table.expected) {
      testCase.failure = { type: 'COUNT_MISMATCH', message: `${name}: observed ${table.rows} rows, expected ${table.expected}` };
    } else {
      testCase.systemOut = `${table.rows} rows (${expected})`;
    }
    return testCase;
  });
}

function ruleCase(outcome: RuleOutcome): TestCase {
  const testCase: TestCase = { name: outcome.rule, classname: `rules.${outcome.table}` };
  const observed = observedText(outcome);
  const reason = `${outcome.failureReason ?? outcome.outcome} (observed: ${observed}; level ${outcome.level}${outcome.source ? `; ${outcome.source}` : ''})`;
  if (outcome.outcome === 'Passed') {
    testCase.systemOut = `passed (observed: ${observed})`;
  } else if (outcome.level === 'warning') {
    testCase.systemOut = `warning-level rule ${outcome.outcome === 'Failed' ? 'failed' : 'could not be evaluated'}, the gate allows it: ${reason}`;
  } else if (outcome.outcome === 'Failed') {
    testCase.failure = { type: 'RuleFailed', message: `${outcome.table}: ${outcome.rule}: ${reason}` };
  } else {
    testCase.error = { type: 'RuleError', message: `${outcome.table}: ${outcome.rule}: ${reason}` };
  }
  return testCase;
}

/** One testcase per rule outcome; a ruleset that could not be evaluated at all is an error. */
export function ruleCases(gate: GateResult): TestCase[] {
  return [...gate.errors.map((message) => ({ name: 'ruleset', classname: 'rules', error: { type: 'GATE_CANNOT_EVALUATE', message } })), ...gate.outcomes.map(ruleCase)];
}

/** Suites for what a command checked: the jobs and counts of a run (`stedi run`), the gate's rules. */
export function junitSuites(record: RunRecord | undefined, gate: GateResult | undefined): TestSuite[] {
  const suites: TestSuite[] = [];
  if (record) suites.push({ name: 'jobs', cases: jobCases(record) }, { name: 'counts', cases: countCases(record) });
  if (gate) suites.push({ name: 'rules', cases: ruleCases(gate) });
  return suites;
}

// XML 1.0 allows these characters only; a job's output may hold others (ANSI escapes, NUL).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
}

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: string;
}

function totals(cases: TestCase[]): Totals {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: cases.filter((c) => c.error).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
    time: cases.reduce((sum, c) => sum + (c.time ?? 0), 0).toFixed(3),
  };
}

function renderCase(testCase: TestCase): string {
  const open = `    <testcase${attributes({ name: testCase.name, classname: testCase.classname, time: testCase.time?.toFixed(3) })}`;
  const body: string[] = [];
  for (const kind of ['failure', 'error'] as const) {
    const problem = testCase[kind];
    if (problem) body.push(`      <${kind}${attributes({ message: problem.message, type: problem.type })}>${escapeXml(problem.detail ?? problem.message)}</${kind}>`);
  }
  if (testCase.skipped !== undefined) body.push(`      <skipped${attributes({ message: testCase.skipped })}/>`);
  if (testCase.systemOut) body.push(`      <system-out>${escapeXml(testCase.systemOut)}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

/** The JUnit XML document: <testsuites> with the totals, one <testsuite> per suite. */
export function renderJUnit(name: string, suites: TestSuite[], timestamp: string = new Date().toISOString()): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes({ name, ...totals(suites.flatMap((s) => s.cases)) })}>`];
  for (const suite of suites) {
    lines.push(`  <testsuite${attributes({ name: suite.name, ...totals(suite.cases), timestamp: timestamp.replace(/\.\d+Z$/, '') })}>`);
    lines.push(...suite.cases.map(renderCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
