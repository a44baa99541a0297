/**
 * The layers of the engine, after deequ: an *analyzer* reads a table and yields metrics; a
 * *rule* only judges metrics. Rules declare the analyzers they need; the suite gathers them,
 * de-duplicates them by id and scans each table once for all of its analyzers.
 */
import type * as arrow from 'apache-arrow';
import type { Level, SimpleRule } from '../dqdl/ast';
import type { LoadedTable } from '../load/loaded-table';
import type { ColumnSpec } from '../load/schema';
import type { DuckSession } from '../sql/duck-session';

/** Glue DQ's rule result, plus the level that decides the gate and the table it is about. */
export interface RuleOutcome {
  /** The rule as canonical DQDL text. */
  rule: string;
  outcome: 'Passed' | 'Failed' | 'Error';
  failureReason?: string;
  /** Metrics named as Glue DQ / Deequ name them: `Dataset.*.RowCount`, `Column.email.Completeness`. */
  evaluatedMetrics: Record<string, number>;
  level: Level;
  table: string;
  /** Where the rule was written: `file:line`, or `run.json` for generated rules. */
  source?: string;
  /** The comment written above the rule in its ruleset, if any. */
  description?: string;
}

/** What an analyzer found. Metrics may be absent when there was nothing to measure (no rows). */
export interface AnalyzerResult {
  metrics: Record<string, number>;
  /** Extra facts for messages (sample offending values, counts). Never judged. */
  details?: Record<string, unknown>;
}

/** Hands out tables by name, loading each at most once. */
export interface TableProvider {
  has(name: string): boolean;
  load(name: string): Promise<LoadedTable>;
  names(): string[];
}

export interface AnalyzerContext {
  tables: TableProvider;
  duck(): Promise<DuckSession>;
  /** Registers a loaded table in DuckDB under its name. */
  registerInDuck(name: string): Promise<DuckSession>;
}

export interface Accumulator {
  /** Feeds one record batch; `offset` is the batch's first row in the table, `mask` the where-filter (1 = keep). */
  update(batch: arrow.RecordBatch, offset: number, mask: Uint8Array | undefined): void;
  finish(): AnalyzerResult;
}

interface AnalyzerBase {
  /** Identity for de-duplication: two rules needing the same id share one computation. */
  readonly id: string;
  /** The table the analyzer reads (the rule's primary table). */
  readonly table: string;
  /** Columns of `table` it reads; checked before the scan so a typo is a clear error, not a crash. */
  readonly columns: string[];
}

/** Reads every row of its table; shares the table's single scan with the other scan analyzers. */
export interface ScanAnalyzer extends AnalyzerBase {
  readonly kind: 'scan';
  /** A SQL predicate (the rule's `where`): only rows where it holds are fed. */
  readonly where?: string;
  /** Work before the scan, e.g. building the reference key set of ReferentialIntegrity. */
  prepare?(ctx: AnalyzerContext): Promise<void>;
  start(table: LoadedTable): Accumulator;
}

/** Computes from schema, counts or SQL without scanning rows itself. */
export interface DirectAnalyzer extends AnalyzerBase {
  readonly kind: 'direct';
  compute(table: LoadedTable, ctx: AnalyzerContext): Promise<AnalyzerResult>;
}

export type Analyzer = ScanAnalyzer | DirectAnalyzer;

/** Raised by analyzers and plans for a rule that cannot be evaluated: becomes an `Error` outcome. */
export class RuleEvaluationError extends Error {
  override readonly name = 'RuleEvaluationError';
}

export interface ResultLookup {
  /** The analyzer's result; throws RuleEvaluationError when it failed. */
  get(analyzer: Analyzer): AnalyzerResult;
}

export interface Judgement {
  outcome: 'Passed' | 'Failed';
  failureReason?: string;
  evaluatedMetrics: Record<string, number>;
}

export interface RulePlan {
  analyzers: Analyzer[];
  judge(results: ResultLookup): Judgement;
}

/** What a rule type can know while planning: the table under test and its columns. */
export interface PlanEnv {
  table: string;
  columns: ColumnSpec[];
}

export interface RuleEvaluator {
  readonly ruleType: string;
  /** Whether `where "<predicate>"` is meaningful for this type. */
  readonly supportsWhere: boolean;
  /** Whether `with threshold <condition>` is meaningful for this type. */
  readonly supportsThreshold?: boolean;
  plan(rule: SimpleRule, env: PlanEnv): RulePlan;
}
