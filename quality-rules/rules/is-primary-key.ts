/**
 * IsPrimaryKey "column" ["column" ...] [where "..."]: the columns are complete and their
 * combination unique. Metrics, as Deequ reports them: `Column.<c>.Completeness` for each
 * column and `Column.<c>.Uniqueness` (`Multicolumn.a,b.Uniqueness`).
 */
import { completenessAnalyzer } from '../engine/analyzers/completeness';
import { frequencyAnalyzer, type FrequencyDetails } from '../engine/analyzers/frequencies';
import { columnMetric, whereSuffix } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { columnParameter, metricOf, orEmpty, percent } from './common';
import { duplicatesText } from './frequency-messages';

export const isPrimaryKey: RuleEvaluator = {
  ruleType: 'IsPrimaryKey',
  supportsWhere: true,
  plan(rule, env) {
    const columns = rule.parameters.map((_, i) => columnParameter(rule, env, i));
    const frequencies = frequencyAnalyzer(env.table, columns, rule.where, env.columns);
    const completeness = columns.map((c) => completenessAnalyzer(env.table, c, rule.where));
    const uniquenessName = columnMetric(columns, 'Uniqueness');
    return {
      analyzers: [frequencies, ...completeness],
      judge: (results) =>
        orEmpty(() => {
          const metrics: Record<string, number> = {};
          const problems: string[] = [];
          completeness.forEach((analyzer, i) => {
            const name = columnMetric([columns[i]!], 'Completeness');
            const result = results.get(analyzer);
            const value = metricOf(result, name, `no rows to check${whereSuffix(rule.where)}`);
            metrics[name] = value;
            const { rows, nulls } = result.details as { rows: number; nulls: number };
            if (value !== 1) problems.push(`${nulls} of ${rows} rows (${percent(nulls, rows)}) have NULL in ${columns[i]}`);
          });
          const result = results.get(frequencies);
          const uniqueness = metricOf(result, uniquenessName, `no non-NULL values of ${columns.join(', ')} to check`);
          metrics[uniquenessName] = uniqueness;
          if (uniqueness !== 1) problems.push(duplicatesText(columns, result.details as unknown as FrequencyDetails));
          return problems.length === 0
            ? { outcome: 'Passed', evaluatedMetrics: metrics }
            : { outcome: 'Failed', failureReason: `(${columns.join(', ')}) is not a primary key: ${problems.join('; ')}`, evaluatedMetrics: metrics };
        }),
    };
  },
};
