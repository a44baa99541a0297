/** ColumnCount <condition>: the number of columns of the table. Metric `Dataset.*.ColumnCount`. */
import { schemaAnalyzer } from '../engine/analyzers/schema';
import { datasetMetric } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { judgeNumber } from './common';

export const columnCount: RuleEvaluator = {
  ruleType: 'ColumnCount',
  supportsWhere: false,
  plan(rule, env) {
    const schema = schemaAnalyzer(env.table);
    return {
      analyzers: [schema],
      judge(results) {
        const result = results.get(schema);
        const columns = (result.details as { columns: string[] }).columns;
        return judgeNumber(rule, datasetMetric('ColumnCount'), result.metrics[datasetMetric('ColumnCount')]!, `columns: ${columns.join(', ')}`);
      },
    };
  },
};
