/**
 * RowCountMatch "reference" <condition>: the row count of the table under test divided by the
 * reference table's. Metric `Dataset.<reference>.RowCountMatch`. The reference alias is a
 * table name of the run (see README: aliases are table names).
 */
import { rowCountMatchAnalyzer } from '../engine/analyzers/row-count-match';
import { datasetMetric } from '../engine/metrics';
import type { RuleEvaluator } from '../engine/types';
import { judgeNumber, metricOf, orEmpty } from './common';

export const rowCountMatch: RuleEvaluator = {
  ruleType: 'RowCountMatch',
  supportsWhere: false,
  plan(rule, env) {
    const reference = rule.parameters[0]!.value;
    const analyzer = rowCountMatchAnalyzer(env.table, reference);
    const name = datasetMetric('RowCountMatch', reference);
    return {
      analyzers: [analyzer],
      judge: (results) =>
        orEmpty(() => {
          const result = results.get(analyzer);
          const { rows, referenceRows } = result.details as { rows: number; referenceRows: number };
          return judgeNumber(rule, name, metricOf(result, name, `reference table ${reference} has no rows`), `${rows} rows vs ${referenceRows} in ${reference}`);
        }),
    };
  },
};
