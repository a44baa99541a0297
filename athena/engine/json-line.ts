/**
 * A lossless, lenient JSON reader for one line of a JSON SerDe table. Numbers stay as their
 * source text (a bigint beyond 2^53 must not pass through a JS double), strings remember whether
 * they were quoted, and — like the org.json parser inside the OpenX SerDe — single-quoted strings
 * and unquoted tokens are accepted. Object keys are normalised by the caller's rule (lower-cased
 * when `case.insensitive`), and a key seen twice is a syntax error, as the OpenX SerDe reports it.
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

const BARE_STOP = new Set([',', ':', ']', '}', '[', '{', '"', "'", '/', '\\', '=', ';', '#']);

export function parseJsonLine(text: string, normaliseKey: (key: string) => string): JsonValue {
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };

  const readQuoted = (quote: string): string => {
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('Unterminated string');
      const ch = text[i++];
      if (ch === quote) return out;
      if (ch === '\n' || ch === '\r') fail('Unterminated string');
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = text[i++];
      switch (esc) {
        case 'b': out += '\b'; break;
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'f': out += '\f'; break;
        case 'r': out += '\r'; break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Illegal escape.');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        case '"': case "'": case '\\': case '/':
          out += esc;
          break;
        default:
          fail('Illegal escape.');
      }
    }
  };

  const readBare = (): string => {
    const start = i;
    while (i < text.length && !BARE_STOP.has(text[i]) && !/\s/.test(text[i])) i++;
    if (i === start) fail(`Missing value`);
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
      if (entries.has(normalised)) fail(`Duplicate key "${normalised}"`);
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
  return readValue();
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
