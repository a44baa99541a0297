/**
 * A plain JS value → a column value, for tables built from rows in memory (rows.ts); table files
 * are read by the table layer. Lenient the way the OpenX JsonSerDe is, so hand-built rows may be
 * written as a JSON feed writes them:
 * - a number in a string column reads as its text; a boolean as "true"/"false"; objects and
 *   arrays as their JSON text;
 * - a string holding a number reads as that number in a numeric column ("42" → 42);
 * - integral columns refuse fractions and out-of-range values; booleans accept true/false and
 *   the strings "true"/"false" (any case);
 * - timestamps accept epoch milliseconds (number or numeric string) and `yyyy-MM-dd HH:mm:ss[.fff]`
 *   or ISO-8601 text; dates accept `yyyy-MM-dd`.
 * A value that does not fit is reported (`ok: false`) and the caller refuses the row.
 */
import type { ColumnKind } from './schema';

export type CellValue = string | number | bigint | boolean | null;

export type Coerced = { ok: true; value: CellValue } | { ok: false; reason: string };

const INT_RANGES: Record<'int' | 'smallint' | 'tinyint', [number, number]> = {
  int: [-2147483648, 2147483647],
  smallint: [-32768, 32767],
  tinyint: [-128, 127],
};
const MIN_BIGINT = -(2n ** 63n);
const MAX_BIGINT = 2n ** 63n - 1n;
const MS_PER_DAY = 86_400_000;

function bad(value: unknown, kind: ColumnKind): Coerced {
  const shown = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return { ok: false, reason: `${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} is not a valid ${kind}` };
}

function numericText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return value.trim();
  return undefined;
}

function toBigint(value: unknown, kind: ColumnKind): Coerced {
  const text = numericText(value);
  if (text === undefined) return bad(value, kind);
  if (/^[-+]?\d+$/.test(text)) {
    const n = BigInt(text);
    return n < MIN_BIGINT || n > MAX_BIGINT ? bad(value, kind) : { ok: true, value: n };
  }
  const n = Number(text);
  return Number.isInteger(n) && Number.isSafeInteger(n) ? { ok: true, value: BigInt(n) } : bad(value, kind);
}

function toInt(value: unknown, kind: 'int' | 'smallint' | 'tinyint'): Coerced {
  const text = numericText(value);
  if (text === undefined) return bad(value, kind);
  const n = Number(text);
  const [min, max] = INT_RANGES[kind];
  return Number.isInteger(n) && n >= min && n <= max ? { ok: true, value: n } : bad(value, kind);
}

function toTimestamp(value: unknown): Coerced {
  const text = numericText(value);
  if (text !== undefined) {
    const n = Number(text);
    return Number.isInteger(n) ? { ok: true, value: BigInt(n) } : bad(value, 'timestamp');
  }
  if (typeof value === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
    if (m) {
      const fraction = m[4] ? m[4].slice(0, 4) : '';
      const iso = `${m[1]}T${m[2]!.slice(0, 8)}${fraction}${m[5] ?? 'Z'}`;
      const ms = Date.parse(iso);
      if (!Number.isNaN(ms)) return { ok: true, value: BigInt(ms) };
    }
  }
  return bad(value, 'timestamp');
}

function toDate(value: unknown): Coerced {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const ms = Date.parse(`${value.trim()}T00:00:00Z`);
    if (!Number.isNaN(ms)) return { ok: true, value: Math.floor(ms / MS_PER_DAY) };
  }
  return bad(value, 'date');
}

export function coerceJsonValue(value: unknown, kind: ColumnKind): Coerced {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (kind) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
      return { ok: true, value: JSON.stringify(value) };
    case 'bigint':
      return toBigint(value, kind);
    case 'int':
    case 'smallint':
    case 'tinyint':
      return toInt(value, kind);
    case 'double':
    case 'float': {
      const text = numericText(value);
      return text === undefined ? bad(value, kind) : { ok: true, value: Number(text) };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { ok: true, value: value.trim().toLowerCase() === 'true' };
      return bad(value, kind);
    case 'timestamp':
      return toTimestamp(value);
    case 'date':
      return toDate(value);
  }
}
