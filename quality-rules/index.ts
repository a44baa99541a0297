/**
 * quality-rules: DQDL (the AWS Glue Data Quality language) parsed by our own parser and
 * evaluated over Apache Arrow tables loaded from a run, the STEDI ruleset, and the gate.
 */
export type { DqdlDocument, RuleExpr, SimpleRule, CompositeRule, Condition, Level, RuleEntry } from './dqdl/ast';
export { parseDqdl, tryParseDqdl, DqdlSyntaxError, type SyntaxIssue } from './dqdl/parser';
export { printDocument, printRule, printCondition } from './dqdl/printer';
export { RULE_TYPES, ruleTypeSpec } from './dqdl/catalogue';

export type { LoadedTable, LoadProblem } from './load/loaded-table';
export type { ColumnSpec, ColumnKind, SchemaShorthand } from './load/schema';
export { tableFromRows } from './load/rows';
export { loadRunTable, loadJsonLinesDirectory, loadTableSource, TableLoader } from './load/run-table';

export type { RuleOutcome, TableProvider, AnalyzerResult } from './engine/types';
export { evaluateRules, type RuleToEvaluate } from './engine/suite';
export { evaluateDqdl, rulesOfDocument } from './engine/evaluate';
export { tablesFrom, loadedFromArrow, LazyTables } from './engine/tables';
export { supportedRuleTypes } from './rules/registry';

export { loadRuleset, loadRuleFiles, ruleFilesAt, type TableRuleset, type LoadedRuleset, type RuleFileRef } from './ruleset/load-ruleset';
export { STEDI_RULES_DIR } from './ruleset/stedi-rules';
export { jobDataQualityOutcomes, jobTableLabel } from './gate/job-data-quality';
export { expectedCountRules, expectedCountsDqdl } from './ruleset/expected-counts';
export { runTables } from './gate/run-tables';
export { PreloadedTables } from './gate/preloaded-tables';
export {
  runQualityGate,
  gateExitCode,
  GATE_RESULT_SCHEMA_VERSION,
  type GateResult,
  type GateTable,
  type GateOptions,
} from './gate/run-gate';
export { formatGateResult, printGateResult, observedText } from './gate/print';
