/**
 * A hand-written recursive-descent parser for DQDL, following the public ANTLR grammar of
 * awslabs/dqdl. It never stops at the first mistake: a bad rule is recorded with line and
 * column, the parser skips to the next `,` or `]` at the rule's nesting depth, and goes on,
 * so a ruleset with three mistakes reports three errors.
 *
 * Our one extension lives in comments, so the text stays valid DQDL for AWS: a comment line
 * `# level: warning` (or `error`) sets the level of the rule that follows it (comments.ts).
 */
import type {
  AnalyzerEntry,
  DictValue,
  DqdlDocument,
  Operand,
  Parameter,
  RuleEntry,
  RuleExpr,
  SimpleRule,
  Tag,
  VariableDeclaration,
} from './ast';
import { isKnownRuleType } from './catalogue';
import { placeComments } from './comments';
import { Recover } from './cursor';
import { ExpressionParser } from './expressions';
import { tokenize, type SyntaxIssue, type Token } from './lexer';
import { DqdlSyntaxError } from './syntax-error';

export type { SyntaxIssue } from './lexer';
export { DqdlSyntaxError } from './syntax-error';

/** Words that end a rule's parameter list. */
const RULE_KEYWORDS = new Set(['between', 'in', 'not', 'matches', 'where', 'with', 'and', 'or', 'AND', 'OR', 'BETWEEN']);

export class Parser extends ExpressionParser {
  readonly entrySpans: Array<{ entry: RuleEntry | AnalyzerEntry; start: number; end: number }> = [];
  rulesSpan?: { open: number; close: number };
  analyzersSpan?: { open: number; close: number };


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

  protected parseDictionarySection(): Array<[string, DictValue]> {
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

  protected parseVariable(): VariableDeclaration {
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

  protected parseList<T extends RuleEntry | AnalyzerEntry>(section: string, parseEntry: () => T): T[] {
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
  protected skipRule(start: number): 'separator' | 'resync' | 'eof' {
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

  protected depthChange(token: Token): number {
    if (token.kind !== 'punct') return 0;
    if (token.value === '(' || token.value === '[' || token.value === '{') return 1;
    if (token.value === ')' || token.value === ']' || token.value === '}') return -1;
    return 0;
  }

  protected parseRuleEntry(): RuleEntry {
    const first = this.peek();
    const rule = this.parseOr();
    return { rule, level: 'error', comments: [], levelAnnotated: false, position: this.position(first) };
  }

  protected parseAnalyzerEntry(): AnalyzerEntry {
    const first = this.peek();
    if (first.kind !== 'ident') this.fail('expected an analyzer type');
    this.next();
    return { analyzerType: first.value, parameters: this.parseParameters(), comments: [], position: this.position(first) };
  }

  // ---- rules -------------------------------------------------------------------------

  protected parseOr(): RuleExpr {
    const first = this.peek();
    const members = [this.parseAnd()];
    while (this.isWord('or')) {
      this.next();
      members.push(this.parseAnd());
    }
    return members.length === 1 ? members[0]! : { kind: 'composite', operator: 'or', rules: members, position: this.position(first) };
  }

  protected parseAnd(): RuleExpr {
    const first = this.peek();
    const members = [this.parsePrimary()];
    while (this.isWord('and')) {
      this.next();
      members.push(this.parsePrimary());
    }
    return members.length === 1 ? members[0]! : { kind: 'composite', operator: 'and', rules: members, position: this.position(first) };
  }

  protected parsePrimary(): RuleExpr {
    if (this.is('(')) {
      this.next();
      const inner = this.parseOr();
      this.expect(')', "')' to close the parenthesised rule");
      return inner;
    }
    return this.parseSimpleRule();
  }

  protected parseSimpleRule(): SimpleRule {
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

  protected parseParameters(): Parameter[] {
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
  protected isBareParameter(token: Token): boolean {
    if (RULE_KEYWORDS.has(token.value)) return false;
    if (['NULL', 'null', 'EMPTY', 'empty', 'WHITESPACES_ONLY', 'whitespaces_only', 'now'].includes(token.value)) return false;
    return !(isKnownRuleType(token.value) && token.startsLine);
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
