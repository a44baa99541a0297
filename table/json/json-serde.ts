/**
 * Turns one parsed JSON line into typed cells the way Athena's JSON SerDes read it:
 * - keys match columns case-insensitively unless `case.insensitive`=FALSE; `mapping.<col>`=key
 *   renames; `dots.in.keys`=TRUE lets `a.b` match column `a_b`;
 * - an absent key, or an explicit null, is NULL;
 * - quoted numbers are coerced to the column type ("123" reads as bigint 123);
 * - a value that cannot be coerced (0.54 or "abc" for an int, an object for a double) is an error
 *   when the column is read — Athena's `HIVE_BAD_DATA: Error parsing field value ...`.
 *   Such a cell is thrown as a BadValue here; the reader records it (ledger + BadCell) and local
 *   Athena turns it into a lazy error.
 * Values come out as cells (cells.ts).
 */
import type { Cell, CellMap, CellStruct, MapKeyCell } from '../cells';
import type { HiveType } from '../ddl/hive-type';
import { formatHiveType } from '../ddl/hive-type';
import { JsonObject, JsonScalar as ImportedJsonScalar, JsonValue, renderJson } from './json-line';

// A module-local binding: run from sources (tsx), every use of an imported name is a getter call,
// and decodeJsonValue checks `instanceof JsonScalar` for every value of a table scan.
const JsonScalar = ImportedJsonScalar;
type JsonScalar = ImportedJsonScalar;

export interface JsonSerdeOptions {
  caseInsensitive: boolean;
  dotsInKeys: boolean;
  ignoreMalformedJson: boolean;
  /** Column (lower-case) → JSON key, from `mapping.<column>` SerDe properties. */
  mappings: Map<string, string>;
}

export function jsonSerdeOptions(parameters: Record<string, string> | undefined): JsonSerdeOptions {
  const props = parameters ?? {};
  const isTrue = (key: string, fallback: boolean): boolean =>
    props[key] === undefined ? fallback : props[key].trim().toLowerCase() === 'true';
  const caseInsensitive = isTrue('case.insensitive', true);
  const mappings = new Map<string, string>();
  for (const [key, value] of Object.entries(props)) {
    // The bare 'mapping' property the Glue console writes is not a mapping: only 'mapping.<col>'.
    if (key.startsWith('mapping.') && key.length > 'mapping.'.length) {
      mappings.set(key.slice('mapping.'.length).toLowerCase(), caseInsensitive ? value.toLowerCase() : value);
    }
  }
  return {
    caseInsensitive,
    dotsInKeys: isTrue('dots.in.keys', false),
    ignoreMalformedJson: isTrue('ignore.malformed.json', false),
    mappings,
  };
}

/** A value that Athena cannot coerce to the column type; message mirrors HIVE_BAD_DATA. */
export class BadValue extends Error {}

/** Finds the value for a (lower-case) field name in a JSON object, per the SerDe options. */
export function lookupField(object: JsonObject, field: string, options: JsonSerdeOptions): JsonValue | undefined {
  return lookupEntry(object, field, options)?.value;
}

/** Like lookupField, with the key as written in the line (for schema-drift checks). */
export function lookupEntry(object: JsonObject, field: string, options: JsonSerdeOptions): { key: string; value: JsonValue } | undefined {
  const mapped = options.mappings.get(field) ?? field;
  const target = options.caseInsensitive ? mapped.toLowerCase() : mapped;
  const exact = object.entries.get(target);
  if (exact !== undefined) return exact;
  if (options.dotsInKeys) {
    for (const [key, entry] of object.entries) {
      if (key.replace(/\./g, '_') === target) return entry;
    }
  }
  return undefined;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/;
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Java's String.trim: strips characters <= U+0020 only (not a BOM). */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

function describeJson(value: JsonValue): string {
  if (Array.isArray(value)) return 'JSONArray';
  if (value instanceof JsonScalar) return 'String';
  return 'JSONObject';
}

function badInput(text: string): never {
  throw new BadValue(`For input string: "${text}"`);
}

function parseInteger(text: string, type: string): bigint {
  let value: bigint;
  if (/^[+-]?\d+$/.test(text)) value = BigInt(text);
  else if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = BigInt(text);
  else badInput(text);
  const [min, max] = INT_RANGES[type];
  if (value < min || value > max) {
    throw new BadValue(`Value out of range for ${type}: "${text}"`);
  }
  return value;
}

function parseDecimal(text: string, precision: number, scale: number): bigint {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) badInput(text);
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = exponentText ? Number(exponentText) : 0;
  // digits × 10^(exponent - fraction.length), rescaled to `scale` with HALF_UP rounding.
  let digits = BigInt(`${whole || '0'}${fraction}`);
  const shift = exponent - fraction.length + scale;
  if (shift >= 0) {
    digits *= 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const quotient = digits / divisor;
    digits = digits % divisor * 2n >= divisor ? quotient + 1n : quotient;
  }
  if (digits.toString().length > precision) {
    throw new BadValue(`Value ${text} exceeds decimal(${precision},${scale})`);
  }
  return sign === '-' ? -digits : digits;
}

const DAY_MS = 86_400_000;

function parseDate(text: string): number {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: .*)?$/.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return Math.round(ms / DAY_MS);
  }
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  return badInput(text);
}

/** Plain decimal text of `unscaled` × 10^-scale, with exactly `scale` fraction digits. */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Athena's OpenX timestamp rules: text formats, or epoch seconds / millis by digit count. */
function parseTimestampMicros(text: string): bigint {
  if (text.indexOf(':') > 0) {
    const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/.exec(text);
    if (!match) badInput(text);
    const [, y, mo, d, h, mi, s = '0', frac = '', zone] = match;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    const micros = BigInt(frac.padEnd(6, '0').slice(0, 6));
    return BigInt(ms) * 1000n + micros;
  }
  if (!/^[-+.0-9]+$/.test(text)) badInput(text);
  if (text.includes('.')) {
    const [secondsPart, fractionPart = ''] = text.split('.');
    if (!/^[+-]?\d*$/.test(secondsPart) || !/^\d*$/.test(fractionPart)) badInput(text);
    const negative = secondsPart.startsWith('-');
    const millis = BigInt(secondsPart.replace(/^[+-]/, '') || '0') * 1000n + BigInt(fractionPart.padEnd(3, '0').slice(0, 3));
    return (negative ? -millis : millis) * 1000n;
  }
  if (!/^[+-]?\d+$/.test(text)) badInput(text);
  const number = BigInt(text);
  return text.length >= 13 ? number * 1000n : number * 1_000_000n;
}

function scalarOf(value: JsonValue, typeName: string): string {
  if (!(value instanceof JsonScalar)) throw new BadValue(`${describeJson(value)} can not be coerced to ${typeName}`);
  return value.text;
}

/** Decodes a JSON value to the cell of a Hive type, or throws BadValue. */
export function decodeJsonValue(value: JsonValue, type: HiveType, options: JsonSerdeOptions): Cell {
  if (value === null) return null;
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'boolean':
          return value instanceof JsonScalar && value.text.toLowerCase() === 'true';
        case 'tinyint':
        case 'smallint':
        case 'int':
          return Number(parseInteger(scalarOf(value, type.name.toUpperCase()), type.name));
        case 'bigint':
          return parseInteger(scalarOf(value, 'BIGINT'), 'bigint');
        case 'float':
        case 'double': {
          const text = javaTrim(scalarOf(value, type.name.toUpperCase()));
          if (!JAVA_DOUBLE.test(text)) badInput(text);
          const number = Number(text.replace(/[fFdD]$/, ''));
          return type.name === 'float' ? Math.fround(number) : number;
        }
        case 'string':
          return value instanceof JsonScalar ? value.text : renderJson(value);
        case 'binary': {
          if (!(value instanceof JsonScalar) || !value.quoted) return null;
          return new Uint8Array(Buffer.from(value.text, 'base64'));
        }
        case 'date':
          return parseDate(scalarOf(value, 'DATE'));
        case 'timestamp':
          {
            // Athena reads Hive tables with millisecond precision: sub-millisecond digits are dropped.
            const micros = parseTimestampMicros(scalarOf(value, 'TIMESTAMP'));
            return micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
          }
      }
      break;
    case 'decimal':
      return decimalText(parseDecimal(scalarOf(value, formatHiveType(type)), type.precision, type.scale), type.scale);
    case 'char':
    case 'varchar': {
      const text = value instanceof JsonScalar ? value.text : renderJson(value);
      return text.slice(0, type.length);
    }
    case 'array': {
      if (value instanceof JsonScalar && value.text === '') return null;
      const items = Array.isArray(value) ? value : [value];
      return items.map((item) => decodeJsonValue(item, type.element, options));
    }
    case 'map': {
      if (value instanceof JsonScalar) {
        if (value.text.trim() === '') return null;
        throw new BadValue('Primitive can not be coerced to a MAP');
      }
      if (Array.isArray(value)) throw new BadValue('JSONArray can not be coerced to a MAP');
      // Keys that decode to the same value keep the last one (Trino's OpenX reader does the same).
      const map: CellMap = new Map();
      for (const { key, value: item } of value.entries.values()) {
        const decodedKey = decodeJsonValue(new JsonScalar(key, true), type.key, options);
        if (decodedKey === null) continue;
        map.set(decodedKey as MapKeyCell, decodeJsonValue(item, type.value, options));
      }
      return map;
    }
    case 'struct': {
      if (value instanceof JsonScalar) {
        if (value.text.trim() === '') return null;
        throw new BadValue('Primitive can not be coerced to a STRUCT');
      }
      const entries: CellStruct = {};
      type.fields.forEach((field, index) => {
        const item = Array.isArray(value) ? value[index] : lookupField(value, field.name, options);
        entries[field.name] = item === undefined ? null : decodeJsonValue(item, field.type, options);
      });
      return entries;
    }
  }
  return null;
}
