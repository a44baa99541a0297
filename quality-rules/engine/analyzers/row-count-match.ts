/** RowCountMatch: the primary table's row count over the reference table's (Deequ's `RowCountMatch`). */
import { datasetMetric } from '../metrics';
import { RuleEvaluationError, type DirectAnalyzer } from '../types';

export function rowCountMatchAnalyzer(table: string, reference: string): DirectAnalyzer {
  return {
    kind: 'direct',
    id: `RowCountMatch(${table}, ${reference})`,
    table,
    columns: [],
    async compute(loaded, ctx) {
      if (!ctx.tables.has(reference)) {
        throw new RuleEvaluationError(`reference table ${reference} is not in the run (tables: ${ctx.tables.names().join(', ')})`);
      }
      const ref = await ctx.tables.load(reference);
      const rows = loaded.table.numRows;
      const referenceRows = ref.table.numRows;
      return {
        metrics: referenceRows === 0 ? {} : { [datasetMetric('RowCountMatch', reference)]: rows / referenceRows },
        details: { rows, referenceRows },
      };
    },
  };
}
