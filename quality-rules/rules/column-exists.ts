/**
 * ColumnExists "column": passes when the table has the column (names compare
 * case-insensitively, as in the Glue catalog). Metric `Dataset.<column>.ColumnExists` (1 or 0).
 */
import { schemaAnalyzer } from '../engine/analyzers/schema';
import { datasetMetric } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';

export const columnExists: RuleEvaluator = {
  ruleType: 'ColumnExists',
  supportsWhere: false,
  plan(rule, env) {
    const schema = schemaAnalyzer(env.table);
    const wanted = rule.parameters[0]!.value;
    const name = datasetMetric('ColumnExists', wanted);
    return {
      analyzers: [schema],
      judge(results) {
        const columns = (results.get(schema).details as { columns: string[] }).columns;
        const exists = columns.some((c) => c.toLowerCase() === wanted.toLowerCase());
        return exists
          ? { outcome: 'Passed', evaluatedMetrics: { [name]: 1 } }
          : { outcome: 'Failed', failureReason: `column ${JSON.stringify(wanted)} does not exist (columns: ${columns.join(', ')})`, evaluatedMetrics: { [name]: 0 } };
      },
    };
  },
};
