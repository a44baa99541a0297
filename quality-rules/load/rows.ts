/**
 * JSON records → Arrow columns with a catalog schema. Keys match columns case-insensitively
 * (the OpenX JsonSerDe lower-cases keys by default), an absent key reads as NULL, and values
 * are coerced as the SerDe would (coerce.ts). Used for JSON-lines files and for tables built by
 * hand in tests (`tableFromRows`).
 */
import type * as arrow from 'apache-arrow';
import { InputError } from '../../common/errors';
import { coerceJsonValue } from './coerce';
import { ColumnBuilder, tableFromColumns } from './column-builder';
import { MAX_PROBLEM_SAMPLES, type LoadProblem } from './loaded-table';
import { neededCoercion, SchemaDriftTracker, type SchemaDriftSummary } from './schema-drift';
import { toColumnSpecs, type ColumnSpec, type SchemaShorthand } from './schema';

export class RowSink {
  private readonly builders: ColumnBuilder[];
  /** JSON key (lower-cased) → column index. */
  private readonly keyToColumn = new Map<string, number>();
  private readonly slot: unknown[];
  length = 0;
  invalidValues = 0;
  readonly problems: LoadProblem[] = [];
  private readonly drift: SchemaDriftTracker;

  /** `keyMapping` renames JSON keys to columns, like the SerDe's `mapping.<column>` properties. */
  constructor(
    readonly columns: ColumnSpec[],
    keyMapping: Record<string, string> = {},
  ) {
    this.builders = columns.map((c) => new ColumnBuilder(c.kind));
    columns.forEach((c, i) => this.keyToColumn.set(c.name.toLowerCase(), i));
    for (const [column, key] of Object.entries(keyMapping)) {
      const index = this.keyToColumn.get(column.toLowerCase());
      if (index !== undefined) this.keyToColumn.set(key.toLowerCase(), index);
    }
    this.slot = new Array<unknown>(columns.length);
    this.drift = new SchemaDriftTracker(columns);
  }

  problem(problem: LoadProblem): void {
    if (this.problems.length < MAX_PROBLEM_SAMPLES) this.problems.push(problem);
  }

  /** Appends one record; values that do not fit their column become NULL and are reported. */
  add(record: Record<string, unknown>, where: { file: string; line: number }): void {
    this.slot.fill(undefined);
    for (const key of Object.keys(record)) {
      const index = this.keyToColumn.get(key.toLowerCase());
      if (index === undefined) continue;
      this.slot[index] = record[key];
      this.drift.key(key, index, where);
    }
    for (let i = 0; i < this.builders.length; i++) {
      const column = this.columns[i]!;
      const value = this.slot[i];
      const coerced = coerceJsonValue(value, column.kind);
      if (coerced.ok) {
        this.builders[i]!.append(coerced.value);
        if (neededCoercion(value, column)) this.drift.coerced(i, value, where);
      } else {
        this.builders[i]!.append(null);
        this.invalidValues++;
        this.problem({ ...where, reason: `column ${column.name}: ${coerced.reason}` });
      }
    }
    this.drift.endRecord();
    this.length++;
  }

  /** Records whose keys or value types drift from the table's usual shape (schema-drift.ts). */
  schemaDrift(): SchemaDriftSummary {
    return this.drift.summary();
  }

  finish(): arrow.Table {
    return tableFromColumns(
      this.columns,
      this.builders.map((b) => b.finish()),
      this.length,
    );
  }
}

/**
 * Builds an Arrow table from plain rows, for tests and hand-built tables:
 * `tableFromRows([{ email: 'a@x', timestamp: 1 }], { email: 'string', timestamp: 'bigint' })`.
 * A value that does not fit its column is a mistake in the test, so it throws.
 */
export function tableFromRows(rows: Array<Record<string, unknown>>, schema: SchemaShorthand): arrow.Table {
  const sink = new RowSink(toColumnSpecs(schema));
  rows.forEach((row, index) => sink.add(row, { file: '<rows>', line: index + 1 }));
  if (sink.invalidValues > 0) {
    throw new InputError(
      'ROW_VALUE',
      `tableFromRows: ${sink.invalidValues} value(s) do not fit the schema: ` +
        sink.problems.map((p) => `row ${p.line} ${p.reason}`).join('; '),
    );
  }
  return sink.finish();
}
