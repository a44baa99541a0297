import type { Ledger } from '../../table';
import type { SchemaDriftSummary } from './schema-drift';
import type { ColumnSpec } from './schema';
import type { TableData } from './table-data';

/** Where a record or value went wrong: file and line, and why. */
export interface LoadProblem {
  file: string;
  line: number;
  reason: string;
}

/** A table loaded for evaluation, with the bookkeeping of what could not be read. */
export interface LoadedTable {
  name: string;
  /** The rows, as record batches in memory or spooled to disk. */
  table: TableData;
  columns: ColumnSpec[];
  /** The table's storage format as the table layer decided it (`json`, `parquet`, `csv`, ...), or `rows` for in-memory tables. */
  format: string;
  /** Keys (relative to the table location) of the data objects read; empty for in-memory tables. */
  files: string[];
  /** Lines the table layer rejected (Athena would refuse the table over them): not in `table`, in the ledger. */
  rejectedRecords: number;
  /** Cells the SerDe could not read as their column's type (HIVE_BAD_DATA in Athena): NULL in `table`. */
  invalidValues: number;
  /**
   * Records the SerDe-like reading had to be lenient with: a key spelled differently from the
   * rest of the table (`timeStamp`), or a value of another JSON type (`"0.5"` for a double).
   * They are in `table`, correctly read; this says the feed's shape drifted. JSON only.
   */
  schemaDrift: SchemaDriftSummary;
  /** The first located ledger lines (at most MAX_PROBLEM_SAMPLES, every object with issues in turn), for messages. */
  problems: LoadProblem[];
  /** The table layer's account of every line of the table's objects; absent for in-memory tables. */
  ledger?: Ledger;
}

export const MAX_PROBLEM_SAMPLES = 20;
