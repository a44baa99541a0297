/**
 * ColumnNamesMatchPattern "regex": every column name must contain a match of the pattern
 * (Deequ searches with `findAllMatchIn`, so anchor with ^...$ for a whole-name match).
 * Metric `Dataset.*.ColumnNamesPatternMatchRatio`: the fraction of names that match.
 * A negative lookahead makes it a portable "these columns must not exist" rule, e.g.
 * ColumnNamesMatchPattern "^(?!(email|phone)$).*$".
 */
import { schemaAnalyzer } from '../engine/analyzers/schema';
import { datasetMetric } from '../engine/metrics';
import { RuleEvaluationError, type RuleEvaluator } from '../engine/types';

export const columnNamesMatchPattern: RuleEvaluator = {
  ruleType: 'ColumnNamesMatchPattern',
  supportsWhere: false,
  plan(rule, env) {
    const schema = schemaAnalyzer(env.table);
    const source = rule.parameters[0]!.value;
    let pattern: RegExp;
    try {
      pattern = new RegExp(source);
    } catch (error) {
      throw new RuleEvaluationError(`invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
    const name = datasetMetric('ColumnNamesPatternMatchRatio');
    return {
      analyzers: [schema],
      judge(results) {
        const columns = (results.get(schema).details as { columns: string[] }).columns;
        const unmatched = columns.filter((c) => !pattern.test(c));
        const ratio = columns.length === 0 ? 1 : (columns.length - unmatched.length) / columns.length;
        return unmatched.length === 0
          ? { outcome: 'Passed', evaluatedMetrics: { [name]: ratio } }
          : { outcome: 'Failed', failureReason: `Columns that do not match the pattern: ${unmatched.join(', ')}`, evaluatedMetrics: { [name]: ratio } };
      },
    };
  },
};
