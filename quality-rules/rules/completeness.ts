/** Completeness "column" <condition> [where "..."]: the fraction of non-NULL values. Metric `Column.<column>.Completeness`. */
import { completenessAnalyzer } from '../engine/analyzers/completeness';
import { columnMetric, whereSuffix } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, judgeNumber, metricOf, orEmpty } from './common';

export const completeness: RuleEvaluator = {
  ruleType: 'Completeness',
  supportsWhere: true,
  plan(rule, env) {
    const column = columnParameter(rule, env);
    const analyzer = completenessAnalyzer(env.table, column, rule.where);
    const name = columnMetric([column], 'Completeness');
    return {
      analyzers: [analyzer],
      judge: (results) =>
        orEmpty(() => {
          const result = results.get(analyzer);
          const { rows, nulls } = result.details as { rows: number; nulls: number };
          return judgeNumber(rule, name, metricOf(result, name, `no rows to check${whereSuffix(rule.where)}`), `${nulls} of ${rows} rows have NULL in ${column}`);
        }),
    };
  },
};
