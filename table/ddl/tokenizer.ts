/**
 * Tokens of Athena (Hive) DDL with their line:column, so every parse error can point at the
 * exact spot in the user's .sql file.
 */
import { InputError } from '../../common/errors';

export type TokenKind = 'word' | 'quoted-identifier' | 'string' | 'number' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier/keyword text as written, the unescaped string value, or the symbol. */
  text: string;
  /** Offset of the first character in the source, and of the character after the token. */
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** Formats `file:line:column` (or `line:column` without a file) for messages. */
export function where(source: string | undefined, position: SourcePosition): string {
  return `${source ?? '<ddl>'}:${position.line}:${position.column}`;
}

const SYMBOLS = new Set(['(', ')', ',', '.', ';', '<', '>', ':', '=']);

/**
 * Hive string literals use backslash escapes (`'\t'`, `'\001'`, `'\''`); Athena passes them to the
 * metastore unescaped, so `FIELDS TERMINATED BY '\t'` stores a real tab.
 */
function unescapeHiveString(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\' || i === raw.length - 1) {
      out += ch;
      continue;
    }
    const next = raw[++i];
    if (/[0-7]/.test(next) && /^[0-7]{3}$/.test(raw.slice(i, i + 3))) {
      out += String.fromCharCode(parseInt(raw.slice(i, i + 3), 8));
      i += 2;
      continue;
    }
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16));
      i += 4;
      continue;
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a' };
    out += simple[next] ?? next;
  }
  return out;
}

export function tokenize(sql: string, source?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const position = (offset: number): SourcePosition => ({ line, column: offset - lineStart + 1 });
  const advanceOver = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      advanceOver(i, i + 1);
      i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) {
        throw new InputError('DDL_SYNTAX', `${where(source, position(i))}: unterminated /* comment`);
      }
      advanceOver(i, close + 2);
      i = close + 2;
      continue;
    }
    const start = i;
    const pos = position(i);
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      let raw = '';
      for (;;) {
        if (j >= sql.length) {
          const what = ch === '`' ? 'backtick identifier' : 'string literal';
          throw new InputError('DDL_SYNTAX', `${where(source, pos)}: unterminated ${what}`);
        }
        const c = sql[j];
        if (c === '\\' && ch !== '`' && j + 1 < sql.length) {
          raw += c + sql[j + 1];
          j += 2;
          continue;
        }
        if (c === ch) {
          // A doubled quote inside the literal stands for the quote itself.
          if (sql[j + 1] === ch) {
            raw += ch === '`' ? '`' : `\\${ch}`;
            j += 2;
            continue;
          }
          break;
        }
        raw += c;
        j++;
      }
      advanceOver(i, j + 1);
      const kind: TokenKind = ch === '`' ? 'quoted-identifier' : 'string';
      tokens.push({ kind, text: kind === 'string' ? unescapeHiveString(raw) : raw, start, end: j + 1, ...pos });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      let j = i;
      while (j < sql.length && /[0-9]/.test(sql[j])) j++;
      tokens.push({ kind: 'number', text: sql.slice(i, j), start, end: j, ...pos });
      i = j;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j), start, end: j, ...pos });
      i = j;
      continue;
    }
    if (SYMBOLS.has(ch)) {
      tokens.push({ kind: 'symbol', text: ch, start, end: i + 1, ...pos });
      i++;
      continue;
    }
    throw new InputError('DDL_SYNTAX', `${where(source, pos)}: unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'eof', text: '', start: sql.length, end: sql.length, ...position(sql.length) });
  return tokens;
}
