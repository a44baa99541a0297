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
  const reader = new LineReader(text, normaliseKey);
  // Text after the closing brace of the top-level value is ignored, as the SerDe does.
  const value = reader.readValue();
  return { value, end: reader.i, duplicateKeys: reader.duplicateKeys };
}

/**
 * The recursive-descent reader of one line. A class, not closures made per call: a table scan
 * parses every line, and seven closures per line (each renamed by the TypeScript loader's
 * keepNames helper when run from sources) cost more than the parsing itself.
 */
class LineReader {
  i = 0;
  readonly duplicateKeys: string[] = [];
  private readonly length: number;

  constructor(
    private readonly text: string,
    private readonly normaliseKey: (key: string) => string,
  ) {
    this.length = text.length;
  }

  private skipSpace(): void {
    while (this.i < this.length && isSpace(this.text.charCodeAt(this.i))) this.i++;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.i);
  }

  private readQuoted(quote: string): string {
    const text = this.text;
    this.i++;
    const close = text.indexOf(quote, this.i);
    if (close < 0) this.fail('Unterminated string');
    const plain = text.slice(this.i, close);
    // Fast path: no escapes and no line break inside the literal.
    if (plain.indexOf('\\') < 0 && plain.indexOf('\n') < 0 && plain.indexOf('\r') < 0) {
      this.i = close + 1;
      return plain;
    }
    let out = '';
    for (;;) {
      if (this.i >= this.length) this.fail('Unterminated string');
      const ch = text[this.i++];
      if (ch === quote) return out;
      if (ch === '\n' || ch === '\r') this.fail('Unterminated string');
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = text[this.i++] as string;
      if (esc === 'u') {
        const hex = text.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Illegal escape.');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
        continue;
      }
      const simple = SIMPLE_ESCAPES[esc];
      if (simple === undefined) this.fail('Illegal escape.');
      out += simple;
    }
  }

  private readBare(): string {
    const start = this.i;
    while (this.i < this.length) {
      const code = this.text.charCodeAt(this.i);
      if (BARE_STOP.has(code) || isSpace(code)) break;
      this.i++;
    }
    if (this.i === start) this.fail('Missing value');
    return this.text.slice(start, this.i);
  }

  readValue(): JsonValue {
    this.skipSpace();
    const ch = this.text[this.i];
    if (ch === undefined) this.fail('A JSON value is expected, found end of line');
    if (ch === '{') return this.readObject();
    if (ch === '[') return this.readArray();
    if (ch === '"' || ch === "'") return new JsonScalar(this.readQuoted(ch), true);
    const bare = this.readBare();
    if (bare === 'null') return null;
    return new JsonScalar(bare, false);
  }

  private readObject(): JsonObject {
    const text = this.text;
    this.i++;
    const entries = new Map<string, { key: string; value: JsonValue }>();
    this.skipSpace();
    if (text[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      const ch = text[this.i];
      if (ch === undefined) this.fail("A JSONObject text must end with '}'");
      const key = ch === '"' || ch === "'" ? this.readQuoted(ch) : this.readBare();
      this.skipSpace();
      if (text[this.i] !== ':') this.fail("Expected a ':' after a key");
      this.i++;
      const value = this.readValue();
      const normalised = this.normaliseKey(key);
      if (entries.has(normalised)) {
        this.duplicateKeys.push(normalised);
        entries.delete(normalised);
      }
      entries.set(normalised, { key, value });
      this.skipSpace();
      if (text[this.i] === ',') {
        this.i++;
        this.skipSpace();
        // org.json tolerates a trailing comma before the closing brace.
        if (text[this.i] === '}') {
          this.i++;
          return { kind: 'object', entries };
        }
        continue;
      }
      if (text[this.i] === '}') {
        this.i++;
        return { kind: 'object', entries };
      }
      this.fail("Expected a ',' or '}'");
    }
  }

  private readArray(): JsonValue[] {
    const text = this.text;
    this.i++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (text[this.i] === ']') {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.readValue());
      this.skipSpace();
      if (text[this.i] === ',') {
        this.i++;
        this.skipSpace();
        if (text[this.i] === ']') {
          this.i++;
          return items;
        }
        continue;
      }
      if (text[this.i] === ']') {
        this.i++;
        return items;
      }
      this.fail("Expected a ',' or ']'");
    }
  }
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
