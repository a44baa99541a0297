/**
 * A ColumnValues condition compiled to a per-row test, with the NULL handling of Deequ's
 * DQDL translation (which states each case as SQL, where NULL compares as unknown = fails):
 *   - `= x`, `> x`, `between`, `in [...]`, `matches`: a NULL value fails;
 *   - `!= x` and `not in [...]`: a NULL value passes (SQL `col IS NULL OR col NOT IN ...`),
 *     unless NULL is among the operands, in which case it fails;
 *   - `= NULL` / `in [NULL, ...]` accept NULLs; `EMPTY` is '' and `WHITESPACES_ONLY` is a
 *     non-empty string of blanks; `between` is exclusive; `matches` must match the whole value.
 * Dates compare by day (Deequ applies `to_date`); `now()` is evaluated once, when compiled.
 */
import type { Condition, Operand } from '../dqdl/ast';
import type { ChunkReader } from './columns';
import { numberOf } from './conditions';
import { RuleEvaluationError } from './types';
import type { ColumnKind } from '../load/schema';

export type RowTest = (reader: ChunkReader, i: number) => boolean;

const MS_PER_DAY = 86_400_000;
const NUMERIC: readonly ColumnKind[] = ['bigint', 'int', 'smallint', 'tinyint', 'double', 'float'];

function isKeyword(operand: Operand, keyword: 'NULL' | 'EMPTY' | 'WHITESPACES_ONLY'): boolean {
  return (operand.kind === 'keyword' && operand.keyword === keyword) || (keyword === 'NULL' && operand.kind === 'num' && operand.expr.kind === 'null');
}

function dayOf(operand: Operand, now: number): number {
  if (operand.kind === 'string' && /^\d{4}-\d{2}-\d{2}/.test(operand.value)) {
    return Math.floor(Date.parse(`${operand.value.slice(0, 10)}T00:00:00Z`) / MS_PER_DAY);
  }
  if (operand.kind === 'now') {
    const offset = operand.offset;
    const unitMs = offset ? { days: MS_PER_DAY, hours: 3_600_000, minutes: 60_000 }[offset.unit] : 0;
    const ms = offset ? now + (offset.sign === '+' ? 1 : -1) * offset.amount * unitMs : now;
    return Math.floor(ms / MS_PER_DAY);
  }
  throw new RuleEvaluationError('expected a date ("yyyy-MM-dd", now() or (now() - N days)) in a condition on a date column');
}

function numberOperand(operand: Operand, kind: ColumnKind): number {
  if (operand.kind === 'num') return numberOf(operand.expr);
  if (operand.kind === 'string' && operand.value.trim() !== '' && !Number.isNaN(Number(operand.value))) return Number(operand.value);
  throw new RuleEvaluationError(`cannot compare a ${kind} column with ${operand.kind === 'string' ? JSON.stringify(operand.value) : operand.kind}`);
}

/** Values of one column kind, as numbers (numeric, dates by day) or text. */
function valueAccess(kind: ColumnKind, operands: Operand[], now: number): { read: (r: ChunkReader, i: number) => number | string; operand: (o: Operand) => number | string } {
  const temporal = kind === 'date' || kind === 'timestamp';
  const anyDateOperand = operands.some((o) => o.kind === 'now' || (o.kind === 'string' && /^\d{4}-\d{2}-\d{2}/.test(o.value)));
  if (temporal && (anyDateOperand || operands.every((o) => o.kind !== 'num'))) {
    const read = kind === 'date' ? (r: ChunkReader, i: number) => r.number(i) : (r: ChunkReader, i: number) => Math.floor(r.number(i) / MS_PER_DAY);
    return { read, operand: (o) => dayOf(o, now) };
  }
  if (NUMERIC.includes(kind) || temporal || kind === 'boolean') {
    return { read: (r, i) => r.number(i), operand: (o) => numberOperand(o, kind) };
  }
  return {
    read: (r, i) => r.text(i),
    operand: (o) => {
      if (o.kind === 'string') return o.value;
      throw new RuleEvaluationError(`cannot compare a ${kind} column with ${o.kind === 'num' ? 'a number' : o.kind}; quote the value`);
    },
  };
}

export function compileRowTest(condition: Condition, kind: ColumnKind, now = Date.now()): RowTest {
  const operands = condition.kind === 'compare' ? [condition.operand] : condition.kind === 'between' ? [condition.low, condition.high] : condition.kind === 'in' && Array.isArray(condition.values) ? condition.values : [];
  if (condition.kind === 'in' && !Array.isArray(condition.values)) {
    throw new RuleEvaluationError(`variable $${condition.values.variable} is not defined in this document`);
  }
  if (condition.kind === 'matches') {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${condition.pattern})$`);
    } catch (error) {
      throw new RuleEvaluationError(`invalid regular expression ${JSON.stringify(condition.pattern)}: ${(error as Error).message}`);
    }
    return condition.negated ? (r, i) => r.isValid(i) && !regex.test(r.text(i)) : (r, i) => r.isValid(i) && regex.test(r.text(i));
  }

  const hasNull = operands.some((o) => isKeyword(o, 'NULL'));
  const hasEmpty = operands.some((o) => isKeyword(o, 'EMPTY'));
  const hasBlank = operands.some((o) => isKeyword(o, 'WHITESPACES_ONLY'));
  const values = operands.filter((o) => !isKeyword(o, 'NULL') && !isKeyword(o, 'EMPTY') && !isKeyword(o, 'WHITESPACES_ONLY'));
  const access = valueAccess(kind, values, now);
  const targets = values.map(access.operand);
  const read = access.read;
  const isBlank = (r: ChunkReader, i: number): boolean => {
    const text = r.text(i);
    return text.length > 0 && text.trim().length === 0;
  };
  // Positive membership: the value is one of the listed values or keywords.
  const member: RowTest = (r, i) => {
    if (!r.isValid(i)) return hasNull;
    if (hasEmpty && r.text(i) === '') return true;
    if (hasBlank && isBlank(r, i)) return true;
    if (targets.length === 0) return false;
    const v = read(r, i);
    return targets.includes(v);
  };
  // Negated membership: every listed keyword and value is excluded; a NULL value passes
  // unless NULL itself is listed, and fails an EMPTY/WHITESPACES_ONLY test as SQL would.
  const nonMember: RowTest = (r, i) => {
    if (!r.isValid(i)) return !hasNull && !hasEmpty && !hasBlank;
    if (hasEmpty && r.text(i) === '') return false;
    if (hasBlank && isBlank(r, i)) return false;
    return targets.length === 0 || !targets.includes(read(r, i));
  };

  switch (condition.kind) {
    case 'in':
      return condition.negated ? nonMember : member;
    case 'compare': {
      if (condition.op === '=') return member;
      if (condition.op === '!=') return nonMember;
      if (hasNull || hasEmpty || hasBlank) throw new RuleEvaluationError(`${condition.op} cannot compare with a keyword`);
      const target = targets[0]!;
      const op = condition.op;
      return (r, i) => {
        if (!r.isValid(i)) return false;
        const v = read(r, i);
        if (op === '>') return v > target;
        if (op === '>=') return v >= target;
        if (op === '<') return v < target;
        return v <= target;
      };
    }
    case 'between': {
      const [low, high] = targets as [number | string, number | string];
      return condition.negated
        ? (r, i) => r.isValid(i) && (read(r, i) <= low || read(r, i) >= high)
        : (r, i) => {
            if (!r.isValid(i)) return false;
            const v = read(r, i);
            return v > low && v < high;
          };
    }
  }
}
