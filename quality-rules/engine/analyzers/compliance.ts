/**
 * Compliance: the fraction of rows whose value passes a ColumnValues test (Deequ's
 * `Compliance`), with the column's minimum and maximum for numeric columns, which Deequ
 * reports for `>`, `<` and `=` conditions. Keeps the first failing values for the message.
 */
import { chunkReader, columnIndex, isNumericKind } from '../columns';
import { columnMetric, whereSuffix } from '../metrics';
import type { RowTest } from '../row-predicate';
import type { ScanAnalyzer } from '../types';
import type { LoadedTable } from '../../load/loaded-table';

export interface ComplianceDetails {
  rows: number;
  failing: number;
  samples: unknown[];
}

/** `testId` names the test (the canonical condition text) so identical tests are shared. */
export function complianceAnalyzer(table: string, column: string, testId: string, test: RowTest, where?: string): ScanAnalyzer {
  return {
    kind: 'scan',
    id: `Compliance(${table}.${column} ${testId})${whereSuffix(where)}`,
    table,
    where,
    columns: [column],
    start(loaded: LoadedTable) {
      const numeric = isNumericKind(loaded.columns.find((c) => c.name === column)!.kind);
      let rows = 0;
      let failing = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      const samples: unknown[] = [];
      return {
        update(batch, offset, mask) {
          const reader = chunkReader(batch.getChildAt(columnIndex(batch, column))!.data[0]!);
          for (let i = 0; i < batch.numRows; i++) {
            if (mask && !mask[offset + i]) continue;
            rows++;
            const valid = reader.isValid(i);
            if (numeric && valid) {
              const v = reader.number(i);
              if (v < min) min = v;
              if (v > max) max = v;
            }
            if (!test(reader, i)) {
              failing++;
              if (samples.length < 3) {
                const value = valid ? (numeric ? reader.number(i) : reader.text(i)) : null;
                if (!samples.includes(value)) samples.push(value);
              }
            }
          }
        },
        finish() {
          const metrics: Record<string, number> = {};
          if (rows > 0) metrics[columnMetric([column], 'ColumnValues.Compliance')] = (rows - failing) / rows;
          if (numeric && min <= max) {
            metrics[columnMetric([column], 'Minimum')] = min;
            metrics[columnMetric([column], 'Maximum')] = max;
          }
          const details: ComplianceDetails = { rows, failing, samples };
          return { metrics, details: details as unknown as Record<string, unknown> };
        },
      };
    },
  };
}
