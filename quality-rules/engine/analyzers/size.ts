/** Size: the number of rows (that pass the rule's `where`). Deequ's `Size`, Glue's RowCount metric. */
import { datasetMetric, whereSuffix } from '../metrics';
import type { ScanAnalyzer } from '../types';

export function sizeAnalyzer(table: string, where?: string): ScanAnalyzer {
  return {
    kind: 'scan',
    id: `Size(${table})${whereSuffix(where)}`,
    table,
    where,
    columns: [],
    start() {
      let rows = 0;
      return {
        update(batch, offset, mask) {
          if (!mask) {
            rows += batch.numRows;
            return;
          }
          for (let i = 0; i < batch.numRows; i++) rows += mask[offset + i]!;
        },
        finish: () => ({ metrics: { [datasetMetric('RowCount')]: rows } }),
      };
    },
  };
}
