/**
 * ColumnValues "column" <condition> [where "..."] [with threshold <condition>]: every row's
 * value satisfies the condition, or, with a threshold, the fraction that does satisfies the
 * threshold. NULL handling follows Deequ (engine/row-predicate.ts). Metrics: the compliant
 * fraction as `Column.<c>.ColumnValues.Compliance`, except for `matches` / `not matches`, where
 * Deequ's DQDL evaluator (a pattern check) names it `Column.<c>.PatternMatch`; for numeric
 * columns also `Column.<c>.Minimum` / `Maximum`, which Deequ reports for >, >=, <, <= and =.
 */
import { complianceAnalyzer, type ComplianceDetails } from '../engine/analyzers/compliance';
import { formatMetric, requireCondition, satisfiesNumber, unmetReason } from '../engine/conditions';
import { columnMetric, sampleText, whereSuffix } from '../engine/metrics';
import { compileRowTest } from '../engine/row-predicate';
import { isThresholdTag } from '../dqdl/ast';
import { printCondition } from '../dqdl/printer';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, metricOf, orEmpty, percent } from './common';

export const columnValues: RuleEvaluator = {
  ruleType: 'ColumnValues',
  supportsWhere: true,
  supportsThreshold: true,
  plan(rule, env) {
    const column = columnParameter(rule, env);
    const condition = requireCondition(rule.condition, rule.ruleType);
    const kind = env.columns.find((c) => c.name === column)!.kind;
    const test = compileRowTest(condition, kind);
    const threshold = rule.tags.find(isThresholdTag)?.condition;
    const analyzer = complianceAnalyzer(env.table, column, printCondition(condition), test, rule.where);
    const complianceName = columnMetric([column], 'ColumnValues.Compliance');
    const reported = (metrics: Record<string, number>): Record<string, number> => {
      const fractionName = condition.kind === 'matches' ? columnMetric([column], 'PatternMatch') : complianceName;
      const out: Record<string, number> = { [fractionName]: metrics[complianceName]! };
      const op = condition.kind === 'compare' ? condition.op : undefined;
      const min = columnMetric([column], 'Minimum');
      const max = columnMetric([column], 'Maximum');
      if ((op === '>' || op === '>=' || op === '=') && metrics[min] !== undefined) out[min] = metrics[min];
      if ((op === '<' || op === '<=' || op === '=') && metrics[max] !== undefined) out[max] = metrics[max];
      return out;
    };
    return {
      analyzers: [analyzer],
      judge: (results) =>
        orEmpty(() => {
          const result = results.get(analyzer);
          const compliance = metricOf(result, complianceName, `no rows to check${whereSuffix(rule.where)}`);
          const evaluatedMetrics = reported(result.metrics);
          const passed = threshold ? satisfiesNumber(threshold, compliance) : compliance === 1;
          if (passed) return { outcome: 'Passed', evaluatedMetrics };
          const { rows, failing, samples } = result.details as unknown as ComplianceDetails;
          const what = `${failing} of ${rows} rows (${percent(failing, rows)}) have a ${column} that fails "${printCondition(condition)}", e.g. ${sampleText(samples)}`;
          const head = threshold ? unmetReason(compliance, threshold) : `Value: ${formatMetric(compliance)} does not meet the constraint requirement`;
          return { outcome: 'Failed', failureReason: `${head}: ${what}`, evaluatedMetrics };
        }),
    };
  },
};
