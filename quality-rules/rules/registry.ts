/** The rule types the local evaluator supports, by DQDL name. */
import type { RuleEvaluator } from '../engine/types';
import { columnCount } from './column-count';
import { columnExists } from './column-exists';
import { columnNamesMatchPattern } from './column-names-match-pattern';
import { columnValues } from './column-values';
import { completeness } from './completeness';
import { customSql } from './custom-sql';
import { distinctValuesCount } from './distinct-values-count';
import { isComplete } from './is-complete';
import { isPrimaryKey } from './is-primary-key';
import { isUnique } from './is-unique';
import { referentialIntegrity } from './referential-integrity';
import { rowCount } from './row-count';
import { rowCountMatch } from './row-count-match';
import { uniqueness } from './uniqueness';

const EVALUATORS: readonly RuleEvaluator[] = [
  rowCount,
  rowCountMatch,
  columnCount,
  columnExists,
  columnNamesMatchPattern,
  isComplete,
  completeness,
  isUnique,
  uniqueness,
  isPrimaryKey,
  distinctValuesCount,
  columnValues,
  referentialIntegrity,
  customSql,
];

const BY_TYPE = new Map(EVALUATORS.map((e) => [e.ruleType, e]));

export function evaluatorFor(ruleType: string): RuleEvaluator | undefined {
  return BY_TYPE.get(ruleType);
}

export function supportedRuleTypes(): string[] {
  return EVALUATORS.map((e) => e.ruleType);
}
