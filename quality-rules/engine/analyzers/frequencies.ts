/**
 * Frequencies of the values of one or more columns, as Deequ's FrequencyBasedAnalyzer: rows
 * whose grouping columns are all NULL are left out; of the rest, how many distinct values and
 * how many values occur exactly once. Uniqueness, IsUnique, IsPrimaryKey and
 * DistinctValuesCount all read this one analyzer, so a column set is grouped once per gate.
 *
 * One numeric column is grouped in the table's JS scan: its values as 64-bit keys, sorted
 * (8 bytes a row; 10M rows in under a second). Strings and several columns group in DuckDB: a key
 * per row held in JS (a Map of composite strings) took ~1 GiB for the 4M readings of a 100×
 * accelerometer_trusted, while DuckDB's GROUP BY spills to disk beyond its memory limit. Both
 * group as Spark's groupBy (Deequ) does: NULL with NULL, -0.0 with 0.0, NaN with NaN.
 */
import { quoteIdent, type DuckSession } from '../../sql/duck-session';
import { duckQuery } from '../duck-query';
import { sparkToDuckSql } from '../../sql/spark-sql';
import { chunkReader, columnIndex } from '../columns';
import { keyReader, KeyList, keyToValue, numericKeyMode, type NumericKeyMode } from '../keys';
import { columnMetric, whereSuffix } from '../metrics';
import { type Accumulator, type AnalyzerResult, type DirectAnalyzer, type ScanAnalyzer } from '../types';
import type { LoadedTable } from '../../load/loaded-table';
import type { ColumnSpec } from '../../load/schema';

export interface FrequencyDetails {
  /** Rows with at least one non-NULL grouping column (Deequ's numRows). */
  rows: number;
  /** Rows whose grouping columns are all NULL. */
  nullRows: number;
  distinct: number;
  singletons: number;
  /** The most repeated values with their counts, most repeated first (ties: first seen first). */
  duplicates: Array<{ value: unknown; count: number }>;
}

const TOP_DUPLICATES = 3;
let groupTables = 0;

async function query(session: DuckSession, sql: string, where: string | undefined): Promise<unknown[][]> {
  return (await duckQuery(session, sql, where === undefined ? 'grouping' : `where ${JSON.stringify(where)}`)).rows;
}

/**
 * A repeated value as the messages show it, read from the table's own row (its first
 * occurrence): one string column as its text, one other column as its number (int64 and
 * timestamps as their raw value, booleans as 0/1), several columns as their texts joined by
 * ", " (NULL as empty).
 */
function valueAt(loaded: LoadedTable, columns: string[], row: number): unknown {
  const { batch, index } = loaded.table.batchAt(row);
  const readers = columns.map((c) => chunkReader(batch.getChildAt(columnIndex(batch, c))!.data[0]!));
  if (readers.length === 1) {
    const reader = readers[0]!;
    if (reader.kind === 'string') return reader.text(index);
    if (reader.kind === 'bigint' || reader.kind === 'timestamp') return reader.values![reader.base + index];
    return reader.number(index);
  }
  return readers.map((r) => (r.isValid(index) ? r.text(index) : '')).join(', ');
}

function result(columns: string[], details: FrequencyDetails): AnalyzerResult {
  const metrics: Record<string, number> = {};
  if (details.rows > 0) metrics[columnMetric(columns, 'Uniqueness')] = details.singletons / details.rows;
  // Deequ's histogram counts NULL as one more bin, so DistinctValuesCount does too.
  if (columns.length === 1) metrics[columnMetric(columns, 'DistinctValuesCount')] = details.distinct + (details.nullRows > 0 ? 1 : 0);
  return { metrics, details: details as unknown as Record<string, unknown> };
}

/** One numeric column, in the table's scan: duplicates are the most repeated values, ties in value-bit order. */
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
      const runs = keys.countRuns(TOP_DUPLICATES);
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

/** `tableColumns`: the table's columns (their kinds choose where the grouping runs). */
export function frequencyAnalyzer(table: string, columns: string[], where: string | undefined, tableColumns: ColumnSpec[]): ScanAnalyzer | DirectAnalyzer {
  const id = `Frequencies(${table}.${columns.join(',')})${whereSuffix(where)}`;
  const kinds = columns.map((c) => tableColumns.find((s) => s.name === c)?.kind ?? 'string');
  const mode = columns.length === 1 ? numericKeyMode(kinds) : undefined;
  if (mode) return { kind: 'scan', id, table, where, columns, start: () => numericAccumulator(columns[0]!, mode) };
  return {
    kind: 'direct',
    id,
    table,
    columns,
    async compute(loaded, ctx) {
      const session = await ctx.registerInDuck(loaded.name);
      const keys = columns.map(quoteIdent).join(', ');
      const allNull = columns.map((c) => `${quoteIdent(c)} IS NULL`).join(' AND ');
      const kept = where === undefined ? 'TRUE' : `COALESCE((${sparkToDuckSql(where, loaded.name)}), FALSE)`;
      const groups = `stedi_frequencies_${++groupTables}`;
      // rowid is the row's position in the table (tables are appended in order), so the first
      // row of a group locates its value and orders ties as a scan would meet them. Rows whose
      // keys are all NULL form one group of their own, flagged, counted apart (Deequ leaves them out).
      await query(
        session,
        `CREATE TEMP TABLE ${groups} AS SELECT count(*) AS n, min(rowid) AS first, bool_and(${allNull}) AS all_null FROM ${quoteIdent(loaded.name)} WHERE ${kept} GROUP BY ${keys}`,
        where,
      );
      try {
        const [totals] = await query(
          session,
          `SELECT count(*) FILTER (WHERE NOT all_null), count(*) FILTER (WHERE n = 1 AND NOT all_null), coalesce(sum(n) FILTER (WHERE NOT all_null), 0), coalesce(sum(n) FILTER (WHERE all_null), 0) FROM ${groups}`,
          where,
        );
        const top = await query(session, `SELECT n, first FROM ${groups} WHERE n > 1 AND NOT all_null ORDER BY n DESC, first LIMIT ${TOP_DUPLICATES}`, where);
        const [distinct, singletons, rows, nullRows] = totals!.map(Number);
        return result(columns, {
          rows: rows!,
          nullRows: nullRows!,
          distinct: distinct!,
          singletons: singletons!,
          duplicates: top.map(([n, first]) => ({ value: valueAt(loaded, columns, Number(first)), count: Number(n) })),
        });
      } finally {
        await session.query(`DROP TABLE IF EXISTS ${groups}`);
      }
    },
  };
}
