/**
 * DuckDB results in Athena's terms: Trino type names (`bigint`, `varchar`, `array(row(...))`),
 * Athena's value rendering (timestamps with millisecond precision, decimals as exact text), and
 * JSON-safe values (a bigint beyond 2^53 is returned as its decimal text, never rounded).
 */
import {
  DuckDBDateValue, DuckDBDecimalType, DuckDBListType, DuckDBListValue, DuckDBMapType, DuckDBMapValue, DuckDBStructType,
  DuckDBStructValue, DuckDBTimestampValue, DuckDBType, DuckDBTypeId, DuckDBValue, DuckDBArrayType, DuckDBArrayValue,
  DuckDBBlobValue, DuckDBDecimalValue, DuckDBTimestampTZValue,
} from '@duckdb/node-api';

export type QueryValue = null | boolean | number | string | QueryValue[] | { [key: string]: QueryValue };

export interface QueryColumn {
  name: string;
  /** The Trino/Athena type name, e.g. `bigint`, `varchar`, `decimal(10,2)`, `array(double)`. */
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  /** One array per row, values in column order. */
  rows: QueryValue[][];
  rowCount: number;
  /** The database unqualified table names resolved in. */
  database: string;
  /** Data problems met while reading the tables the query used (never dropped silently). */
  warnings: string[];
}

export function trinoTypeName(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return 'boolean';
    case DuckDBTypeId.TINYINT: return 'tinyint';
    case DuckDBTypeId.SMALLINT: return 'smallint';
    case DuckDBTypeId.INTEGER: return 'integer';
    case DuckDBTypeId.BIGINT: return 'bigint';
    // DuckDB widens SUM(integer/bigint) to HUGEINT where Trino returns bigint.
    case DuckDBTypeId.HUGEINT: return 'bigint';
    case DuckDBTypeId.FLOAT: return 'real';
    case DuckDBTypeId.DOUBLE: return 'double';
    case DuckDBTypeId.DECIMAL: {
      const decimal = type as DuckDBDecimalType;
      return `decimal(${decimal.width},${decimal.scale})`;
    }
    case DuckDBTypeId.VARCHAR: return 'varchar';
    case DuckDBTypeId.BLOB: return 'varbinary';
    case DuckDBTypeId.DATE: return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS: return 'timestamp(3)';
    case DuckDBTypeId.TIMESTAMP_TZ: return 'timestamp(3) with time zone';
    case DuckDBTypeId.INTERVAL: return 'interval day to second';
    case DuckDBTypeId.UUID: return 'uuid';
    case DuckDBTypeId.SQLNULL: return 'unknown';
    case DuckDBTypeId.LIST: return `array(${trinoTypeName((type as DuckDBListType).valueType)})`;
    case DuckDBTypeId.ARRAY: return `array(${trinoTypeName((type as DuckDBArrayType).valueType)})`;
    case DuckDBTypeId.MAP: {
      const map = type as DuckDBMapType;
      return `map(${trinoTypeName(map.keyType)}, ${trinoTypeName(map.valueType)})`;
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType;
      return `row(${struct.entryNames.map((name, i) => `${name} ${trinoTypeName(struct.entryTypes[i])}`).join(', ')})`;
    }
    default:
      return type.toString().toLowerCase();
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function formatDate(days: number): string {
  const date = new Date(days * 86_400_000);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Athena prints timestamp(3) as `2022-06-18 14:59:36.361`. */
export function formatTimestampMicros(micros: bigint): string {
  const millis = micros >= 0n ? micros / 1000n : (micros - 999n) / 1000n;
  const date = new Date(Number(millis));
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  );
}

function integerValue(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}

export function toQueryValue(value: DuckDBValue, type: DuckDBType): QueryValue {
  if (value === null) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return integerValue(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof DuckDBDecimalValue) return value.toString();
  if (value instanceof DuckDBDateValue) return formatDate(value.days);
  if (value instanceof DuckDBTimestampTZValue) return `${formatTimestampMicros(value.micros)} UTC`;
  if (value instanceof DuckDBTimestampValue) return formatTimestampMicros(value.micros);
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('hex');
  if (value instanceof DuckDBListValue) {
    const element = (type as DuckDBListType).valueType;
    return value.items.map((item) => toQueryValue(item, element));
  }
  if (value instanceof DuckDBArrayValue) {
    const element = (type as DuckDBArrayType).valueType;
    return value.items.map((item) => toQueryValue(item, element));
  }
  if (value instanceof DuckDBStructValue) {
    const struct = type as DuckDBStructType;
    const out: { [key: string]: QueryValue } = {};
    struct.entryNames.forEach((name, i) => {
      out[name] = toQueryValue(value.entries[name] ?? null, struct.entryTypes[i]);
    });
    return out;
  }
  if (value instanceof DuckDBMapValue) {
    const map = type as DuckDBMapType;
    const out: { [key: string]: QueryValue } = {};
    for (const entry of value.entries) out[String(toQueryValue(entry.key, map.keyType))] = toQueryValue(entry.value, map.valueType);
    return out;
  }
  // Other DuckDB values (time, interval, uuid, ...) print as DuckDB renders them.
  return String(value);
}

/** Java's Double.toString, which Athena's console and the Trino CLI print doubles with. */
export function javaDoubleString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') || text.includes('e') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

/** A value as text for people (CLI table, HTML report): NULL, Java-style doubles, JSON for rows. */
export function formatQueryValue(value: QueryValue, type: string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' && (type === 'double' || type === 'real')) return javaDoubleString(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
