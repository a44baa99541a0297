/** Test helper: evaluate one rule (DQDL text without `Rules = [ ]`) against in-memory tables. */
import type * as arrow from 'apache-arrow';
import { evaluateDqdl } from '../engine/evaluate';
import type { RuleOutcome } from '../engine/types';

export async function evaluateOne(rule: string, tables: Record<string, arrow.Table>, primary = Object.keys(tables)[0]!): Promise<RuleOutcome> {
  const [outcome] = await evaluateDqdl(`Rules = [\n    ${rule}\n]`, tables, primary);
  return outcome!;
}
