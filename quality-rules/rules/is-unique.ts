/**
 * IsUnique "column" ["column" ...] [where "..."]: every value occurs once (Deequ's Uniqueness
 * = 1; NULLs are not counted). Metric `Column.<column>.Uniqueness` (`Multicolumn.a,b.Uniqueness`).
 */
import { frequencyAnalyzer, type FrequencyDetails } from '../engine/analyzers/frequencies';
import { columnMetric, whereSuffix } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, judgeExactlyOne, metricOf, orEmpty } from './common';
import { duplicatesText } from './frequency-messages';

export const isUnique: RuleEvaluator = {
  ruleType: 'IsUnique',
  supportsWhere: true,
  plan(rule, env) {
    const columns = rule.parameters.map((_, i) => columnParameter(rule, env, i));
    const analyzer = frequencyAnalyzer(env.table, columns, rule.where, env.columns);
    const name = columnMetric(columns, 'Uniqueness');
    return {
      analyzers: [analyzer],
      judge: (results) =>
        orEmpty(() => {
          const result = results.get(analyzer);
          const value = metricOf(result, name, `no non-NULL values of ${columns.join(', ')} to check${whereSuffix(rule.where)}`);
          return judgeExactlyOne(name, value, () => duplicatesText(columns, result.details as unknown as FrequencyDetails));
        }),
    };
  },
};
