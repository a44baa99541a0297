import type * as arrow from 'apache-arrow';
import type { SchemaDriftSummary } from './schema-drift';
import type { ColumnSpec } from './schema';

/** Where a record or value went wrong: file and line, and why. */
export interface LoadProblem {
  file: string;
  line: number;
  reason: string;
}

/** A table loaded for evaluation, with the bookkeeping of what could not be read. */
export interface LoadedTable {
  name: string;
  table: arrow.Table;
  columns: ColumnSpec[];
  format: 'json' | 'parquet' | 'rows';
  /** Data files read (empty for in-memory tables). */
  files: string[];
  /** Records that did not parse at all (malformed JSON, not an object): not in `table`, counted here. */
  rejectedRecords: number;
  /** Field values that do not fit their column's type: read as NULL, counted here. */
  invalidValues: number;
  /**
   * Records the SerDe-like reading had to be lenient with: a key spelled differently from the
   * rest of the table (`timeStamp`), or a value of another JSON type (`"0.5"` for a double).
   * They are in `table`, correctly read; this says the feed's shape drifted. JSON only.
   */
  schemaDrift: SchemaDriftSummary;
  /** The first problems found (at most MAX_PROBLEM_SAMPLES), for messages. */
  problems: LoadProblem[];
}

export const MAX_PROBLEM_SAMPLES = 20;
