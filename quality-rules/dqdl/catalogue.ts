/**
 * The DQDL rule types as data, after awslabs/dqdl configuration/rules/rules-config.json:
 * name, parameters, what the condition judges, scope. The parser uses the names (a bare
 * identifier that names a rule type is the start of a rule, not a parameter); validation
 * uses the parameter counts. Whether *we* can evaluate a type is the registry's business
 * (engine/registry.ts), not this table's: a rule type AWS knows but we do not evaluate parses
 * fine and yields an `Error` outcome naming it.
 */
export type ConditionKind = 'number' | 'boolean' | 'values' | 'string' | 'duration' | 'none';

export interface RuleTypeSpec {
  name: string;
  /** Parameter names in order; `varArgs` lets the last one repeat. */
  parameters: string[];
  varArgs?: boolean;
  /** What the rule's condition compares: a metric number, column values, nothing (boolean rules). */
  condition: ConditionKind;
  scope: 'table' | 'column';
  thresholdSupported?: boolean;
}

const column = (name: string, condition: ConditionKind, extra: Partial<RuleTypeSpec> = {}): RuleTypeSpec => ({
  name,
  parameters: ['TargetColumn'],
  condition,
  scope: 'column',
  ...extra,
});

export const RULE_TYPES: readonly RuleTypeSpec[] = [
  { name: 'RowCount', parameters: [], condition: 'number', scope: 'table' },
  { name: 'RowCountMatch', parameters: ['ReferenceDatasetAlias'], condition: 'number', scope: 'table' },
  { name: 'ColumnCount', parameters: [], condition: 'number', scope: 'table' },
  column('Completeness', 'number'),
  column('IsComplete', 'boolean'),
  column('ColumnDataType', 'string', { thresholdSupported: true }),
  { name: 'ColumnNamesMatchPattern', parameters: ['PatternToMatch'], condition: 'boolean', scope: 'table' },
  column('ColumnExists', 'boolean'),
  { name: 'ColumnCorrelation', parameters: ['TargetColumn1', 'TargetColumn2'], condition: 'number', scope: 'column' },
  column('Uniqueness', 'number', { parameters: ['TargetColumn'], varArgs: true }),
  column('IsUnique', 'boolean', { parameters: ['TargetColumn'], varArgs: true }),
  column('Mean', 'number'),
  column('Sum', 'number'),
  column('StandardDeviation', 'number'),
  column('Entropy', 'number'),
  column('DistinctValuesCount', 'number'),
  column('UniqueValueRatio', 'number'),
  column('ColumnLength', 'number', { thresholdSupported: true }),
  column('IsPrimaryKey', 'boolean', { varArgs: true }),
  column('ColumnValues', 'values', { thresholdSupported: true }),
  column('DataFreshness', 'duration', { thresholdSupported: true }),
  { name: 'CustomSql', parameters: ['CustomSqlStatement'], condition: 'number', scope: 'table', thresholdSupported: true },
  { name: 'ReferentialIntegrity', parameters: ['PrimaryDatasetColumns', 'ReferenceDatasetColumns'], condition: 'number', scope: 'table' },
  { name: 'DatasetMatch', parameters: ['ReferenceDatasetAlias', 'KeyColumnMappings', 'MatchColumnMappings'], condition: 'number', scope: 'table' },
  { name: 'SchemaMatch', parameters: ['ReferenceDatasetAlias'], condition: 'number', scope: 'table' },
  { name: 'AggregateMatch', parameters: ['AggregateExpression1', 'AggregateExpression2'], condition: 'number', scope: 'column' },
  { name: 'DetectAnomalies', parameters: ['MetricParameter'], varArgs: true, condition: 'none', scope: 'column' },
  { name: 'FileCount', parameters: [], condition: 'number', scope: 'table' },
  { name: 'FileFreshness', parameters: [], condition: 'duration', scope: 'table' },
  { name: 'FileSize', parameters: [], condition: 'number', scope: 'table' },
  { name: 'FileMatch', parameters: ['DataPath'], condition: 'none', scope: 'table' },
  { name: 'FileUniqueness', parameters: [], condition: 'number', scope: 'table' },
];

const BY_NAME = new Map(RULE_TYPES.map((spec) => [spec.name, spec]));

export function ruleTypeSpec(name: string): RuleTypeSpec | undefined {
  return BY_NAME.get(name);
}

export function isKnownRuleType(name: string): boolean {
  return BY_NAME.has(name);
}

/** The DatasetMatch rule takes two or three parameters; others take exactly theirs (or more, with varArgs). */
export function parameterCountProblem(spec: RuleTypeSpec, count: number): string | undefined {
  const min = spec.name === 'DatasetMatch' ? 2 : spec.parameters.length;
  const max = spec.varArgs ? Number.POSITIVE_INFINITY : spec.parameters.length;
  if (count >= min && count <= max) return undefined;
  const expected = spec.parameters.length === 0 ? 'no parameters' : spec.parameters.join(', ') + (spec.varArgs ? ', ...' : '');
  return `${spec.name} takes ${expected}; got ${count} parameter${count === 1 ? '' : 's'}`;
}
