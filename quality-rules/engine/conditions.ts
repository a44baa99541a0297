/**
 * Judging a metric against a DQDL number condition, with the semantics of awslabs/dqdl's
 * NumberBasedCondition: `between` is exclusive of both ends, `in` is membership, `not`
 * negates. Operands that need history (`avg(last(10))`, dynamic rules) or NULL cannot be
 * judged locally and are evaluation errors, not failures.
 */
import type { Condition, NumberExpr, Operand } from '../dqdl/ast';
import { printCondition } from '../dqdl/printer';
import { RuleEvaluationError } from './types';

export function numberOf(expr: NumberExpr): number {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'paren':
      return numberOf(expr.inner);
    case 'binary': {
      const left = numberOf(expr.left);
      const right = numberOf(expr.right);
      if (expr.op === '+') return left + right;
      if (expr.op === '-') return left - right;
      if (expr.op === '*') return left * right;
      return left / right;
    }
    case 'null':
      throw new RuleEvaluationError('NULL cannot be compared with a metric');
    case 'call':
      throw new RuleEvaluationError(
        `${expr.name}(...) is a dynamic rule over past runs' metrics; a local run keeps no metric history`,
      );
  }
}

export function operandNumber(operand: Operand): number {
  if (operand.kind === 'num') return numberOf(operand.expr);
  throw new RuleEvaluationError(`expected a number in the condition, found ${operand.kind === 'string' ? JSON.stringify(operand.value) : operand.kind}`);
}

/** Whether `value` satisfies a number condition. */
export function satisfiesNumber(condition: Condition, value: number): boolean {
  switch (condition.kind) {
    case 'compare': {
      const target = operandNumber(condition.operand);
      switch (condition.op) {
        case '=':
          return value === target;
        case '!=':
          return value !== target;
        case '>':
          return value > target;
        case '>=':
          return value >= target;
        case '<':
          return value < target;
        case '<=':
          return value <= target;
      }
      break;
    }
    case 'between': {
      const inside = value > operandNumber(condition.low) && value < operandNumber(condition.high);
      return condition.negated ? !inside : inside;
    }
    case 'in': {
      if (!Array.isArray(condition.values)) throw new RuleEvaluationError(`variables ($${condition.values.variable}) hold strings, not numbers`);
      const found = condition.values.map(operandNumber).includes(value);
      return condition.negated ? !found : found;
    }
    case 'matches':
      throw new RuleEvaluationError('matches applies to column values, not to a metric');
  }
  return false;
}

/** A rule's number condition, required: rules such as RowCount must say what they expect. */
export function requireCondition(condition: Condition | undefined, ruleType: string): Condition {
  if (!condition) throw new RuleEvaluationError(`${ruleType} needs a condition, e.g. ${ruleType} > 0`);
  return condition;
}

export function formatMetric(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

export function unmetReason(value: number, condition: Condition): string {
  return `Value: ${formatMetric(value)} does not meet the constraint requirement (${printCondition(condition)})`;
}
