/**
 * A lossless, lenient JSON reader for one line of a JSON SerDe table. Numbers stay as their
 * source text (a bigint beyond 2^53 must not pass through a JS double), strings remember whether
 * they were quoted, and — like the org.json parser inside the OpenX SerDe — single-quoted strings
 * and unquoted tokens are accepted. Object keys are normalised by the caller's rule (lower-cased
 * when `case.insensitive`). A key seen twice (after normalising) keeps its LAST value, as Athena's
 * OpenX reader does ("For objects with duplicate keys values, only last value parsed and used":
 * trinodb/trino lib/trino-hive-formats/.../line/openxjson/README.md, ROW) and as Spark's JSON
 * reader does (each field assignment overwrites the previous one); the caller is told which keys
 * were duplicated so the ledger can say so. Text after the top-level value is ignored (same
 * README, "Line Format" rule 3) and its offset is reported.
 */

/** A JSON string or an unquoted token (number, true, false, any bare word). */
export class JsonScalar {
  constructor(
    readonly text: string,
    readonly quoted: boolean,
  ) {}
}

export interface JsonObject {
  kind: 'object';
  /** Entries by normalised key, each with the key as written. */
  entries: Map<string, { key: string; value: JsonValue }>;
}

export type JsonValue = null | JsonScalar | JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at ${offset} [character ${offset + 1} line 1]`);
  }
}

// Characters that end an unquoted token (org.json's lenient reader stops at these).
const BARE_STOP = new Set([',', ':', ']', '}', '[', '{', '"', "'", '/', '\\', '=', ';', '#'].map((c) => c.charCodeAt(0)));

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x3000;
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\', '/': '/' };

export interface ParsedJsonLine {
  value: JsonValue;
  /** Offset just after the top-level value (text after it is ignored). */
  end: number;
  /** Normalised keys that appeared more than once in some object (the last value was kept). */
  duplicateKeys: string[];
}

export function parseJsonLine(text: string, normaliseKey: (key: string) => string): JsonValue {
  return parseJsonLineDetailed(text, normaliseKey).value;
}

export function parseJsonLineDetailed(text: string, normaliseKey: (key: string) => string): ParsedJsonLine {
  const duplicateKeys: string[] = [];
  let i = 0;
  const length = text.length;
  const skipSpace = (): void => {
    while (i < length && isSpace(text.charCodeAt(i))) i++;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };

  const readQuoted = (quote: string): string => {
    i++;
    const close = text.indexOf(quote, i);
    if (close < 0) fail('Unterminated string');
    const plain = text.slice(i, close);
    // Fast path: no escapes and no line break inside the literal.
    if (plain.indexOf('\\') < 0 && plain.indexOf('\n') < 0 && plain.indexOf('\r') < 0) {
      i = close + 1;
      return plain;
    }
    let out = '';
    for (;;) {
      if (i >= length) fail('Unterminated string');
      const ch = text[i++];
      if (ch === quote) return out;
      if (ch === '\n' || ch === '\r') fail('Unterminated string');
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = text[i++];
      if (esc === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Illegal escape.');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        continue;
      }
      const simple = SIMPLE_ESCAPES[esc];
      if (simple === undefined) fail('Illegal escape.');
      out += simple;
    }
  };

  const readBare = (): string => {
    const start = i;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (BARE_STOP.has(code) || isSpace(code)) break;
      i++;
    }
    if (i === start) fail('Missing value');
    return text.slice(start, i);
  };

  const readValue = (): JsonValue => {
    skipSpace();
    const ch = text[i];
    if (ch === undefined) fail('A JSON value is expected, found end of line');
    if (ch === '{') return readObject();
    if (ch === '[') return readArray();
    if (ch === '"' || ch === "'") return new JsonScalar(readQuoted(ch), true);
    const bare = readBare();
    if (bare === 'null') return null;
    return new JsonScalar(bare, false);
  };

  const readObject = (): JsonObject => {
    i++;
    const entries = new Map<string, { key: string; value: JsonValue }>();
    skipSpace();
    if (text[i] === '}') {
      i++;
      return { kind: 'object', entries };
    }
    for (;;) {
      skipSpace();
      const ch = text[i];
      if (ch === undefined) fail("A JSONObject text must end with '}'");
      const key = ch === '"' || ch === "'" ? readQuoted(ch) : readBare();
      skipSpace();
      if (text[i] !== ':') fail("Expected a ':' after a key");
      i++;
      const value = readValue();
      const normalised = normaliseKey(key);
      if (entries.has(normalised)) {
        duplicateKeys.push(normalised);
        entries.delete(normalised);
      }
      entries.set(normalised, { key, value });
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        // org.json tolerates a trailing comma before the closing brace.
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries };
        }
        continue;
      }
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries };
      }
      fail("Expected a ',' or '}'");
    }
  };

  const readArray = (): JsonValue[] => {
    i++;
    const items: JsonValue[] = [];
    skipSpace();
    if (text[i] === ']') {
      i++;
      return items;
    }
    for (;;) {
      items.push(readValue());
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === ']') {
          i++;
          return items;
        }
        continue;
      }
      if (text[i] === ']') {
        i++;
        return items;
      }
      fail("Expected a ',' or ']'");
    }
  };

  // Text after the closing brace of the top-level value is ignored, as the SerDe does.
  const value = readValue();
  return { value, end: i, duplicateKeys };
}

/** Canonical compact JSON for a value read as a string column (objects keep their written keys). */
export function renderJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (value instanceof JsonScalar) {
    if (value.quoted) return JSON.stringify(value.text);
    return value.text;
  }
  if (Array.isArray(value)) return `[${value.map(renderJson).join(',')}]`;
  const parts: string[] = [];
  for (const { key, value: item } of value.entries.values()) parts.push(`${JSON.stringify(key)}:${renderJson(item)}`);
  return `{${parts.join(',')}}`;
}
