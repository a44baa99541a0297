/**
 * Jest matchers for data tests. Import once (`import '<...>/quality-rules/jest-matchers'`, or
 * list this file in a jest config's `setupFilesAfterEnv`):
 *
 *   expect(outcomes).toPassDataQuality();                      // every error-level rule passed
 *   expect(outcomes).toPassDataQuality({ includeWarnings: true });
 *   expect(outcomes).toHaveDataQualityOutcome(/IsUnique "email"/, 'Failed');
 *
 * `outcomes` is a RuleOutcome[] or a GateResult. Failure messages list each offending rule
 * with its table, level, observed metrics and reason.
 */
import type { RuleOutcome } from './engine/types';
import type { GateResult } from './gate/run-gate';
import { observedText } from './gate/print';

type Received = RuleOutcome[] | GateResult;

export interface PassDataQualityOptions {
  /** Also require warning-level rules to pass. */
  includeWarnings?: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toPassDataQuality(options?: PassDataQualityOptions): R;
      toHaveDataQualityOutcome(rule: string | RegExp, outcome: RuleOutcome['outcome']): R;
    }
  }
}

function outcomesOf(received: Received): RuleOutcome[] {
  if (Array.isArray(received)) return received;
  if (received && Array.isArray((received as GateResult).outcomes)) return (received as GateResult).outcomes;
  throw new TypeError('expected an array of rule outcomes or a quality gate result');
}

export function describeOutcome(o: RuleOutcome): string {
  const head = `  [${o.table}] ${o.rule}\n      ${o.outcome} (${o.level}), observed ${observedText(o)}`;
  return o.failureReason ? `${head}\n      ${o.failureReason}` : head;
}

function matches(rule: string | RegExp, text: string): boolean {
  return typeof rule === 'string' ? text.includes(rule) : rule.test(text);
}

export const dataQualityMatchers = {
  toPassDataQuality(received: Received, options: PassDataQualityOptions = {}) {
    const outcomes = outcomesOf(received);
    const failing = outcomes.filter((o) => o.outcome !== 'Passed' && (options.includeWarnings || o.level === 'error'));
    const scope = options.includeWarnings ? 'rules' : 'error-level rules';
    return {
      pass: failing.length === 0,
      message: () =>
        failing.length === 0
          ? `expected some ${scope} to fail, but all ${outcomes.length} passed`
          : `expected all ${scope} to pass; ${failing.length} of ${outcomes.length} did not:\n${failing.map(describeOutcome).join('\n')}`,
    };
  },

  toHaveDataQualityOutcome(received: Received, rule: string | RegExp, outcome: RuleOutcome['outcome']) {
    const outcomes = outcomesOf(received);
    const found = outcomes.filter((o) => matches(rule, o.rule));
    const pass = found.length > 0 && found.every((o) => o.outcome === outcome);
    return {
      pass,
      message: () =>
        found.length === 0
          ? `no rule matches ${String(rule)}; rules:\n${outcomes.map((o) => `  [${o.table}] ${o.rule}`).join('\n')}`
          : `expected rule(s) matching ${String(rule)} ${pass ? 'not ' : ''}to be ${outcome}:\n${found.map(describeOutcome).join('\n')}`,
    };
  },
};

expect.extend(dataQualityMatchers);
