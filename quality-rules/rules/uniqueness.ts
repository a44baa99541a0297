/** Uniqueness "column" ... <condition> [where "..."]: the fraction of values that occur once. Metric `Column.<column>.Uniqueness`. */
import { frequencyAnalyzer, type FrequencyDetails } from '../engine/analyzers/frequencies';
import { columnMetric, whereSuffix } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, judgeNumber, metricOf, orEmpty } from './common';
import { duplicatesText } from './frequency-messages';

export const uniqueness: RuleEvaluator = {
  ruleType: 'Uniqueness',
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
          return judgeNumber(rule, name, value, duplicatesText(columns, result.details as unknown as FrequencyDetails));
        }),
    };
  },
};
