/**
 * Loads a catalog table into DuckDB through the table layer (table/): the same reader, the same
 * rows and the same ledger as the pipeline's counter and the quality gate. Cells become DuckDB
 * values of the catalog types; a cell Athena could not read becomes a lazy HIVE_BAD_DATA error
 * (raw-table.ts); when Athena would refuse the table (a malformed line without
 * ignore.malformed.json, an oversized row, a corrupt object), loading fails with Athena's error
 * naming the object and line the ledger lists.
 */
import {
  blobValue, dateValue, decimalValue, listValue, mapValue, structValue, timestampValue, type DuckDBConnection, type DuckDBValue,
} from '@duckdb/node-api';
import { InputError } from '../../common/errors';
import { scanTable, tableColumns, type Cell, type CellMap, type CellStruct, type HiveType, type Ledger } from '../../table';
import type { CatalogEntry } from '../run-catalog';
import { LoadedTable, RawColumn, RawName, createRawTable } from './raw-table';

function decimalUnscaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const digits = BigInt(`${whole}${fraction.padEnd(scale, '0').slice(0, scale)}`);
  return negative ? -digits : digits;
}

/** A cell (table/cells.ts) as the DuckDB value of its Hive type. */
export function cellToDuck(cell: Cell, type: HiveType): DuckDBValue {
  if (cell === null) return null;
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'binary':
          return blobValue(cell as Uint8Array);
        case 'date':
          return dateValue(cell as number);
        case 'timestamp':
          return timestampValue((cell as bigint) * 1000n);
        default:
          return cell as DuckDBValue;
      }
    case 'decimal':
      return decimalValue(decimalUnscaled(cell as string, type.scale), type.precision, type.scale);
    case 'char':
    case 'varchar':
      return cell as string;
    case 'array':
      return listValue((cell as Cell[]).map((item) => cellToDuck(item, type.element)));
    case 'map':
      return mapValue([...(cell as CellMap).entries()].map(([key, value]) => ({ key: cellToDuck(key, type.key), value: cellToDuck(value, type.value) })));
    case 'struct': {
      const struct = cell as CellStruct;
      const entries: Record<string, DuckDBValue> = {};
      for (const field of type.fields) entries[field.name] = cellToDuck(struct[field.name] ?? null, field.type);
      return structValue(entries);
    }
  }
}

/** Athena-style warnings for what the ledger says about a table Athena can read. */
function ledgerWarnings(ledger: Ledger): string[] {
  const warnings: string[] = [];
  const located = (reason: string): string => {
    const lines = ledger.objectsWithIssues.flatMap((o) => o.examples.filter((e) => e.reason === reason).map((e) => `${e.key} line ${e.line}`));
    return lines.slice(0, 5).join('; ') + (lines.length > 5 ? '; ...' : '');
  };
  const count = (reason: keyof Ledger['reasons']): number => ledger.reasons[reason] ?? 0;
  if (count('not-a-json-object') > 0) warnings.push(`${ledger.table}: ${count('not-a-json-object')} line(s) do not start with '{' or '[' and read as all-NULL rows, as Athena reads them (${located('not-a-json-object')})`);
  if (count('malformed-json-ignored') > 0) warnings.push(`${ledger.table}: ${count('malformed-json-ignored')} malformed JSON line(s) read as all-NULL rows because 'ignore.malformed.json'='TRUE' (${located('malformed-json-ignored')})`);
  if (count('value-not-coercible') > 0) warnings.push(`${ledger.table}: ${count('value-not-coercible')} value(s) cannot be coerced to their column type; queries reading those columns fail with HIVE_BAD_DATA (${located('value-not-coercible')})`);
  if (count('parquet-type-mismatch') > 0) warnings.push(`${ledger.table}: ${count('parquet-type-mismatch')} row(s) of Parquet objects whose column type differs from the catalog; queries reading those columns fail with HIVE_BAD_DATA (${located('parquet-type-mismatch')})`);
  const outside = ledger.skippedObjects.filter((s) => s.reason === 'outside-partitions');
  if (outside.length > 0) warnings.push(`${ledger.table}: ${outside.length} object(s) outside any key=value partition path are not read (${outside.slice(0, 5).map((s) => s.key).join('; ')})`);
  return warnings;
}

export async function loadCatalogTable(connection: DuckDBConnection, entry: CatalogEntry, rawName: RawName): Promise<LoadedTable & { ledger: Ledger }> {
  const rows: DuckDBValue[][] = [];
  const badCells = new Map<number, (string | null)[]>();
  let types: HiveType[] = [];
  const ledger = await scanTable({ database: entry.database, name: entry.name, table: entry.table, dataDir: entry.dataDir }, (batch) => {
    if (types.length === 0) types = batch.columns.map((c) => c.type);
    const offset = rows.length;
    for (const row of batch.rows) rows.push(row.map((cell, index) => cellToDuck(cell, types[index] as HiveType)));
    for (const bad of batch.badCells) {
      let cells = badCells.get(bad.column);
      if (!cells) badCells.set(bad.column, (cells = []));
      cells[offset + bad.row] = bad.message;
    }
  });
  if (ledger.athenaRefuses) {
    const refusal = ledger.athenaRefuses;
    const message = refusal.message.includes(refusal.key) ? refusal.message : `${refusal.message} (table ${ledger.table}, object ${refusal.key} line ${refusal.line})`;
    throw new InputError(refusal.code, message);
  }
  const rawColumns: RawColumn[] = tableColumns(entry.table).map((column, index) => ({ name: column.name, type: column.type, badCells: badCells.get(index) }));
  await createRawTable(connection, rawName, rawColumns, rows);
  return { rows: rows.length, files: ledger.objects, rawColumns, warnings: ledgerWarnings(ledger), ledger };
}
