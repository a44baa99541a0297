/** Convenience entry points: evaluate DQDL text or a parsed document against tables. */
import type * as arrow from 'apache-arrow';
import type { DqdlDocument } from '../dqdl/ast';
import { parseDqdl } from '../dqdl/parser';
import type { LoadedTable } from '../load/loaded-table';
import { evaluateRules, type RuleToEvaluate } from './suite';
import { tablesFrom } from './tables';
import type { RuleOutcome, TableProvider } from './types';

/** The rules of a document, addressed to one table, with their levels and source lines. */
export function rulesOfDocument(document: DqdlDocument, table: string, file?: string): RuleToEvaluate[] {
  return (document.rules ?? []).map((entry) => {
    const rule: RuleToEvaluate = { table, rule: entry.rule, level: entry.level };
    if (file) rule.source = `${file}:${entry.position.line}`;
    const description = entry.comments.map((c) => c.trim()).join(' ');
    if (description) rule.description = description;
    return rule;
  });
}

/**
 * Parses `dqdl` and evaluates it with `primary` as the table under test. `tables` holds every
 * table the rules read (the primary and any reference tables), as Arrow tables or a provider.
 */
export async function evaluateDqdl(
  dqdl: string,
  tables: Record<string, arrow.Table | LoadedTable> | TableProvider,
  primary: string,
): Promise<RuleOutcome[]> {
  const provider = 'load' in tables && typeof tables.load === 'function' ? (tables as TableProvider) : tablesFrom(tables as Record<string, arrow.Table | LoadedTable>);
  return evaluateRules(rulesOfDocument(parseDqdl(dqdl), primary), provider);
}
