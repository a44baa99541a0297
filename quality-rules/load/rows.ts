/**
 * Arrow tables from plain rows, for tests and tables built by hand (not from files: table files
 * are read by the table layer, run-table.ts). Keys match columns case-insensitively, an absent
 * key is NULL, and values are converted to the column kind (coerce.ts).
 */
import type * as arrow from 'apache-arrow';
import { InputError } from '../../common/errors';
import { coerceJsonValue } from './coerce';
import { ColumnBuilder, tableFromColumns } from './column-builder';
import { toColumnSpecs, type SchemaShorthand } from './schema';

/**
 * `tableFromRows([{ email: 'a@x', timestamp: 1 }], { email: 'string', timestamp: 'bigint' })`.
 * A value that does not fit its column is a mistake in the caller, so it throws.
 */
export function tableFromRows(rows: Array<Record<string, unknown>>, schema: SchemaShorthand): arrow.Table {
  const columns = toColumnSpecs(schema);
  const builders = columns.map((c) => new ColumnBuilder(c.kind));
  const indexOf = new Map(columns.map((c, i) => [c.name.toLowerCase(), i]));
  const problems: string[] = [];
  const slot = new Array<unknown>(columns.length);
  rows.forEach((row, r) => {
    slot.fill(undefined);
    for (const [key, value] of Object.entries(row)) {
      const index = indexOf.get(key.toLowerCase());
      if (index !== undefined) slot[index] = value;
    }
    columns.forEach((column, c) => {
      const coerced = coerceJsonValue(slot[c], column.kind);
      builders[c]!.append(coerced.ok ? coerced.value : null);
      if (!coerced.ok) problems.push(`row ${r + 1} column ${column.name}: ${coerced.reason}`);
    });
  });
  if (problems.length > 0) {
    throw new InputError('ROW_VALUE', `tableFromRows: ${problems.length} value(s) do not fit the schema: ${problems.slice(0, 20).join('; ')}`);
  }
  return tableFromColumns(
    columns,
    builders.map((b) => b.finish()),
    rows.length,
  );
}
