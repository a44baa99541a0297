/**
 * Canonical DQDL text. Layout follows awslabs/dqdl's DQRuleset.toString (four-space indent,
 * one rule per line, composite members each in parentheses) so the text we print is the text
 * AWS prints; our comment annotations (`# level: warning`) are emitted as DQDL comments,
 * which AWS ignores. `parse(print(doc))` yields the same document, and for a ruleset written
 * in canonical form `print(parse(text)) === text`.
 */
import type {
  AnalyzerEntry,
  Condition,
  DictValue,
  DqdlDocument,
  NumberExpr,
  Operand,
  Parameter,
  RuleEntry,
  RuleExpr,
  VariableDeclaration,
} from './ast';
import { quote } from './lexer';

const INDENT = '    ';

export function printNumber(expr: NumberExpr): string {
  switch (expr.kind) {
    case 'number':
      return expr.raw;
    case 'null':
      return 'NULL';
    case 'call':
      return `${expr.name}(${expr.args.map(printNumber).join(', ')})`;
    case 'binary':
      return `${printNumber(expr.left)} ${expr.op} ${printNumber(expr.right)}`;
    case 'paren':
      return `(${printNumber(expr.inner)})`;
  }
}

export function printOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'num':
      return printNumber(operand.expr);
    case 'string':
      return quote(operand.value);
    case 'keyword':
      return operand.keyword;
    case 'now':
      return operand.offset
        ? `(now() ${operand.offset.sign} ${operand.offset.amount} ${operand.offset.unit})`
        : 'now()';
    case 'duration':
      return `${operand.amount} ${operand.unit}`;
    case 'size':
      return `${operand.amount} ${operand.unit}`;
    case 'variable':
      return `$${operand.name}`;
  }
}

export function printCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'compare':
      return `${condition.op} ${printOperand(condition.operand)}`;
    case 'between':
      return `${condition.negated ? 'not ' : ''}between ${printOperand(condition.low)} and ${printOperand(condition.high)}`;
    case 'in': {
      const values = Array.isArray(condition.values)
        ? `[${condition.values.map(printOperand).join(', ')}]`
        : `$${condition.values.variable}`;
      return `${condition.negated ? 'not ' : ''}in ${values}`;
    }
    case 'matches':
      return `${condition.negated ? 'not ' : ''}matches ${quote(condition.pattern)}`;
  }
}

function printParameter(parameter: Parameter): string {
  const value = parameter.quoted ? quote(parameter.value) : parameter.value;
  return parameter.connector ? `${parameter.connector} ${value}` : value;
}

/** One rule as a single line of DQDL, the `rule` text of an outcome. */
export function printRule(rule: RuleExpr): string {
  if (rule.kind === 'composite') {
    return rule.rules.map((member) => `(${printRule(member)})`).join(` ${rule.operator} `);
  }
  const parts = [rule.ruleType, ...rule.parameters.map(printParameter)];
  if (rule.condition) parts.push(printCondition(rule.condition));
  if (rule.where !== undefined) parts.push(`where ${quote(rule.where)}`);
  for (const tag of rule.tags) parts.push(`with ${tag.name} ${printCondition(tag.condition)}`);
  return parts.join(' ');
}

function printComments(comments: string[], indent: string): string[] {
  return comments.map((text) => `${indent}#${text}`);
}

function printEntries<T>(header: string, entries: T[], lines: (entry: T) => string[], body: (entry: T) => string, trailing: string[]): string {
  if (entries.length === 0 && trailing.length === 0) return `${header} = [ ]`;
  const out = [`${header} = [`];
  entries.forEach((entry, index) => {
    out.push(...lines(entry));
    out.push(`${INDENT}${body(entry)}${index < entries.length - 1 ? ',' : ''}`);
  });
  out.push(...printComments(trailing, INDENT), ']');
  return out.join('\n');
}

function ruleEntryLines(entry: RuleEntry): string[] {
  const lines = printComments(entry.comments, INDENT);
  if (entry.levelAnnotated) lines.push(`${INDENT}# level: ${entry.level}`);
  return lines;
}

function analyzerEntryLines(entry: AnalyzerEntry): string[] {
  return printComments(entry.comments, INDENT);
}

function printDictValue(value: DictValue): string {
  return Array.isArray(value) ? `[ ${value.map(quote).join(', ')} ]` : quote(value);
}

function printDictionary(name: string, pairs: Array<[string, DictValue]>): string {
  const body = pairs.map(([key, value]) => `${INDENT}${quote(key)}: ${printDictValue(value)}`).join(',\n');
  return `${name} = {\n${body}\n}`;
}

function printVariable(variable: VariableDeclaration): string {
  const value = Array.isArray(variable.value)
    ? `[${variable.value.map(printOperand).join(', ')}]`
    : printOperand(variable.value);
  return `${variable.name} = ${value}`;
}

export function printDocument(doc: DqdlDocument): string {
  const sections: string[] = [];
  if (doc.headerComments.length > 0) sections.push(printComments(doc.headerComments, '').join('\n'));
  if (doc.metadata) sections.push(printDictionary('Metadata', doc.metadata));
  if (doc.dataSources) sections.push(printDictionary('DataSources', doc.dataSources));
  if (doc.variables.length > 0) sections.push(doc.variables.map(printVariable).join('\n'));
  if (doc.rules) {
    sections.push(printEntries('Rules', doc.rules, ruleEntryLines, (e) => printRule(e.rule), doc.rulesTrailingComments));
  }
  if (doc.analyzers) {
    sections.push(
      printEntries('Analyzers', doc.analyzers, analyzerEntryLines, (e) => [e.analyzerType, ...e.parameters.map(printParameter)].join(' '), []),
    );
  }
  if (doc.trailingComments.length > 0) sections.push(printComments(doc.trailingComments, '').join('\n'));
  return `${sections.join('\n\n')}\n`;
}
