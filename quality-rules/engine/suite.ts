/**
 * The verification suite: plans every rule, gathers and de-duplicates the analyzers per table,
 * runs each table's analyzers in one scan, then lets each rule judge its metrics. Nothing here
 * throws for a bad rule or a missing table: those become `Error` outcomes that name the cause.
 */
import type { Level, RuleExpr, SimpleRule } from '../dqdl/ast';
import { parameterCountProblem, ruleTypeSpec } from '../dqdl/catalogue';
import { isThresholdTag } from '../dqdl/ast';
import { printRule } from '../dqdl/printer';
import { DuckSession } from '../sql/duck-session';
import { evaluatorFor, supportedRuleTypes } from '../rules/registry';
import { runAnalyzers, type AnalyzerOutcome } from './scan';
import {
  RuleEvaluationError,
  type Analyzer,
  type AnalyzerContext,
  type Judgement,
  type PlanEnv,
  type RuleOutcome,
  type RulePlan,
  type TableProvider,
} from './types';

export interface RuleToEvaluate {
  table: string;
  rule: RuleExpr;
  level: Level;
  source?: string;
  description?: string;
}

export type PlanNode =
  | { kind: 'leaf'; plan: RulePlan }
  | { kind: 'error'; message: string }
  | { kind: 'composite'; operator: 'and' | 'or'; members: PlanNode[] };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function planLeaf(rule: SimpleRule, env: PlanEnv): PlanNode {
  const evaluator = evaluatorFor(rule.ruleType);
  if (!evaluator) {
    const known = ruleTypeSpec(rule.ruleType) ? 'is a DQDL rule type the local evaluator does not support' : 'is not a DQDL rule type';
    return { kind: 'error', message: `${rule.ruleType} ${known} (supported: ${supportedRuleTypes().join(', ')})` };
  }
  const spec = ruleTypeSpec(rule.ruleType);
  const countProblem = spec ? parameterCountProblem(spec, rule.parameters.length) : undefined;
  if (countProblem) return { kind: 'error', message: countProblem };
  if (rule.where !== undefined && !evaluator.supportsWhere) return { kind: 'error', message: `${rule.ruleType} does not support a where clause` };
  if (rule.tags.some(isThresholdTag) && !evaluator.supportsThreshold) {
    return { kind: 'error', message: `${rule.ruleType} does not support with threshold` };
  }
  try {
    return { kind: 'leaf', plan: evaluator.plan(rule, env) };
  } catch (error) {
    if (error instanceof RuleEvaluationError) return { kind: 'error', message: error.message };
    throw error;
  }
}

function planNode(rule: RuleExpr, env: PlanEnv): PlanNode {
  if (rule.kind === 'rule') return planLeaf(rule, env);
  return { kind: 'composite', operator: rule.operator, members: rule.rules.map((member) => planNode(member, env)) };
}

function analyzersOf(node: PlanNode): Analyzer[] {
  if (node.kind === 'leaf') return node.plan.analyzers;
  if (node.kind === 'composite') return node.members.flatMap(analyzersOf);
  return [];
}

type Judged = Judgement | { outcome: 'Error'; failureReason: string; evaluatedMetrics: Record<string, number> };

function judge(node: PlanNode, results: Map<string, AnalyzerOutcome>, rule: RuleExpr): Judged {
  if (node.kind === 'error') return { outcome: 'Error', failureReason: node.message, evaluatedMetrics: {} };
  if (node.kind === 'leaf') {
    try {
      return node.plan.judge({
        get(analyzer) {
          const outcome = results.get(analyzer.id);
          if (!outcome) throw new RuleEvaluationError(`internal: analyzer ${analyzer.id} did not run`);
          if (!outcome.ok) throw new RuleEvaluationError(outcome.error);
          return outcome.result;
        },
      });
    } catch (error) {
      if (error instanceof RuleEvaluationError) return { outcome: 'Error', failureReason: error.message, evaluatedMetrics: {} };
      throw error;
    }
  }
  const members = (rule as Extract<RuleExpr, { kind: 'composite' }>).rules;
  const judged = node.members.map((member, i) => judge(member, results, members[i]!));
  const evaluatedMetrics = Object.assign({}, ...judged.map((j) => j.evaluatedMetrics)) as Record<string, number>;
  const reasons = judged
    .map((j, i) => (j.outcome === 'Passed' ? undefined : `(${printRule(members[i]!)}) ${j.outcome === 'Error' ? 'could not be evaluated' : 'failed'}: ${j.failureReason}`))
    .filter((r): r is string => r !== undefined);
  if (judged.some((j) => j.outcome === 'Error')) return { outcome: 'Error', failureReason: reasons.join('; '), evaluatedMetrics };
  const passed = node.operator === 'and' ? judged.every((j) => j.outcome === 'Passed') : judged.some((j) => j.outcome === 'Passed');
  return passed ? { outcome: 'Passed', evaluatedMetrics } : { outcome: 'Failed', failureReason: reasons.join('; '), evaluatedMetrics };
}

/** The plans of the rules and the de-duplicated analyzers they need, per table. */
export interface Planned {
  plans: PlanNode[];
  analyzersByTable: Map<string, Analyzer[]>;
}

/** Plans every rule; a table that cannot load turns its rules into errors. */
export async function planRules(rules: RuleToEvaluate[], tables: TableProvider): Promise<Planned> {
  const loadErrors = new Map<string, string>();
  const envs = new Map<string, PlanEnv>();
  for (const table of new Set(rules.map((r) => r.table))) {
    if (!tables.has(table)) {
      loadErrors.set(table, `table ${table} is not in the run (tables: ${tables.names().join(', ') || 'none'})`);
      continue;
    }
    try {
      const loaded = await tables.load(table);
      envs.set(table, { table, columns: loaded.columns });
    } catch (error) {
      loadErrors.set(table, `table ${table} could not be loaded: ${message(error)}`);
    }
  }
  const plans = rules.map((r): PlanNode => {
    const loadError = loadErrors.get(r.table);
    return loadError ? { kind: 'error', message: loadError } : planNode(r.rule, envs.get(r.table)!);
  });
  const byTable = new Map<string, Map<string, Analyzer>>();
  for (const analyzer of plans.flatMap(analyzersOf)) {
    const forTable = byTable.get(analyzer.table) ?? new Map<string, Analyzer>();
    if (!forTable.has(analyzer.id)) forTable.set(analyzer.id, analyzer);
    byTable.set(analyzer.table, forTable);
  }
  return { plans, analyzersByTable: new Map([...byTable].map(([table, analyzers]) => [table, [...analyzers.values()]])) };
}

/** Evaluates rules against the tables of a provider; one outcome per rule, in input order. */
export async function evaluateRules(rules: RuleToEvaluate[], tables: TableProvider): Promise<RuleOutcome[]> {
  let session: DuckSession | undefined;
  const ctx: AnalyzerContext = {
    tables,
    duck: async () => (session ??= await DuckSession.open()),
    registerInDuck: async (name) => {
      const duck = await ctx.duck();
      if (!duck.isRegistered(name)) await duck.register(name, (await tables.load(name)).table);
      return duck;
    },
  };
  try {
    const { plans, analyzersByTable } = await planRules(rules, tables);
    const results = new Map<string, AnalyzerOutcome>();
    for (const [table, analyzers] of analyzersByTable) {
      const loaded = await tables.load(table);
      for (const [id, outcome] of await runAnalyzers(loaded, analyzers, ctx)) results.set(id, outcome);
    }

    return rules.map((r, i) => {
      const judged = judge(plans[i]!, results, r.rule);
      const outcome: RuleOutcome = {
        rule: printRule(r.rule),
        outcome: judged.outcome,
        evaluatedMetrics: judged.evaluatedMetrics,
        level: r.level,
        table: r.table,
      };
      if (judged.failureReason !== undefined) outcome.failureReason = judged.failureReason;
      if (r.source !== undefined) outcome.source = r.source;
      if (r.description) outcome.description = r.description;
      return outcome;
    });
  } finally {
    session?.close();
  }
}
