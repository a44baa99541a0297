/**
 * The DQDL syntax tree. Shapes follow the public grammar of awslabs/dqdl
 * (DataQualityDefinitionLanguage.g4): a document has optional Metadata / DataSources
 * dictionaries, optional variable declarations, a Rules list and an optional Analyzers list.
 * A rule is `RuleType parameter* condition? where? (with tag condition)*`, and rules combine
 * with `and` / `or` (and binds tighter, as in the grammar's alternative order).
 *
 * Nodes are plain data; printing lives in printer.ts, parsing in parser.ts.
 */

export type Level = 'error' | 'warning';

export interface Position {
  line: number;
  column: number;
}

/** A number expression: atomic literal, NULL, a function call (dynamic rules) or arithmetic. */
export type NumberExpr =
  | { kind: 'number'; raw: string; value: number }
  | { kind: 'null' }
  | { kind: 'call'; name: string; args: NumberExpr[] }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: NumberExpr; right: NumberExpr }
  | { kind: 'paren'; inner: NumberExpr };

export type DurationUnit = 'days' | 'hours' | 'minutes';
export type SizeUnit = 'B' | 'KB' | 'MB' | 'GB' | 'TB';

/** One operand of a condition. Which kinds make sense depends on the rule type. */
export type Operand =
  | { kind: 'num'; expr: NumberExpr }
  | { kind: 'string'; value: string }
  | { kind: 'keyword'; keyword: 'NULL' | 'EMPTY' | 'WHITESPACES_ONLY' }
  | { kind: 'now'; offset?: { sign: '+' | '-'; amount: number; unit: DurationUnit } }
  | { kind: 'duration'; amount: number; unit: DurationUnit }
  | { kind: 'size'; amount: number; unit: SizeUnit }
  | { kind: 'variable'; name: string };

export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Condition =
  | { kind: 'compare'; op: ComparisonOp; operand: Operand }
  | { kind: 'between'; negated: boolean; low: Operand; high: Operand }
  | { kind: 'in'; negated: boolean; values: Operand[] | { variable: string } }
  | { kind: 'matches'; negated: boolean; pattern: string };

export interface Parameter {
  /** A quoted string (`"email"`) or a bare identifier (`email`), as written. */
  value: string;
  quoted: boolean;
  /** DQDL's connector words: `ColumnCorrelation "a" and "b"`, `... of "x"`. */
  connector?: 'and' | 'of';
}

export interface Tag {
  /** `threshold` in `with threshold > 0.9`; other identifiers are labels. */
  name: string;
  condition: Condition;
}

export interface SimpleRule {
  kind: 'rule';
  ruleType: string;
  parameters: Parameter[];
  condition?: Condition;
  where?: string;
  tags: Tag[];
  position: Position;
}

export interface CompositeRule {
  kind: 'composite';
  operator: 'and' | 'or';
  rules: RuleExpr[];
  position: Position;
}

export type RuleExpr = SimpleRule | CompositeRule;

/** A top-level entry of `Rules = [...]` with what our comment annotations say about it. */
export interface RuleEntry {
  rule: RuleExpr;
  level: Level;
  /** Comment lines (without `#`) written just before the rule, the level annotation excluded. */
  comments: string[];
  /** Whether `# level: ...` was written, so printing reproduces it (the default is implicit). */
  levelAnnotated: boolean;
  position: Position;
}

export interface AnalyzerEntry {
  analyzerType: string;
  parameters: Parameter[];
  comments: string[];
  position: Position;
}

export type DictValue = string | string[];

export interface VariableDeclaration {
  name: string;
  value: Operand | Operand[];
}

export interface DqdlDocument {
  /** Comment lines before the first section. */
  headerComments: string[];
  metadata?: Array<[string, DictValue]>;
  dataSources?: Array<[string, DictValue]>;
  variables: VariableDeclaration[];
  rules: RuleEntry[] | undefined;
  analyzers: AnalyzerEntry[] | undefined;
  /** Comment lines after the last rule, inside `Rules = [ ... ]`. */
  rulesTrailingComments: string[];
  /** Comment lines after the last section. */
  trailingComments: string[];
}

export function isThresholdTag(tag: Tag): boolean {
  return tag.name.toLowerCase() === 'threshold';
}
