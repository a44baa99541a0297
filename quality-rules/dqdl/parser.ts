/**
 * A hand-written recursive-descent parser for DQDL, following the public ANTLR grammar of
 * awslabs/dqdl. It never stops at the first mistake: a bad rule is recorded with line and
 * column, the parser skips to the next `,` or `]` at the rule's nesting depth, and goes on,
 * so a ruleset with three mistakes reports three errors.
 *
 * Our one extension lives in comments, so the text stays valid DQDL for AWS: a comment line
 * `# level: warning` (or `error`) sets the level of the rule that follows it.
 */
import { InputError } from '../../common/errors';
import type {
  AnalyzerEntry,
  ComparisonOp,
  Condition,
  DictValue,
  DqdlDocument,
  DurationUnit,
  NumberExpr,
  Operand,
  Parameter,
  Position,
  RuleEntry,
  RuleExpr,
  SimpleRule,
  SizeUnit,
  Tag,
  VariableDeclaration,
} from './ast';
import { isKnownRuleType } from './catalogue';
import { tokenize, type SyntaxIssue, type Token } from './lexer';

export type { SyntaxIssue } from './lexer';

/** Every syntax error of one DQDL text, reported together. */
export class DqdlSyntaxError extends InputError {
  readonly issues: SyntaxIssue[];
  readonly file: string;
  constructor(file: string, issues: SyntaxIssue[]) {
    const n = issues.length;
    super(
      'DQDL_SYNTAX',
      `${file}: ${n} DQDL syntax error${n === 1 ? '' : 's'}:\n` +
        issues.map((issue) => `  ${file}:${issue.line}:${issue.column}: ${issue.message}`).join('\n'),
    );
    this.issues = issues;
    this.file = file;
  }
}

const DURATION_UNITS: readonly string[] = ['days', 'hours', 'minutes'];
const SIZE_UNITS: readonly string[] = ['B', 'KB', 'MB', 'GB', 'TB'];
const COMPARISONS: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];
/** Words that end a rule's parameter list. */
const RULE_KEYWORDS = new Set(['between', 'in', 'not', 'matches', 'where', 'with', 'and', 'or', 'AND', 'OR', 'BETWEEN']);
const LEVEL_ANNOTATION = /^\s*level\s*:\s*(\S*)\s*$/i;

class Recover extends Error {}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  readonly errors: SyntaxIssue[] = [];
  private readonly lexErrorLines: Set<number>;
  /** Index of each code token in the full token array, so comments can be placed by position. */
  private readonly fullIndex: number[];
  readonly comments: Array<{ token: Token; index: number }> = [];
  readonly entrySpans: Array<{ entry: RuleEntry | AnalyzerEntry; start: number; end: number }> = [];
  rulesSpan?: { open: number; close: number };
  analyzersSpan?: { open: number; close: number };

  constructor(
    private readonly all: Token[],
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

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  private is(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === 'punct' || token.kind === 'ident') && token.value === value;
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.value.toLowerCase() === word;
  }

  private describe(token: Token): string {
    if (token.kind === 'eof') return 'end of file';
    if (token.kind === 'string') return `string ${token.raw}`;
    return `'${token.raw}'`;
  }

  private fail(message: string, token = this.peek()): never {
    this.errors.push({ line: token.line, column: token.column, message: `${message}, found ${this.describe(token)}` });
    throw new Recover();
  }

  private expect(value: string, what = `'${value}'`): Token {
    if (!this.is(value)) this.fail(`expected ${what}`);
    return this.next();
  }

  private position(token: Token): Position {
    return { line: token.line, column: token.column };
  }

  tokenAt(fullIndex: number): Token {
    return this.all[fullIndex]!;
  }

  fullIndexOf(codePos: number): number {
    return this.fullIndex[Math.min(codePos, this.fullIndex.length - 1)]!;
  }

  // ---- document ----------------------------------------------------------------------

  parseDocument(): Omit<DqdlDocument, 'headerComments' | 'rulesTrailingComments' | 'trailingComments'> {
    const doc: Omit<DqdlDocument, 'headerComments' | 'rulesTrailingComments' | 'trailingComments'> = {
      variables: [],
      rules: undefined,
      analyzers: undefined,
    };
    while (this.peek().kind !== 'eof') {
      const start = this.pos;
      try {
        const token = this.peek();
        if (token.kind !== 'ident' || !this.is('=', 1)) {
          this.fail("expected a section ('Rules = [', 'Analyzers = [', 'Metadata = {', 'DataSources = {')");
        }
        if (token.value === 'Metadata') doc.metadata = this.parseDictionarySection();
        else if (token.value === 'DataSources') doc.dataSources = this.parseDictionarySection();
        else if (token.value === 'Rules') doc.rules = this.parseList('Rules', () => this.parseRuleEntry());
        else if (token.value === 'Analyzers') doc.analyzers = this.parseList('Analyzers', () => this.parseAnalyzerEntry());
        else doc.variables.push(this.parseVariable());
      } catch (error) {
        if (!(error instanceof Recover)) throw error;
        // Skip to the next line that starts with an identifier: the likely next section.
        if (this.pos === start) this.next();
        while (this.peek().kind !== 'eof' && !(this.peek().startsLine && this.peek().kind === 'ident')) this.next();
      }
    }
    if (!doc.rules && !doc.analyzers && this.errors.length === 0) {
      const eof = this.peek();
      this.errors.push({ line: eof.line, column: eof.column, message: 'a DQDL document needs a Rules = [ ... ] section' });
    }
    return doc;
  }

  private parseDictionarySection(): Array<[string, DictValue]> {
    this.next();
    this.expect('=');
    this.expect('{');
    const pairs: Array<[string, DictValue]> = [];
    do {
      const key = this.peek();
      if (key.kind !== 'string') this.fail('expected a quoted key');
      this.next();
      this.expect(':');
      if (this.is('[')) {
        this.next();
        const values: string[] = [];
        do {
          const value = this.peek();
          if (value.kind !== 'string') this.fail('expected a quoted string');
          values.push(this.next().value);
        } while (this.is(',') && this.next());
        this.expect(']');
        pairs.push([key.value, values]);
      } else {
        const value = this.peek();
        if (value.kind !== 'string') this.fail('expected a quoted string or [ ... ]');
        pairs.push([key.value, this.next().value]);
      }
    } while (this.is(',') && this.next());
    this.expect('}');
    return pairs;
  }

  private parseVariable(): VariableDeclaration {
    const name = this.next().value;
    this.expect('=');
    if (this.is('[')) {
      this.next();
      const values: Operand[] = [this.parseOperand()];
      while (this.is(',')) {
        this.next();
        values.push(this.parseOperand());
      }
      this.expect(']');
      return { name, value: values };
    }
    return { name, value: this.parseOperand() };
  }

  private parseList<T extends RuleEntry | AnalyzerEntry>(section: string, parseEntry: () => T): T[] {
    this.next();
    this.expect('=');
    const open = this.pos;
    this.expect('[', `'[' to open the ${section} list`);
    const entries: T[] = [];
    if (!this.is(']')) {
      for (;;) {
        const start = this.pos;
        try {
          const entry = parseEntry();
          entries.push(entry);
          this.entrySpans.push({ entry, start: this.fullIndexOf(start), end: this.fullIndexOf(this.pos - 1) });
        } catch (error) {
          if (!(error instanceof Recover)) throw error;
          if (this.skipRule(start) === 'resync') continue;
        }
        if (this.is(',')) {
          this.next();
          continue;
        }
        if (this.is(']') || this.peek().kind === 'eof') break;
        // Two rules with no comma between them: report it once and read on from the next rule.
        const previous = this.tokens[this.pos - 1]!;
        if (!this.lexErrorLines.has(previous.line)) {
          const token = this.peek();
          this.errors.push({
            line: token.line,
            column: token.column,
            message: `expected ',' between rules or ']' to close the ${section} list, found ${this.describe(token)}`,
          });
        }
        if (!(this.peek().startsLine && this.peek().kind === 'ident')) this.skipRule(this.pos);
        if (this.is(',')) this.next();
        if (this.is(']') || this.peek().kind === 'eof') break;
      }
    }
    const close = this.pos;
    try {
      this.expect(']', `']' to close the ${section} list`);
    } catch (error) {
      if (!(error instanceof Recover)) throw error;
    }
    const span = { open: this.fullIndexOf(open), close: this.fullIndexOf(close) };
    if (section === 'Rules') this.rulesSpan = span;
    else this.analyzersSpan = span;
    return entries;
  }

  /**
   * Skips the rest of a broken rule: to the `,` or `]` at the rule's own bracket depth, or to
   * a line that starts a new rule (an unclosed bracket must not swallow the rules after it).
   * Returns 'resync' when it stopped at such a line.
   */
  private skipRule(start: number): 'separator' | 'resync' | 'eof' {
    let depth = 0;
    for (let k = start; k < this.pos; k++) depth += this.depthChange(this.tokens[k]!);
    const errorLine = this.tokens[Math.max(start, this.pos - 1)]!.line;
    while (this.peek().kind !== 'eof') {
      const token = this.peek();
      if (depth <= 0 && (this.is(',') || this.is(']'))) return 'separator';
      const startsRule = token.startsLine && token.line > errorLine && ((token.kind === 'ident' && isKnownRuleType(token.value)) || this.is('('));
      if (startsRule) return 'resync';
      depth += this.depthChange(token);
      this.next();
    }
    return 'eof';
  }

  private depthChange(token: Token): number {
    if (token.kind !== 'punct') return 0;
    if (token.value === '(' || token.value === '[' || token.value === '{') return 1;
    if (token.value === ')' || token.value === ']' || token.value === '}') return -1;
    return 0;
  }

  private parseRuleEntry(): RuleEntry {
    const first = this.peek();
    const rule = this.parseOr();
    return { rule, level: 'error', comments: [], levelAnnotated: false, position: this.position(first) };
  }

  private parseAnalyzerEntry(): AnalyzerEntry {
    const first = this.peek();
    if (first.kind !== 'ident') this.fail('expected an analyzer type');
    this.next();
    return { analyzerType: first.value, parameters: this.parseParameters(), comments: [], position: this.position(first) };
  }

  // ---- rules -------------------------------------------------------------------------

  private parseOr(): RuleExpr {
    const first = this.peek();
    const members = [this.parseAnd()];
    while (this.isWord('or')) {
      this.next();
      members.push(this.parseAnd());
    }
    return members.length === 1 ? members[0]! : { kind: 'composite', operator: 'or', rules: members, position: this.position(first) };
  }

  private parseAnd(): RuleExpr {
    const first = this.peek();
    const members = [this.parsePrimary()];
    while (this.isWord('and')) {
      this.next();
      members.push(this.parsePrimary());
    }
    return members.length === 1 ? members[0]! : { kind: 'composite', operator: 'and', rules: members, position: this.position(first) };
  }

  private parsePrimary(): RuleExpr {
    if (this.is('(')) {
      this.next();
      const inner = this.parseOr();
      this.expect(')', "')' to close the parenthesised rule");
      return inner;
    }
    return this.parseSimpleRule();
  }

  private parseSimpleRule(): SimpleRule {
    const typeToken = this.peek();
    if (typeToken.kind !== 'ident') this.fail('expected a rule type such as IsComplete or RowCount');
    this.next();
    const rule: SimpleRule = {
      kind: 'rule',
      ruleType: typeToken.value,
      parameters: this.parseParameters(),
      tags: [],
      position: this.position(typeToken),
    };
    if (this.startsCondition()) rule.condition = this.parseCondition();
    for (;;) {
      if (this.isWord('where') && rule.where === undefined) {
        this.next();
        const predicate = this.peek();
        if (predicate.kind !== 'string') this.fail('expected a quoted SQL predicate after where');
        rule.where = this.next().value;
      } else if (this.isWord('with')) {
        this.next();
        const tag = this.peek();
        if (tag.kind !== 'ident') this.fail("expected a tag name such as 'threshold' after with");
        this.next();
        if (!this.startsCondition()) this.fail(`expected a condition after 'with ${tag.value}'`);
        rule.tags.push({ name: tag.value, condition: this.parseCondition() } satisfies Tag);
      } else break;
    }
    const after = this.peek();
    const endsRule = after.kind === 'eof' || this.is(',') || this.is(']') || this.is(')') || this.isWord('and') || this.isWord('or');
    if (!endsRule && !(after.startsLine && after.kind === 'ident')) {
      this.fail(`unexpected token in ${rule.ruleType} rule (expected a parameter, a condition, where or with)`);
    }
    return rule;
  }

  private parseParameters(): Parameter[] {
    const parameters: Parameter[] = [];
    for (;;) {
      const token = this.peek();
      let connector: Parameter['connector'];
      let offset = 0;
      if (token.kind === 'ident' && (token.value === 'of' || token.value === 'OF' || token.value === 'and' || token.value === 'AND')) {
        const following = this.peek(1);
        const isParam = following.kind === 'string' || (following.kind === 'ident' && this.isBareParameter(following));
        if (!isParam) break;
        connector = token.value.toLowerCase() as 'and' | 'of';
        offset = 1;
      }
      const value = this.peek(offset);
      if (value.kind === 'string') {
        this.pos += offset;
        this.next();
        parameters.push({ value: value.value, quoted: true, ...(connector ? { connector } : {}) });
      } else if (value.kind === 'ident' && this.isBareParameter(value) && !this.is('(', offset + 1)) {
        this.pos += offset;
        this.next();
        parameters.push({ value: value.value, quoted: false, ...(connector ? { connector } : {}) });
      } else break;
    }
    return parameters;
  }

  /** A bare identifier is a parameter unless it is a keyword, or a rule type on a new line (a missing comma). */
  private isBareParameter(token: Token): boolean {
    if (RULE_KEYWORDS.has(token.value)) return false;
    if (['NULL', 'null', 'EMPTY', 'empty', 'WHITESPACES_ONLY', 'whitespaces_only', 'now'].includes(token.value)) return false;
    return !(isKnownRuleType(token.value) && token.startsLine);
  }

  private startsCondition(): boolean {
    const token = this.peek();
    if (token.kind === 'punct') return COMPARISONS.includes(token.value) || token.value === '!';
    return this.isWord('between') || this.isWord('not') || this.isWord('in') || this.isWord('matches');
  }

  private parseCondition(): Condition {
    const negated = this.isWord('not');
    if (negated) this.next();
    if (this.isWord('between')) {
      this.next();
      const low = this.parseOperand();
      if (!this.isWord('and')) this.fail("expected 'and' in between ... and ...");
      this.next();
      return { kind: 'between', negated, low, high: this.parseOperand() };
    }
    if (this.isWord('in')) {
      this.next();
      if (this.is('$')) {
        this.next();
        return { kind: 'in', negated, values: { variable: this.expectIdent('a variable name after $') } };
      }
      this.expect('[', "'[' to open the list of values");
      const values: Operand[] = [];
      if (!this.is(']')) {
        values.push(this.parseOperand());
        while (this.is(',')) {
          this.next();
          values.push(this.parseOperand());
        }
      }
      this.expect(']', "']' to close the list of values");
      return { kind: 'in', negated, values };
    }
    if (this.isWord('matches')) {
      this.next();
      const pattern = this.peek();
      if (pattern.kind !== 'string') this.fail('expected a quoted regular expression after matches');
      this.next();
      return { kind: 'matches', negated, pattern: pattern.value };
    }
    if (negated) this.fail("expected between, in or matches after 'not'");
    let op = this.next().value;
    if (op === '!') {
      this.expect('=', "'=' after '!'");
      op = '!=';
    }
    if (!COMPARISONS.includes(op)) this.fail('expected a comparison (=, !=, >, >=, <, <=), between, in or matches');
    return { kind: 'compare', op: op as ComparisonOp, operand: this.parseOperand() };
  }

  private expectIdent(what: string): string {
    const token = this.peek();
    if (token.kind !== 'ident') this.fail(`expected ${what}`);
    return this.next().value;
  }

  private parseOperand(): Operand {
    const token = this.peek();
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', value: token.value };
    }
    if (token.kind === 'ident') {
      const upper = token.value.toUpperCase();
      if (upper === 'NULL' || upper === 'EMPTY' || upper === 'WHITESPACES_ONLY') {
        if (token.value !== upper && token.value !== token.value.toLowerCase()) this.fail('expected NULL, EMPTY or WHITESPACES_ONLY');
        this.next();
        return { kind: 'keyword', keyword: upper as 'NULL' | 'EMPTY' | 'WHITESPACES_ONLY' };
      }
      if (token.value === 'now' && this.is('(', 1)) {
        this.parseNow();
        return { kind: 'now' };
      }
    }
    if (this.is('$')) {
      this.next();
      return { kind: 'variable', name: this.expectIdent('a variable name after $') };
    }
    if (this.is('(') && this.isWord('now', 1)) {
      this.next();
      this.parseNow();
      const sign = this.peek();
      if (!this.is('-') && !this.is('+')) this.fail("expected '-' or '+' after now()");
      this.next();
      const amount = this.peek();
      if (amount.kind !== 'int') this.fail('expected a whole number of days, hours or minutes');
      this.next();
      const unit = this.peek();
      if (!DURATION_UNITS.includes(unit.value)) this.fail('expected days, hours or minutes');
      this.next();
      this.expect(')');
      return { kind: 'now', offset: { sign: sign.value as '+' | '-', amount: Number(amount.value), unit: unit.value as DurationUnit } };
    }
    if (token.kind === 'int' && this.peek(1).kind === 'ident') {
      const unit = this.peek(1).value;
      if (DURATION_UNITS.includes(unit) || SIZE_UNITS.includes(unit)) {
        this.next();
        this.next();
        return DURATION_UNITS.includes(unit)
          ? { kind: 'duration', amount: Number(token.value), unit: unit as DurationUnit }
          : { kind: 'size', amount: Number(token.value), unit: unit as SizeUnit };
      }
    }
    return { kind: 'num', expr: this.parseAdditive() };
  }

  private parseNow(): void {
    this.next();
    this.expect('(');
    this.expect(')');
  }

  private parseAdditive(): NumberExpr {
    let left = this.parseMultiplicative();
    while (this.is('+') || this.is('-')) {
      const op = this.next().value as '+' | '-';
      left = { kind: 'binary', op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): NumberExpr {
    let left = this.parseAtom();
    while (this.is('*') || this.is('/')) {
      const op = this.next().value as '*' | '/';
      left = { kind: 'binary', op, left, right: this.parseAtom() };
    }
    return left;
  }

  private parseAtom(): NumberExpr {
    const token = this.peek();
    if (this.is('-') && (this.peek(1).kind === 'int' || this.peek(1).kind === 'decimal')) {
      this.next();
      const number = this.next();
      return { kind: 'number', raw: `-${number.raw}`, value: -Number(number.raw) };
    }
    if (token.kind === 'int' || token.kind === 'decimal') {
      this.next();
      return { kind: 'number', raw: token.raw, value: Number(token.raw) };
    }
    if (token.kind === 'ident' && (token.value === 'NULL' || token.value === 'null')) {
      this.next();
      return { kind: 'null' };
    }
    if (token.kind === 'ident' && this.is('(', 1)) {
      this.next();
      this.next();
      const args: NumberExpr[] = [];
      if (!this.is(')')) {
        args.push(this.parseAdditive());
        while (this.is(',')) {
          this.next();
          args.push(this.parseAdditive());
        }
      }
      this.expect(')', `')' to close ${token.value}(`);
      return { kind: 'call', name: token.value, args };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.parseAdditive();
      this.expect(')');
      return { kind: 'paren', inner };
    }
    return this.fail('expected a value (a number, a quoted string, NULL, EMPTY, a date or a duration)');
  }
}

/** Where each comment belongs: header, before a rule, after the last rule, or at the end. */
function placeComments(parser: Parser, doc: DqdlDocument): void {
  const spans = [...parser.entrySpans].sort((a, b) => a.start - b.start);
  for (const { token, index } of parser.comments) {
    const inRules = parser.rulesSpan && index > parser.rulesSpan.open && index < parser.rulesSpan.close;
    const inAnalyzers = parser.analyzersSpan && index > parser.analyzersSpan.open && index < parser.analyzersSpan.close;
    if (!inRules && !inAnalyzers) {
      const beforeFirstSection = !parser.rulesSpan || index < parser.rulesSpan.open;
      (beforeFirstSection ? doc.headerComments : doc.trailingComments).push(token.value);
      if (LEVEL_ANNOTATION.test(token.value)) {
        parser.errors.push({ line: token.line, column: token.column, message: 'a # level: annotation must be on the line before a rule, inside Rules = [ ... ]' });
      }
      continue;
    }
    // A comment after a rule on the same line belongs to that rule; otherwise to the next one.
    const previous = [...spans].reverse().find((s) => s.end < index);
    const sameLine = previous !== undefined && !token.startsLine && parser.tokenAt(previous.end).line === token.line;
    const target = sameLine ? previous : spans.find((s) => s.start > index);
    const closesAt = inRules ? parser.rulesSpan!.close : parser.analyzersSpan!.close;
    if (!target || target.start > closesAt) {
      if (inRules) doc.rulesTrailingComments.push(token.value);
      else doc.trailingComments.push(token.value);
      continue;
    }
    const level = LEVEL_ANNOTATION.exec(token.value);
    if (level && 'level' in target.entry) {
      const value = level[1]!.toLowerCase();
      if (value !== 'error' && value !== 'warning') {
        parser.errors.push({ line: token.line, column: token.column, message: `unknown level '${level[1]}': use # level: error or # level: warning` });
      } else {
        target.entry.level = value;
        target.entry.levelAnnotated = true;
      }
      continue;
    }
    target.entry.comments.push(token.value);
  }
}

export interface ParseResult {
  document: DqdlDocument;
  errors: SyntaxIssue[];
}

/** Parses DQDL text and returns the document with every syntax error found (possibly none). */
export function tryParseDqdl(text: string): ParseResult {
  const { tokens, errors } = tokenize(text);
  const parser = new Parser(tokens, errors);
  const body = parser.parseDocument();
  const document: DqdlDocument = { headerComments: [], rulesTrailingComments: [], trailingComments: [], ...body };
  placeComments(parser, document);
  const sorted = [...parser.errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return { document, errors: sorted };
}

/** Parses DQDL text; throws a DqdlSyntaxError listing every mistake with line:column. */
export function parseDqdl(text: string, file = '<dqdl>'): DqdlDocument {
  const { document, errors } = tryParseDqdl(text);
  if (errors.length > 0) throw new DqdlSyntaxError(file, errors);
  return document;
}
