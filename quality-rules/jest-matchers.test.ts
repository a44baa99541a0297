import './jest-matchers';
import type { RuleOutcome } from './engine/types';

const passed: RuleOutcome = { rule: 'IsComplete "email"', outcome: 'Passed', evaluatedMetrics: { 'Column.email.Completeness': 1 }, level: 'error', table: 't' };
const failedWarning: RuleOutcome = {
  rule: 'CustomSql "select 1" = 0',
  outcome: 'Failed',
  failureReason: 'Value: 1 does not meet the constraint requirement (= 0)',
  evaluatedMetrics: { 'Dataset.*.CustomSQL': 1 },
  level: 'warning',
  table: 't',
};
const failedError: RuleOutcome = {
  rule: 'IsUnique "email"',
  outcome: 'Failed',
  failureReason: 'Value: 0.5 does not meet the constraint requirement',
  evaluatedMetrics: { 'Column.email.Uniqueness': 0.5 },
  level: 'error',
  table: 'customers_curated',
};

describe('toPassDataQuality', () => {
  it('passes when every error-level rule passed; warnings only with includeWarnings', () => {
    expect([passed, failedWarning]).toPassDataQuality();
    expect([passed, failedWarning]).not.toPassDataQuality({ includeWarnings: true });
  });

  it('lists failing rules with table, level, observed metrics and reason', () => {
    let message = '';
    try {
      expect([passed, failedError]).toPassDataQuality();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'expected all error-level rules to pass; 1 of 2 did not:\n' +
        '  [customers_curated] IsUnique "email"\n' +
        '      Failed (error), observed Uniqueness=0.5\n' +
        '      Value: 0.5 does not meet the constraint requirement',
    );
  });
});

describe('toHaveDataQualityOutcome', () => {
  it('finds rules by text or pattern', () => {
    expect([passed, failedError]).toHaveDataQualityOutcome('IsUnique', 'Failed');
    expect([passed, failedError]).toHaveDataQualityOutcome(/^IsComplete/, 'Passed');
    expect(() => expect([passed]).toHaveDataQualityOutcome('RowCount', 'Passed')).toThrow(/no rule matches RowCount/);
  });
});
