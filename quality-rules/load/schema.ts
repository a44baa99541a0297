/**
 * Catalog schemas: Glue column types → our column kinds → Arrow types. Names are lower-cased
 * as the Glue catalog (and Athena) do. Types we do not model natively (decimal, arrays,
 * structs, maps) are kept as their closest kind and said so here rather than guessed later.
 */
import * as arrow from 'apache-arrow';
import { InputError } from '../../common/errors';

export type ColumnKind = 'string' | 'bigint' | 'int' | 'smallint' | 'tinyint' | 'double' | 'float' | 'boolean' | 'timestamp' | 'date';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** The catalog's type string as written (e.g. `decimal(10,2)`), for messages. */
  catalogType: string;
}

/** Maps a Glue/Hive type string to the kind we load it as. */
export function columnKindOf(catalogType: string): ColumnKind {
  const t = catalogType.trim().toLowerCase();
  if (t === 'string' || t.startsWith('varchar') || t.startsWith('char')) return 'string';
  if (t === 'bigint' || t === 'long') return 'bigint';
  if (t === 'int' || t === 'integer') return 'int';
  if (t === 'smallint') return 'smallint';
  if (t === 'tinyint') return 'tinyint';
  // Decimals are read as doubles: exact enough for quality metrics, not for money arithmetic.
  if (t === 'double' || t.startsWith('decimal')) return 'double';
  if (t === 'float' || t === 'real') return 'float';
  if (t === 'boolean') return 'boolean';
  if (t === 'timestamp') return 'timestamp';
  if (t === 'date') return 'date';
  // Complex types (array<...>, struct<...>, map<...>) are kept as their JSON text.
  if (/^(array|struct|map)</.test(t)) return 'string';
  throw new InputError('CATALOG_TYPE', `unsupported catalog column type '${catalogType}'`);
}

export function arrowTypeOf(kind: ColumnKind): arrow.DataType {
  switch (kind) {
    case 'string':
      return new arrow.Utf8();
    case 'bigint':
      return new arrow.Int64();
    case 'int':
      return new arrow.Int32();
    case 'smallint':
      return new arrow.Int16();
    case 'tinyint':
      return new arrow.Int8();
    case 'double':
      return new arrow.Float64();
    case 'float':
      return new arrow.Float32();
    case 'boolean':
      return new arrow.Bool();
    case 'timestamp':
      return new arrow.TimestampMillisecond();
    case 'date':
      return new arrow.DateDay();
  }
}

/** Column kind of an Arrow type, for tables built elsewhere (bench, DuckDB results). */
export function kindOfArrowType(type: arrow.DataType): ColumnKind {
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type)) return 'string';
  if (arrow.DataType.isInt(type)) {
    if (type.bitWidth === 64) return 'bigint';
    if (type.bitWidth === 32) return 'int';
    return type.bitWidth === 16 ? 'smallint' : 'tinyint';
  }
  if (arrow.DataType.isFloat(type)) return type.precision === arrow.Precision.SINGLE ? 'float' : 'double';
  if (arrow.DataType.isBool(type)) return 'boolean';
  if (arrow.DataType.isTimestamp(type)) return 'timestamp';
  if (arrow.DataType.isDate(type)) return 'date';
  return 'string';
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'bigint' || kind === 'int' || kind === 'smallint' || kind === 'tinyint' || kind === 'double' || kind === 'float';
}

/** Shorthand for tests and hand-built tables: `{ email: 'string', timestamp: 'bigint' }`. */
export type SchemaShorthand = Record<string, ColumnKind | string> | ColumnSpec[];

export function toColumnSpecs(schema: SchemaShorthand): ColumnSpec[] {
  if (Array.isArray(schema)) return schema;
  return Object.entries(schema).map(([name, type]) => ({ name: name.toLowerCase(), kind: columnKindOf(type), catalogType: type }));
}

export function arrowSchemaOf(columns: ColumnSpec[]): arrow.Schema {
  return new arrow.Schema(columns.map((c) => new arrow.Field(c.name, arrowTypeOf(c.kind), true)));
}

export function columnSpecsOfArrow(schema: arrow.Schema): ColumnSpec[] {
  return schema.fields.map((f) => ({ name: f.name, kind: kindOfArrowType(f.type), catalogType: kindOfArrowType(f.type) }));
}
