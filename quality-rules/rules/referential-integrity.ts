/**
 * ReferentialIntegrity "column[,column]" "reference.column" | "reference.{a,b}" <condition>:
 * the fraction of the table's rows whose key appears in the reference table. The reference
 * alias is a table name of the run. Metric `Column.<reference>.ReferentialIntegrity`, as Deequ
 * names it.
 */
import { referentialIntegrityAnalyzer, type ReferentialIntegrityDetails } from '../engine/analyzers/referential-integrity';
import { resolveColumn } from '../engine/columns';
import { columnMetric, sampleText } from '../engine/metrics';
import { RuleEvaluationError, type RuleEvaluator } from '../engine/types';
import { judgeNumber, metricOf, orEmpty } from './common';

/** Splits `alias.{a, b}` or `alias.column` (the alias may itself contain dots). */
export function parseReference(text: string): { table: string; columns: string[] } {
  const braces = /^(.+)\.\{(.+)\}$/.exec(text.trim());
  if (braces) return { table: braces[1]!, columns: braces[2]!.split(',').map((c) => c.trim()) };
  const dot = text.lastIndexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    throw new RuleEvaluationError(`reference ${JSON.stringify(text)} must be "table.column" or "table.{column1,column2}"`);
  }
  return { table: text.slice(0, dot).trim(), columns: [text.slice(dot + 1).trim()] };
}

export const referentialIntegrity: RuleEvaluator = {
  ruleType: 'ReferentialIntegrity',
  supportsWhere: false,
  plan(rule, env) {
    const columns = rule.parameters[0]!.value.split(',').map((c) => resolveColumn(env.columns, c.trim(), env.table).name);
    const reference = parseReference(rule.parameters[1]!.value);
    if (reference.columns.length !== columns.length) {
      throw new RuleEvaluationError(`${columns.length} column(s) of ${env.table} cannot match ${reference.columns.length} column(s) of ${reference.table}`);
    }
    const analyzer = referentialIntegrityAnalyzer(env.table, columns, reference.table, reference.columns);
    const name = columnMetric([reference.table], 'ReferentialIntegrity');
    return {
      analyzers: [analyzer],
      judge: (results) =>
        orEmpty(() => {
          const result = results.get(analyzer);
          const value = metricOf(result, name, `table ${env.table} has no rows to check`);
          const { rows, matched, samples } = result.details as unknown as ReferentialIntegrityDetails;
          const context = `${rows - matched} of ${rows} rows of ${env.table} have a ${columns.join(', ')} not found in ${reference.table}.${reference.columns.join(', ')}${samples.length ? `, e.g. ${sampleText(samples)}` : ''}`;
          return judgeNumber(rule, name, value, context);
        }),
    };
  },
};
