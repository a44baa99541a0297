/** IsComplete "column" [where "..."]: no NULL in the column. Metric `Column.<column>.Completeness`. */
import { completenessAnalyzer } from '../engine/analyzers/completeness';
import { columnMetric, whereSuffix } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, judgeExactlyOne, metricOf, orEmpty, percent } from './common';

export const isComplete: RuleEvaluator = {
  ruleType: 'IsComplete',
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
          const value = metricOf(result, name, `no rows to check${whereSuffix(rule.where)}`);
          return judgeExactlyOne(name, value, () => {
            const { rows, nulls } = result.details as { rows: number; nulls: number };
            return `${nulls} of ${rows} rows (${percent(nulls, rows)}) have NULL in ${column}`;
          });
        }),
    };
  },
};
