/**
 * DistinctValuesCount "column" <condition> [where "..."]: the number of distinct values, NULL
 * counting as one value as in Deequ's histogram. Metric `Column.<column>.DistinctValuesCount`.
 */
import { frequencyAnalyzer } from '../engine/analyzers/frequencies';
import { columnMetric } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, judgeNumber } from './common';

export const distinctValuesCount: RuleEvaluator = {
  ruleType: 'DistinctValuesCount',
  supportsWhere: true,
  plan(rule, env) {
    const column = columnParameter(rule, env);
    const analyzer = frequencyAnalyzer(env.table, [column], rule.where, env.columns);
    const name = columnMetric([column], 'DistinctValuesCount');
    return {
      analyzers: [analyzer],
      judge: (results) => judgeNumber(rule, name, results.get(analyzer).metrics[name]!),
    };
  },
};
