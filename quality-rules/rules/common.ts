/** Helpers shared by the rule files: parameters, metric lookup and number judgements. */
import type { Condition, SimpleRule } from '../dqdl/ast';
import { formatMetric, requireCondition, satisfiesNumber, unmetReason } from '../engine/conditions';
import { resolveColumn } from '../engine/columns';
import { RuleEvaluationError, type AnalyzerResult, type Judgement, type PlanEnv } from '../engine/types';

/** The rule's parameter `index` as a column of the table under test (case-insensitive). */
export function columnParameter(rule: SimpleRule, env: PlanEnv, index = 0): string {
  const parameter = rule.parameters[index];
  if (!parameter) throw new RuleEvaluationError(`${rule.ruleType} needs a column name`);
  return resolveColumn(env.columns, parameter.value, env.table).name;
}

export function metricOf(result: AnalyzerResult, name: string, emptyReason: string): number {
  const value = result.metrics[name];
  if (value === undefined) throw new NoValue(emptyReason);
  return value;
}

/** A metric that could not be computed because there was nothing to measure: the rule fails. */
export class NoValue extends Error {}

/** Judges `metric` (named `name`) against the rule's number condition. */
export function judgeNumber(rule: SimpleRule, name: string, value: number, context?: string): Judgement {
  const condition: Condition = requireCondition(rule.condition, rule.ruleType);
  const evaluatedMetrics = { [name]: value };
  if (satisfiesNumber(condition, value)) return { outcome: 'Passed', evaluatedMetrics };
  return { outcome: 'Failed', failureReason: context ? `${unmetReason(value, condition)}: ${context}` : unmetReason(value, condition), evaluatedMetrics };
}

/**
 * The Is* rules (IsComplete, IsUnique) have no condition: the metric must be exactly 1. Failed
 * carries Deequ's "does not meet the constraint requirement" wording and why (computed only then).
 */
export function judgeExactlyOne(name: string, value: number, why: () => string): Judgement {
  const evaluatedMetrics = { [name]: value };
  if (value === 1) return { outcome: 'Passed', evaluatedMetrics };
  return { outcome: 'Failed', failureReason: `Value: ${formatMetric(value)} does not meet the constraint requirement: ${why()}`, evaluatedMetrics };
}

/** Runs a judgement, turning "no value to judge" into a Failed outcome as Deequ does for empty state. */
export function orEmpty(judge: () => Judgement): Judgement {
  try {
    return judge();
  } catch (error) {
    if (error instanceof NoValue) return { outcome: 'Failed', failureReason: error.message, evaluatedMetrics: {} };
    throw error;
  }
}

export function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 2)}%`;
}
