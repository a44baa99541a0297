/**
 * The raw DuckDB table behind each catalog table, and the view users query. A column with cells
 * Athena could not read gets a hidden companion column holding the error; the view raises it with
 * DuckDB's error() only when a query actually reads that column (projection pruning skips it
 * otherwise), which is how Athena's lazy decoding behaves.
 */
import { DuckDBConnection, DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import { HiveType, duckTypeOf, quoteDuckIdentifier as q } from '../../table/ddl/hive-type';

export const RAW_CATALOG = 'memory';
export const RAW_SCHEMA = 'athena_raw';

export interface RawName {
  /** The raw table's name inside RAW_SCHEMA, e.g. `stedi.customer_landing`. */
  table: string;
}

export interface RawColumn {
  name: string;
  type: HiveType;
  /** Per row, the HIVE_BAD_DATA message for a cell that could not be read (sparse). */
  badCells?: (string | null)[];
  /** A message that applies to every row (e.g. a Parquet type mismatch). */
  badForAllRows?: string;
}

export interface LoadedTable {
  rows: number;
  files: number;
  rawColumns: RawColumn[];
  warnings: string[];
}

export function rawTableSql(name: RawName): string {
  return `${q(RAW_CATALOG)}.${q(RAW_SCHEMA)}.${q(name.table)}`;
}

function badColumnName(column: string): string {
  return `__bad__${column}`;
}

export function hasBadColumn(column: RawColumn): boolean {
  return column.badCells !== undefined || column.badForAllRows !== undefined;
}

export function rawColumnDefinitions(columns: RawColumn[]): string {
  const definitions: string[] = [];
  for (const column of columns) {
    definitions.push(`${q(column.name)} ${duckTypeOf(column.type)}`);
    if (hasBadColumn(column)) definitions.push(`${q(badColumnName(column.name))} VARCHAR`);
  }
  return definitions.join(', ');
}

const CHUNK_ROWS = 2048;

/** Creates the raw table and appends `rows` (one value per column, in column order). */
export async function createRawTable(connection: DuckDBConnection, name: RawName, columns: RawColumn[], rows: DuckDBValue[][]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${rawTableSql(name)} (${rawColumnDefinitions(columns)})`);
  const appender = await connection.createAppender(name.table, RAW_SCHEMA, RAW_CATALOG);
  const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
  try {
    // Whole vectors at a time: far fewer native calls than appending value by value.
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const slice = rows.slice(start, start + CHUNK_ROWS);
      const vectors: DuckDBValue[][] = [];
      columns.forEach((column, columnIndex) => {
        vectors.push(slice.map((row) => row[columnIndex]));
        if (hasBadColumn(column)) {
          vectors.push(slice.map((_, offset) => column.badCells?.[start + offset] ?? column.badForAllRows ?? null));
        }
      });
      const chunk = DuckDBDataChunk.create(types, slice.length);
      chunk.setColumns(vectors);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** The SELECT list of the user-facing view over a raw table. */
export function viewSelectList(columns: RawColumn[]): string {
  return columns
    .map((column) =>
      hasBadColumn(column)
        ? `CASE WHEN ${q(badColumnName(column.name))} IS NOT NULL THEN error(${q(badColumnName(column.name))}) ELSE ${q(column.name)} END AS ${q(column.name)}`
        : q(column.name),
    )
    .join(', ');
}
