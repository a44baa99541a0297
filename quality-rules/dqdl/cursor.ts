/**
 * The parser's view of the token stream: code tokens with one-token lookahead, comments set
 * aside (with their positions, for placing them later), and the error list. A syntax error is
 * recorded and thrown as `Recover`, which the rule-list loop catches to resynchronise.
 */
import type { Position } from './ast';
import type { SyntaxIssue, Token } from './lexer';

export class Recover extends Error {}

export class TokenCursor {
  protected readonly tokens: Token[];
  protected pos = 0;
  readonly errors: SyntaxIssue[] = [];
  protected readonly lexErrorLines: Set<number>;
  /** Index of each code token in the full token array, so comments can be placed by position. */
  protected readonly fullIndex: number[];
  readonly comments: Array<{ token: Token; index: number }> = [];

  constructor(
    protected readonly all: Token[],
    lexErrors: SyntaxIssue[],
  ) {
    this.tokens = [];
    this.fullIndex = [];
    all.forEach((token, index) => {
      if (token.kind === 'comment') this.comments.push({ token, index });
      else {
        this.tokens.push(token);
        this.fullIndex.push(index);
      }
    });
    this.errors.push(...lexErrors);
    this.lexErrorLines = new Set(lexErrors.map((e) => e.line));
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  protected next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  protected is(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === 'punct' || token.kind === 'ident') && token.value === value;
  }

  protected isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.value.toLowerCase() === word;
  }

  protected describe(token: Token): string {
    if (token.kind === 'eof') return 'end of file';
    if (token.kind === 'string') return `string ${token.raw}`;
    return `'${token.raw}'`;
  }

  protected fail(message: string, token = this.peek()): never {
    this.errors.push({ line: token.line, column: token.column, message: `${message}, found ${this.describe(token)}` });
    throw new Recover();
  }

  protected expect(value: string, what = `'${value}'`): Token {
    if (!this.is(value)) this.fail(`expected ${what}`);
    return this.next();
  }

  protected position(token: Token): Position {
    return { line: token.line, column: token.column };
  }

  tokenAt(fullIndex: number): Token {
    return this.all[fullIndex]!;
  }

  fullIndexOf(codePos: number): number {
    return this.fullIndex[Math.min(codePos, this.fullIndex.length - 1)]!;
  }

}
