/**
 * The quality gate over a saved run: the DQDL rules of the run's pipeline definition (run.json
 * `rules`, or a ruleset given with --rules instead), the generated exact row counts, the rules
 * the jobs evaluated themselves (EvaluateDataQuality), and the harness's own warnings, evaluated
 * offline. A definition without rules gets no DQDL rules: no ruleset is a default. Exit codes
 * (cli/exit.ts): 0 when no error-level rule failed (warnings allowed), 1 when one did, 2 when
 * rules could not be evaluated: a syntax error, a table a ruleset names that is not in the run,
 * or an error-level rule that ended in Error.
 */
import * as path from 'node:path';
import { readRunRecord, resolveRunDir, type RunRecord } from '../../common/run-dir';
import { evaluateRules, type RuleToEvaluate } from '../engine/suite';
import { rulesOfDocument } from '../engine/evaluate';
import { describeSchemaDrift, type SchemaDriftSummary } from '../load/schema-drift';
import type { RuleOutcome } from '../engine/types';
import { expectedCountRules } from '../ruleset/expected-counts';
import { loadRuleFiles, ruleFilesAt, type RuleFileRef } from '../ruleset/load-ruleset';
import { jobDataQualityOutcomes } from './job-data-quality';
import { ledgerIssuesOutcome } from './ledger-outcome';
import type { PreloadedTables } from './preloaded-tables';
import { runTables } from './run-tables';
import { gateMemoryBytes } from '../load/batch-spool';
import type { LazyTables } from '../engine/tables';

export const GATE_RESULT_SCHEMA_VERSION = 1;

export interface GateTable {
  table: string;
  /** Rows loaded for evaluation; null when the table could not be loaded. */
  rows: number | null;
  rejectedRecords: number;
  invalidValues: number;
  /** Up to 20 `file:line: reason` lines about rejected records and invalid values. */
  problems: string[];
  outcomes: RuleOutcome[];
}

export interface GateResult {
  schemaVersion: typeof GATE_RESULT_SCHEMA_VERSION;
  runDir: string;
  /** Where the DQDL rules came from: the --rules path, or the run's pipeline definition. */
  rulesPath: string;
  /** Every DQDL file evaluated, with its table. */
  ruleFiles: RuleFileRef[];
  exitCode: 0 | 1 | 2;
  /** Why rules could not be evaluated at all (syntax errors, tables missing from the run). */
  errors: string[];
  tables: GateTable[];
  outcomes: RuleOutcome[];
  summary: { rules: number; passed: number; failed: number; errors: number; warningsFailed: number };
}

export interface GateOptions {
  /** A run directory; default: the latest run under .stedi/runs. */
  runDir?: string;
  /** A ruleset directory or a single `<table>.dqdl` file, instead of the run's own rules. */
  rulesPath?: string;
  /** Tables loaded from the run's counting scan (`stedi run`), instead of reading them again. */
  preloaded?: PreloadedTables;
}

/**
 * Records whose keys or value types drifted (load/schema-drift.ts) as a warning-level outcome.
 * The loader reads them as Athena would, so no DQDL rule sees the drift; like LedgerIssues it
 * is generated, not DQDL (AWS has no rule for it), with the findings in the failure reason.
 */
export function schemaDriftOutcome(table: string, drift: SchemaDriftSummary): RuleOutcome {
  const outcome: RuleOutcome = {
    rule: 'SchemaDrift = 0',
    outcome: drift.records === 0 ? 'Passed' : 'Failed',
    evaluatedMetrics: { 'Dataset.*.SchemaDrift': drift.records },
    level: 'warning',
    table,
    source: 'loader',
  };
  if (drift.records > 0) {
    outcome.failureReason = `${drift.records} record(s) of ${table} drift from its schema (read as Athena would, so other rules do not see it): ${describeSchemaDrift(drift)}`;
  }
  return outcome;
}

export function gateExitCode(outcomes: RuleOutcome[], errors: string[]): 0 | 1 | 2 {
  if (errors.length > 0 || outcomes.some((o) => o.level === 'error' && o.outcome === 'Error')) return 2;
  if (outcomes.some((o) => o.level === 'error' && o.outcome === 'Failed')) return 1;
  return 0;
}

function summarise(outcomes: RuleOutcome[]): GateResult['summary'] {
  return {
    rules: outcomes.length,
    passed: outcomes.filter((o) => o.outcome === 'Passed').length,
    failed: outcomes.filter((o) => o.outcome === 'Failed').length,
    errors: outcomes.filter((o) => o.outcome === 'Error').length,
    warningsFailed: outcomes.filter((o) => o.level === 'warning' && o.outcome === 'Failed').length,
  };
}

/** The rules to evaluate: --rules, else the files run.json records (none when the definition has none). */
function ruleSource(record: RunRecord, rulesPath: string | undefined): { rulesPath: string; files: RuleFileRef[] } {
  if (rulesPath !== undefined) {
    const resolved = path.resolve(rulesPath);
    return { rulesPath: resolved, files: ruleFilesAt(resolved) };
  }
  const files = record.rules ?? [];
  return { rulesPath: files.length > 0 ? `the rules of ${record.pipeline}` : `none: ${record.pipeline} declares no rules`, files };
}

export async function runQualityGate(options: GateOptions = {}): Promise<GateResult> {
  gateMemoryBytes(); // a bad STEDI_GATE_MEMORY_MB is one clear error, not one per table
  const runDir = resolveRunDir(options.runDir);
  const record = readRunRecord(runDir);
  const source = ruleSource(record, options.rulesPath);
  const base = { schemaVersion: GATE_RESULT_SCHEMA_VERSION, runDir, rulesPath: source.rulesPath, ruleFiles: source.files } as const;

  const { rulesets, syntaxErrors } = loadRuleFiles(source.files);
  if (syntaxErrors.length > 0) {
    const errors = syntaxErrors.map((e) => e.message);
    options.preloaded?.releaseRest();
    return { ...base, exitCode: 2, errors, tables: [], outcomes: [], summary: summarise([]) };
  }

  const tables = runTables(runDir, record, options.preloaded);
  try {
    return await evaluateGate(base, record, rulesets, tables);
  } finally {
    // Spooled tables leave the disk, kept ones give back the gate's memory budget.
    await tables.release();
    options.preloaded?.releaseRest();
  }
}

async function evaluateGate(
  base: Pick<GateResult, 'schemaVersion' | 'runDir' | 'rulesPath' | 'ruleFiles'>,
  record: RunRecord,
  rulesets: ReturnType<typeof loadRuleFiles>['rulesets'],
  tables: LazyTables,
): Promise<GateResult> {
  const errors = rulesets
    .filter((r) => !tables.has(r.table))
    .map((r) => `rules file ${r.file} is for table ${r.table}, which is not in run ${base.runDir} (tables: ${tables.names().join(', ')})`);
  const rules: RuleToEvaluate[] = [
    ...rulesets.flatMap((r) => rulesOfDocument(r.document, r.table, path.relative(process.cwd(), r.file) || r.file)),
    ...expectedCountRules(record),
  ];
  const outcomes = [...(await evaluateRules(rules, tables)), ...jobDataQualityOutcomes(record)];

  // Every counted table gets the harness's own warnings, with or without rules of its own; so does
  // a table Athena refuses (no count, but a ledger that says which line it stops at).
  const counted = Object.entries(record.tables).filter(([, t]) => t.rows !== null || t.ledger?.athenaRefuses !== undefined).map(([name]) => name);
  const gateTables: GateTable[] = [];
  for (const table of [...new Set([...outcomes.map((o) => o.table), ...counted])]) {
    const entry: GateTable = { table, rows: null, rejectedRecords: 0, invalidValues: 0, problems: [], outcomes: outcomes.filter((o) => o.table === table) };
    if (tables.has(table)) {
      try {
        const loaded = await tables.load(table);
        entry.rows = loaded.table.numRows;
        entry.rejectedRecords = loaded.rejectedRecords;
        entry.invalidValues = loaded.invalidValues;
        entry.problems = loaded.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`);
        if (loaded.ledger) entry.outcomes.push(ledgerIssuesOutcome(table, loaded.ledger, record.tables[table]?.lost));
        entry.outcomes.push(schemaDriftOutcome(table, loaded.schemaDrift));
      } catch (error) {
        // A rule's load error is already in its outcomes; a table no rule reads says it here.
        if (entry.outcomes.length === 0) entry.problems.push(`could not be loaded: ${(error as Error).message}`);
      }
    }
    gateTables.push(entry);
  }
  const all = gateTables.flatMap((t) => t.outcomes);
  return { ...base, exitCode: gateExitCode(all, errors), errors, tables: gateTables, outcomes: all, summary: summarise(all) };
}
