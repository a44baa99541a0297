/**
 * How the table layer hands values to its consumers. A cell is a plain JS value whose meaning is
 * given by its column's Hive type (the column travels with every read), so the same rows feed an
 * Arrow builder (the quality gate), a DuckDB appender (local Athena) and a counter:
 *
 * | Hive type                    | Cell                                                    |
 * |------------------------------|---------------------------------------------------------|
 * | boolean                      | boolean                                                 |
 * | tinyint, smallint, int       | number                                                  |
 * | bigint                       | bigint                                                  |
 * | float, double                | number (float rounded with Math.fround)                 |
 * | decimal(p,s)                 | string, plain decimal text with exactly s fraction digits |
 * | string, char(n), varchar(n)  | string                                                  |
 * | binary                       | Uint8Array                                              |
 * | date                         | number: days since 1970-01-01                           |
 * | timestamp                    | bigint: milliseconds since 1970-01-01T00:00:00 (UTC)    |
 * | array<T>                     | Cell[]                                                  |
 * | map<K,V>                     | Map<key cell, Cell> (null keys are dropped)             |
 * | struct<a:T,...>              | { a: Cell, ... } (field names lower-case)               |
 *
 * NULL is `null` for every type. Timestamps are milliseconds because Athena reads Hive text and
 * Parquet tables with millisecond precision (Trino's hive.timestamp-precision default).
 */
import type { HiveType } from './ddl/hive-type';

export type MapKeyCell = string | number | bigint | boolean;
export type Cell = null | string | number | bigint | boolean | Uint8Array | Cell[] | CellMap | CellStruct;
export type CellMap = Map<MapKeyCell, Cell>;
export interface CellStruct {
  [field: string]: Cell;
}

export interface TableColumn {
  /** Lower-case, as the Glue catalog stores it. */
  name: string;
  type: HiveType;
  /** The catalog's type text, e.g. `array<struct<x:double>>`. */
  typeText: string;
  /** A partition key (its value comes from the object's path, not from the file). */
  partition: boolean;
}

/** Where a row came from: the object key (relative to the table location) and its 1-based line. */
export interface RowOrigin {
  key: string;
  /** Line number for text formats; row number within the file for Parquet. */
  line: number;
}

/**
 * A cell the SerDe could not read as its column type. The cell itself is NULL; Athena fails a
 * query that reads this column with `message` (HIVE_BAD_DATA), counts still include the row.
 */
export interface BadCell {
  /** Index into RowBatch.rows. */
  row: number;
  column: number;
  message: string;
}

/**
 * How one JSON record was written, for schema-drift checks (only with `recordShapes`): per data
 * column, the key as spelled in the line and the JSON type of its value; undefined when absent.
 * `numeric-string` is a string holding a JSON number literal ("1655564444103").
 */
export interface RowShape {
  keys: (string | undefined)[];
  types: (JsonValueType | undefined)[];
}

export type JsonValueType = 'string' | 'numeric-string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface RowBatch {
  columns: TableColumn[];
  rows: Cell[][];
  /** origins[i] is where rows[i] came from. */
  origins: RowOrigin[];
  badCells: BadCell[];
  /** shapes[i] is how rows[i] was written; JSON tables read with `recordShapes` only. */
  shapes?: (RowShape | undefined)[];
}
