/**
 * CustomSql "statement" <condition>: the statement's single value against the condition.
 * `primary` is the table under test; other tables of the run are read by name. Runs in
 * DuckDB. Metric `Dataset.*.CustomSQL`.
 */
import { customSqlAnalyzer } from '../engine/analyzers/custom-sql';
import { datasetMetric } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { judgeNumber } from './common';

export const customSql: RuleEvaluator = {
  ruleType: 'CustomSql',
  supportsWhere: false,
  plan(rule, env) {
    const analyzer = customSqlAnalyzer(env.table, rule.parameters[0]!.value);
    const name = datasetMetric('CustomSQL');
    return {
      analyzers: [analyzer],
      judge: (results) => judgeNumber(rule, name, results.get(analyzer).metrics[name]!),
    };
  },
};
