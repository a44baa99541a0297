/**
 * DQDL tokens, following the public lexer grammar of awslabs/dqdl (CommonLexerRules.g4):
 * `#` line comments, double-quoted strings with `\"` and `\\` escapes, integers, decimals,
 * identifiers made of [A-Za-z0-9_.], and the punctuation of conditions. Comments are kept
 * (not skipped as in the ANTLR grammar) because they carry our `# level:` annotation and we
 * want `toString()` to reproduce a documented ruleset.
 *
 * The lexer never throws: a bad character or an unterminated string becomes a syntax error
 * in the list and lexing continues, so every mistake of a file is reported at once.
 */
export type TokenKind =
  | 'string'
  | 'int'
  | 'decimal'
  | 'ident'
  | 'comment'
  | 'punct'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** For strings: the unescaped value; for comments: the text after `#`; else the lexeme. */
  value: string;
  /** Exactly as written, for numbers whose canonical form is their source text. */
  raw: string;
  line: number;
  column: number;
  /** True when only whitespace precedes the token on its line (a comment on a line of its own). */
  startsLine: boolean;
}

export interface SyntaxIssue {
  line: number;
  column: number;
  message: string;
}

const PUNCTUATION = ['>=', '<=', '!=', '=', '>', '<', '!', '[', ']', '(', ')', '{', '}', ',', ':', '-', '+', '*', '/', '$'];

function isIdentChar(ch: string): boolean {
  return /[A-Za-z0-9_.]/.test(ch);
}

export function tokenize(text: string): { tokens: Token[]; errors: SyntaxIssue[] } {
  const tokens: Token[] = [];
  const errors: SyntaxIssue[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  let lineHasToken = false;

  const advance = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (text[i] === '\n') {
        line++;
        column = 1;
        lineHasToken = false;
      } else {
        column++;
      }
      i++;
    }
  };
  const push = (kind: TokenKind, value: string, raw: string, l: number, c: number): void => {
    tokens.push({ kind, value, raw, line: l, column: c, startsLine: !lineHasToken });
    lineHasToken = true;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      advance(1);
      continue;
    }
    const l = line;
    const c = column;
    if (ch === '#') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      const raw = text.slice(i, end).replace(/\r$/, '');
      push('comment', raw.slice(1), raw, l, c);
      advance(end - i);
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        const cj = text[j]!;
        if (cj === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (cj === '"') {
          closed = true;
          break;
        }
        if (cj === '\n') break;
        value += cj;
        j++;
      }
      if (!closed) {
        errors.push({ line: l, column: c, message: 'unterminated string: a quoted string must close on the same line' });
        advance(j - i);
        continue;
      }
      push('string', value, text.slice(i, j + 1), l, c);
      advance(j + 1 - i);
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i, i + 64))!;
      const after = text[i + m[0].length];
      if (after !== undefined && isIdentChar(after) && after !== '.') {
        // Identifiers may start with a digit in DQDL (e.g. a column named 2fa_enabled).
        const id = /^[A-Za-z0-9_.]+/.exec(text.slice(i))![0];
        push('ident', id, id, l, c);
        advance(id.length);
        continue;
      }
      push(m[1] ? 'decimal' : 'int', m[0], m[0], l, c);
      advance(m[0].length);
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const id = /^[A-Za-z0-9_.]+/.exec(text.slice(i))![0];
      // `now()` is one keyword in the grammar; keep the identifier and let the parser see `(`.
      push('ident', id, id, l, c);
      advance(id.length);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) {
      push('punct', punct, punct, l, c);
      advance(punct.length);
      continue;
    }
    errors.push({ line: l, column: c, message: `unexpected character ${JSON.stringify(ch)}` });
    advance(1);
  }
  tokens.push({ kind: 'eof', value: '', raw: '', line, column, startsLine: !lineHasToken });
  return { tokens, errors };
}

/**
 * Quotes a string so that `tokenize` reads back the same value. A backslash is escaped only
 * where the lexer would otherwise read it as an escape (before `"` or `\`, or at the end), so
 * regular expressions like `"\d+"` keep their familiar spelling.
 */
export function quote(value: string): string {
  let out = '';
  for (let k = 0; k < value.length; k++) {
    const ch = value[k]!;
    const next = value[k + 1];
    if (ch === '"') out += '\\"';
    else if (ch === '\\' && (next === undefined || next === '"' || next === '\\')) out += '\\\\';
    else out += ch;
  }
  return `"${out}"`;
}
