import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimpleRule } from './ast';
import { DqdlSyntaxError, parseDqdl, tryParseDqdl } from './parser';
import { printDocument, printRule } from './printer';

const STEDI_DIR = path.join(__dirname, '..', 'stedi');

function firstRule(text: string): SimpleRule {
  const rule = parseDqdl(`Rules = [ ${text} ]`).rules![0]!.rule;
  if (rule.kind !== 'rule') throw new Error('expected a simple rule');
  return rule;
}

describe('DQDL parser', () => {
  it('reads rule types, parameters, conditions, where and threshold', () => {
    const rule = firstRule('ColumnValues "country" in ["US", "CA", NULL] where "age > 18" with threshold >= 0.9');
    expect(rule.ruleType).toBe('ColumnValues');
    expect(rule.parameters).toEqual([{ value: 'country', quoted: true }]);
    expect(rule.condition).toEqual({
      kind: 'in',
      negated: false,
      values: [
        { kind: 'string', value: 'US' },
        { kind: 'string', value: 'CA' },
        { kind: 'keyword', keyword: 'NULL' },
      ],
    });
    expect(rule.where).toBe('age > 18');
    expect(rule.tags).toEqual([{ name: 'threshold', condition: { kind: 'compare', op: '>=', operand: { kind: 'num', expr: { kind: 'number', raw: '0.9', value: 0.9 } } } }]);
  });

  it('reads negated conditions, regexes, dates, durations and bare identifiers', () => {
    expect(firstRule('ColumnValues "n" not between -1.5 and 10').condition).toMatchObject({ kind: 'between', negated: true, low: { expr: { value: -1.5 } }, high: { expr: { value: 10 } } });
    expect(firstRule('ColumnValues "s" not in ["a"]').condition).toMatchObject({ kind: 'in', negated: true });
    expect(firstRule('ColumnValues "s" != EMPTY').condition).toEqual({ kind: 'compare', op: '!=', operand: { kind: 'keyword', keyword: 'EMPTY' } });
    expect(firstRule('ColumnValues "s" matches "\\d+-[a-z]"').condition).toEqual({ kind: 'matches', negated: false, pattern: '\\d+-[a-z]' });
    expect(firstRule('ColumnValues "d" > (now() - 3 days)').condition).toEqual({
      kind: 'compare',
      op: '>',
      operand: { kind: 'now', offset: { sign: '-', amount: 3, unit: 'days' } },
    });
    expect(firstRule('DataFreshness "t" <= 24 hours').condition).toEqual({ kind: 'compare', op: '<=', operand: { kind: 'duration', amount: 24, unit: 'hours' } });
    expect(firstRule('IsComplete email').parameters).toEqual([{ value: 'email', quoted: false }]);
    expect(firstRule('ColumnCorrelation "a" and "b" > 0.5').parameters).toEqual([
      { value: 'a', quoted: true },
      { value: 'b', quoted: true, connector: 'and' },
    ]);
  });

  it('binds and tighter than or in composite rules', () => {
    const rule = parseDqdl('Rules = [ (IsComplete "a") and (IsUnique "b") or (RowCount > 1) ]').rules![0]!.rule;
    expect(rule).toMatchObject({ kind: 'composite', operator: 'or', rules: [{ kind: 'composite', operator: 'and' }, { kind: 'rule', ruleType: 'RowCount' }] });
    expect(printRule(rule)).toBe('((IsComplete "a") and (IsUnique "b")) or (RowCount > 1)');
  });

  it('reads levels from # level: comments and keeps other comments', () => {
    const doc = parseDqdl(['Rules = [', '    # why it matters', '    # level: warning', '    RowCount > 0,', '    IsComplete "a" # level: warning', ']'].join('\n'));
    expect(doc.rules!.map((r) => [r.level, r.comments])).toEqual([
      ['warning', [' why it matters']],
      ['warning', []],
    ]);
  });

  it('rejects an unknown level', () => {
    const { errors } = tryParseDqdl('Rules = [\n    # level: fatal\n    RowCount > 0\n]');
    expect(errors).toEqual([{ line: 2, column: 5, message: "unknown level 'fatal': use # level: error or # level: warning" }]);
  });

  it('reports every syntax error of a ruleset with line and column', () => {
    const text = [
      'Rules = [',
      '    IsComplete "email",',
      '    ColumnValues "age" between 1 10,',
      '    RowCount >,',
      '    IsUnique "id"',
      '    Completeness "email" > 0.9',
      ']',
    ].join('\n');
    let error: unknown;
    try {
      parseDqdl(text, 'broken.dqdl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DqdlSyntaxError);
    const issues = (error as DqdlSyntaxError).issues;
    expect(issues.map((i) => `${i.line}:${i.column}`)).toEqual(['3:34', '4:15', '6:5']);
    expect(issues[0]!.message).toContain("expected 'and' in between ... and ...");
    expect(issues[1]!.message).toContain('expected a value');
    expect(issues[2]!.message).toContain("expected ',' between rules");
    expect((error as DqdlSyntaxError).message).toContain('broken.dqdl:3:34');
    expect((error as DqdlSyntaxError).code).toBe('DQDL_SYNTAX');
  });

  it('reports an unclosed bracket without swallowing the rules after it', () => {
    const { errors } = tryParseDqdl('Rules = [\n    (IsComplete "a") and (IsUnique "b",\n    ColumnValues "c" in ["x" "y"],\n    RowCount > 0\n]');
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
  });

  it('reports an unterminated string once', () => {
    const { errors } = tryParseDqdl('Rules = [\n    IsComplete "email,\n    RowCount > 0\n]');
    expect(errors).toEqual([{ line: 2, column: 16, message: 'unterminated string: a quoted string must close on the same line' }]);
  });

  it('requires a Rules section', () => {
    expect(tryParseDqdl('# nothing here\n').errors[0]!.message).toContain('Rules = [ ... ]');
  });
});

describe('DQDL printer round trip', () => {
  const files = fs.readdirSync(STEDI_DIR).filter((f) => f.endsWith('.dqdl'));

  it.each(files)('reproduces the STEDI ruleset %s exactly', (file) => {
    const text = fs.readFileSync(path.join(STEDI_DIR, file), 'utf8');
    expect(printDocument(parseDqdl(text, file))).toBe(text);
  });

  it('reproduces a document using every section and construct', () => {
    const text = [
      '# Example ruleset',
      '',
      'Metadata = {',
      '    "Version": "1.0"',
      '}',
      '',
      'DataSources = {',
      '    "Primary": "orders",',
      '    "AdditionalDataSources": [ "customers" ]',
      '}',
      '',
      'countries = ["US", "CA"]',
      '',
      'Rules = [',
      '    RowCount between 10 and 100,',
      '    # level: warning',
      '    IsComplete "email" where "age > 3",',
      '    ColumnValues "country" in $countries,',
      '    ColumnValues "x" in ["a", "b", NULL] with threshold > 0.9,',
      '    ((IsUnique "a") and (ColumnValues "b" > -5)) or (Completeness "c" >= 0.95),',
      '    ColumnValues "d" not between 1.5 and (2 + 3),',
      '    ColumnValues "e" matches "[a-z]+\\d",',
      '    ColumnValues "s" != WHITESPACES_ONLY,',
      '    DataFreshness "ts" <= 24 hours,',
      '    ColumnValues "dt" > (now() - 3 days),',
      '    RowCount > avg(last(10)) * 0.8,',
      '    ReferentialIntegrity "user" "customer_trusted.email" = 1.0,',
      '    CustomSql "select count(*) from primary where \\"q\\" = 1" = 0',
      '    # trailing note',
      ']',
      '',
      'Analyzers = [',
      '    RowCount,',
      '    Completeness "email"',
      ']',
      '',
    ].join('\n');
    const { document, errors } = tryParseDqdl(text);
    expect(errors).toEqual([]);
    expect(printDocument(document)).toBe(text);
  });

  it('prints a parsed document that parses back to the same tree', () => {
    const messy = 'Rules=[IsComplete "a",(RowCount>1)AND(IsUnique "b"),ColumnValues "c" in [1,2]]';
    const once = printDocument(parseDqdl(messy));
    expect(parseDqdl(once)).toEqual(parseDqdl(printDocument(parseDqdl(once))));
    expect(once).toBe('Rules = [\n    IsComplete "a",\n    (RowCount > 1) and (IsUnique "b"),\n    ColumnValues "c" in [1, 2]\n]\n');
  });
});
