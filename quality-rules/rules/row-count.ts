/** RowCount <condition> [where "..."]: the number of rows. Metric `Dataset.*.RowCount`. */
import { sizeAnalyzer } from '../engine/analyzers/size';
import { datasetMetric } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { judgeNumber } from './common';

export const rowCount: RuleEvaluator = {
  ruleType: 'RowCount',
  supportsWhere: true,
  plan(rule, env) {
    const size = sizeAnalyzer(env.table, rule.where);
    return {
      analyzers: [size],
      judge: (results) => judgeNumber(rule, datasetMetric('RowCount'), results.get(size).metrics[datasetMetric('RowCount')]!),
    };
  },
};
