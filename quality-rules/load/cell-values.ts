/**
 * The table layer's typed cells (table/cells.ts) → the column kinds and values the Arrow columns
 * hold (schema.ts, column-builder.ts). The table layer has already read each value as its Hive
 * type (Athena's SerDe rules); this only picks an Arrow representation:
 * - decimals are doubles: exact enough for quality metrics, not for money arithmetic;
 * - char/varchar are strings; binary is its base64 text;
 * - complex types (array, map, struct) are their JSON text, as rules only compare them whole.
 */
import type { Cell, HiveType, TableColumn } from '../../table';
import type { CellValue } from './coerce';
import type { ColumnKind, ColumnSpec } from './schema';

export function columnKindOfHiveType(type: HiveType): ColumnKind {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'binary' ? 'string' : type.name;
    case 'decimal':
      return 'double';
    case 'char':
    case 'varchar':
      return 'string';
    default:
      return 'string';
  }
}

export function columnSpecOf(column: TableColumn): ColumnSpec {
  return { name: column.name, kind: columnKindOfHiveType(column.type), catalogType: column.typeText };
}

/** A cell as JSON-compatible data (bigints as numbers when safe, maps as objects, bytes as base64). */
function jsonOf(cell: Cell): unknown {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  if (typeof cell === 'bigint') return Number.isSafeInteger(Number(cell)) ? Number(cell) : cell.toString();
  if (cell instanceof Uint8Array) return Buffer.from(cell).toString('base64');
  if (Array.isArray(cell)) return cell.map(jsonOf);
  if (cell instanceof Map) return Object.fromEntries([...cell].map(([k, v]) => [String(k), jsonOf(v)]));
  return Object.fromEntries(Object.entries(cell).map(([k, v]) => [k, jsonOf(v)]));
}

/** The value of `cell` for an Arrow column of `kind` (see cells.ts for what each Hive type's cell is). */
export function arrowValueOf(cell: Cell, kind: ColumnKind): CellValue {
  if (cell === null) return null;
  switch (kind) {
    case 'string':
      if (typeof cell === 'string') return cell;
      if (cell instanceof Uint8Array) return Buffer.from(cell).toString('base64');
      return typeof cell === 'object' ? JSON.stringify(jsonOf(cell)) : String(cell);
    case 'double':
    case 'float':
      // decimal cells are their exact text; Number() is the documented loss of precision.
      return typeof cell === 'string' ? Number(cell) : (cell as number);
    default:
      return cell as CellValue;
  }
}
