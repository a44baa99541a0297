/**
 * Frequencies of the values of one or more columns, as Deequ's FrequencyBasedAnalyzer: rows
 * whose grouping columns are all NULL are left out; of the rest, how many distinct values and
 * how many values occur exactly once. Uniqueness, IsUnique, IsPrimaryKey and
 * DistinctValuesCount all read this one analyzer, so a column is grouped once per scan.
 */
import { chunkReader, columnIndex, type ChunkReader } from '../columns';
import { compositeKey, keyReader, KeyList, keyToValue, numericKeyMode, type NumericKeyMode } from '../keys';
import { columnMetric, whereSuffix } from '../metrics';
import type { Accumulator, ScanAnalyzer } from '../types';
import type { LoadedTable } from '../../load/loaded-table';

export interface FrequencyDetails {
  /** Rows with at least one non-NULL grouping column (Deequ's numRows). */
  rows: number;
  /** Rows whose grouping columns are all NULL. */
  nullRows: number;
  distinct: number;
  singletons: number;
  /** The most repeated values with their counts. */
  duplicates: Array<{ value: unknown; count: number }>;
}

function numericAccumulator(column: string, mode: NumericKeyMode): Accumulator {
  const keys = new KeyList();
  const key = new Int32Array(2);
  let nullRows = 0;
  return {
    update(batch, offset, mask) {
      const reader = chunkReader(batch.getChildAt(columnIndex(batch, column))!.data[0]!);
      const read = keyReader(reader, mode);
      for (let i = 0; i < batch.numRows; i++) {
        if (mask && !mask[offset + i]) continue;
        if (!reader.isValid(i)) {
          nullRows++;
          continue;
        }
        read(i, key);
        keys.push(key[0]!, key[1]!);
      }
    },
    finish() {
      const runs = keys.countRuns();
      return result([column], {
        rows: keys.length,
        nullRows,
        distinct: runs.distinct,
        singletons: runs.singletons,
        duplicates: runs.top.map((t) => ({ value: keyToValue(t.bits, mode), count: t.count })),
      });
    },
  };
}

function textAccumulator(columns: string[]): Accumulator {
  const counts = new Map<string, number>();
  let rows = 0;
  let nullRows = 0;
  return {
    update(batch, offset, mask) {
      const readers: ChunkReader[] = columns.map((c) => chunkReader(batch.getChildAt(columnIndex(batch, c))!.data[0]!));
      for (let i = 0; i < batch.numRows; i++) {
        if (mask && !mask[offset + i]) continue;
        if (readers.every((r) => !r.isValid(i))) {
          nullRows++;
          continue;
        }
        rows++;
        const key = readers.length === 1 ? readers[0]!.text(i) : compositeKey(readers, i);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    },
    finish() {
      let singletons = 0;
      const duplicates: Array<{ value: unknown; count: number }> = [];
      for (const [key, count] of counts) {
        if (count === 1) singletons++;
        else duplicates.push({ value: columns.length === 1 ? key : key.split('\u0001').map((p) => (p === '\u0000' ? null : p)).join(', '), count });
      }
      duplicates.sort((a, b) => b.count - a.count);
      return result(columns, { rows, nullRows, distinct: counts.size, singletons, duplicates: duplicates.slice(0, 3) });
    },
  };
}

function result(columns: string[], details: FrequencyDetails): ReturnType<Accumulator['finish']> {
  const metrics: Record<string, number> = {};
  if (details.rows > 0) metrics[columnMetric(columns, 'Uniqueness')] = details.singletons / details.rows;
  // Deequ's histogram counts NULL as one more bin, so DistinctValuesCount does too.
  if (columns.length === 1) metrics[columnMetric(columns, 'DistinctValuesCount')] = details.distinct + (details.nullRows > 0 ? 1 : 0);
  return { metrics, details: details as unknown as Record<string, unknown> };
}

export function frequencyAnalyzer(table: string, columns: string[], where?: string): ScanAnalyzer {
  return {
    kind: 'scan',
    id: `Frequencies(${table}.${columns.join(',')})${whereSuffix(where)}`,
    table,
    where,
    columns,
    start(loaded: LoadedTable) {
      const kinds = columns.map((c) => loaded.columns.find((s) => s.name === c)!.kind);
      const mode = columns.length === 1 ? numericKeyMode(kinds) : undefined;
      return mode ? numericAccumulator(columns[0]!, mode) : textAccumulator(columns);
    },
  };
}
