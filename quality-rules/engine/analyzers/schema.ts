/** Schema facts of a table: its column count (Deequ's `ColumnCount`) and column names. */
import { datasetMetric } from '../metrics';
import type { DirectAnalyzer } from '../types';

export function schemaAnalyzer(table: string): DirectAnalyzer {
  return {
    kind: 'direct',
    id: `Schema(${table})`,
    table,
    columns: [],
    compute: async (loaded) => ({
      metrics: { [datasetMetric('ColumnCount')]: loaded.columns.length },
      details: { columns: loaded.columns.map((c) => c.name) },
    }),
  };
}
