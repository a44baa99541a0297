/**
 * Exact row counts for the dataset at hand. DQDL has no parameters for numbers (its
 * variables hold strings), so an expected count cannot be a placeholder in a portable rule.
 * Instead the gate generates one `RowCount = <expected>` rule per table whose run record
 * knows its expected rows (`tables[name].expected`, set by the pipeline definition or the
 * generator). The generated rules are ordinary DQDL, printable for AWS with `expectedCountsDqdl`.
 */
import type { RunRecord } from '../../common/run-dir';
import type { RuleExpr } from '../dqdl/ast';
import { printDocument } from '../dqdl/printer';
import type { RuleToEvaluate } from '../engine/suite';

function rowCountRule(expected: number): RuleExpr {
  return {
    kind: 'rule',
    ruleType: 'RowCount',
    parameters: [],
    condition: { kind: 'compare', op: '=', operand: { kind: 'num', expr: { kind: 'number', raw: String(expected), value: expected } } },
    tags: [],
    position: { line: 0, column: 0 },
  };
}

export function expectedCountRules(record: Pick<RunRecord, 'tables'>): RuleToEvaluate[] {
  return Object.entries(record.tables)
    .filter(([, table]) => table.expected !== null && table.expected !== undefined)
    .map(([name, table]) => ({ table: name, rule: rowCountRule(table.expected!), level: 'error' as const, source: `run.json tables.${name}.expected` }));
}

/** The generated rules as one DQDL document per table, e.g. to add to an AWS ruleset. */
export function expectedCountsDqdl(record: Pick<RunRecord, 'tables'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of expectedCountRules(record)) {
    out[rule.table] = printDocument({
      headerComments: [` Generated from run.json: the expected row count of ${rule.table} for this dataset.`],
      variables: [],
      rules: [{ rule: rule.rule, level: 'error', comments: [], levelAnnotated: false, position: { line: 0, column: 0 } }],
      analyzers: undefined,
      rulesTrailingComments: [],
      trailingComments: [],
    });
  }
  return out;
}
