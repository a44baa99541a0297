/**
 * Conditions and their operands, after the DQDL grammar: comparisons, `between ... and ...`,
 * `in [...]`, `matches "re"` (each optionally negated with `not` or `!`), and operands that are
 * numbers (with arithmetic and function calls, for dynamic rules), quoted strings, NULL /
 * EMPTY / WHITESPACES_ONLY, `now()` and `(now() - N days)`, durations, sizes and `$variables`.
 */
import type { ComparisonOp, Condition, DurationUnit, NumberExpr, Operand, SizeUnit } from './ast';
import { TokenCursor } from './cursor';

const DURATION_UNITS: readonly string[] = ['days', 'hours', 'minutes'];
const SIZE_UNITS: readonly string[] = ['B', 'KB', 'MB', 'GB', 'TB'];
const COMPARISONS: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];

export class ExpressionParser extends TokenCursor {
  protected startsCondition(): boolean {
    const token = this.peek();
    if (token.kind === 'punct') return COMPARISONS.includes(token.value) || token.value === '!';
    return this.isWord('between') || this.isWord('not') || this.isWord('in') || this.isWord('matches');
  }

  protected parseCondition(): Condition {
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

  protected expectIdent(what: string): string {
    const token = this.peek();
    if (token.kind !== 'ident') this.fail(`expected ${what}`);
    return this.next().value;
  }

  protected parseOperand(): Operand {
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

  protected parseNow(): void {
    this.next();
    this.expect('(');
    this.expect(')');
  }

  protected parseAdditive(): NumberExpr {
    let left = this.parseMultiplicative();
    while (this.is('+') || this.is('-')) {
      const op = this.next().value as '+' | '-';
      left = { kind: 'binary', op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  protected parseMultiplicative(): NumberExpr {
    let left = this.parseAtom();
    while (this.is('*') || this.is('/')) {
      const op = this.next().value as '*' | '/';
      left = { kind: 'binary', op, left, right: this.parseAtom() };
    }
    return left;
  }

  protected parseAtom(): NumberExpr {
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
