/** Completeness: the fraction of rows whose column is not NULL (Deequ's `Completeness`). */
import { chunkReader, columnIndex } from '../columns';
import { columnMetric, whereSuffix } from '../metrics';
import type { ScanAnalyzer } from '../types';

export function completenessAnalyzer(table: string, column: string, where?: string): ScanAnalyzer {
  return {
    kind: 'scan',
    id: `Completeness(${table}.${column})${whereSuffix(where)}`,
    table,
    where,
    columns: [column],
    start() {
      let rows = 0;
      let nulls = 0;
      return {
        update(batch, offset, mask) {
          const data = batch.getChildAt(columnIndex(batch, column))!.data[0]!;
          if (!mask) {
            // The validity bitmap already counts the nulls: no need to touch the values.
            rows += batch.numRows;
            nulls += data.nullBitmap && data.nullBitmap.length > 0 ? data.nullCount : 0;
            return;
          }
          const reader = chunkReader(data);
          for (let i = 0; i < batch.numRows; i++) {
            if (!mask[offset + i]) continue;
            rows++;
            if (!reader.isValid(i)) nulls++;
          }
        },
        finish: () => ({
          metrics: rows === 0 ? {} : { [columnMetric([column], 'Completeness')]: (rows - nulls) / rows },
          details: { rows, nulls },
        }),
      };
    },
  };
}
