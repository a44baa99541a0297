/**
 * The quality gate over a saved run: every table's DQDL rules plus the generated exact row
 * counts, evaluated offline. Exit codes (cli/exit.ts): 0 when no error-level rule failed
 * (warnings allowed), 1 when one did, 2 when rules could not be evaluated: a syntax error, a
 * table a ruleset names that is not in the run, or an error-level rule that ended in Error.
 */
import * as path from 'node:path';
import { readRunRecord, resolveRunDir } from '../../common/run-dir';
import { evaluateRules, type RuleToEvaluate } from '../engine/suite';
import { rulesOfDocument } from '../engine/evaluate';
import { describeSchemaDrift, type SchemaDriftSummary } from '../load/schema-drift';
import type { RuleOutcome } from '../engine/types';
import { expectedCountRules } from '../ruleset/expected-counts';
import { loadRuleset } from '../ruleset/load-ruleset';
import { runTables } from './run-tables';

export const GATE_RESULT_SCHEMA_VERSION = 1;

/** The STEDI ruleset shipped with the project: quality-rules/stedi/<table>.dqdl. */
export const DEFAULT_RULES_PATH = path.join(__dirname, '..', 'stedi');

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
  rulesPath: string;
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
  /** A ruleset directory or a single `<table>.dqdl` file; default: the STEDI ruleset. */
  rulesPath?: string;
}

/**
 * Records the loader rejected (lines that are not JSON objects) as a warning-level outcome, so
 * malformed input shows in the outcome list and the JSON, not only in a header line. It is
 * generated like the row counts, and not DQDL: AWS reports such records differently.
 */
export function rejectedRecordsOutcome(table: string, rejected: number, problems: string[]): RuleOutcome {
  const outcome: RuleOutcome = {
    rule: 'RejectedRecords = 0',
    outcome: rejected === 0 ? 'Passed' : 'Failed',
    evaluatedMetrics: { 'Dataset.*.RejectedRecords': rejected },
    level: 'warning',
    table,
    source: 'loader',
  };
  if (rejected > 0) {
    const first = problems.find((p) => /malformed JSON|not a JSON object/.test(p));
    outcome.failureReason = `${rejected} record(s) of ${table} are not JSON objects and were left out${first ? `, e.g. ${first}` : ''}`;
  }
  return outcome;
}

/**
 * Records whose keys or value types drifted (load/schema-drift.ts) as a warning-level outcome.
 * The loader reads them as Athena would, so no DQDL rule sees the drift; like RejectedRecords it
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

export async function runQualityGate(options: GateOptions = {}): Promise<GateResult> {
  const runDir = resolveRunDir(options.runDir);
  const rulesPath = path.resolve(options.rulesPath ?? DEFAULT_RULES_PATH);
  const record = readRunRecord(runDir);
  const base = { schemaVersion: GATE_RESULT_SCHEMA_VERSION, runDir, rulesPath } as const;

  const { rulesets, syntaxErrors } = loadRuleset(rulesPath);
  if (syntaxErrors.length > 0) {
    const errors = syntaxErrors.map((e) => e.message);
    return { ...base, exitCode: 2, errors, tables: [], outcomes: [], summary: summarise([]) };
  }

  const tables = runTables(runDir, record);
  const errors = rulesets
    .filter((r) => !tables.has(r.table))
    .map((r) => `rules file ${r.file} is for table ${r.table}, which is not in run ${runDir} (tables: ${tables.names().join(', ')})`);
  const rules: RuleToEvaluate[] = [
    ...rulesets.flatMap((r) => rulesOfDocument(r.document, r.table, path.relative(process.cwd(), r.file) || r.file)),
    ...expectedCountRules(record),
  ];
  const outcomes = await evaluateRules(rules, tables);

  const gateTables: GateTable[] = [];
  for (const table of [...new Set(outcomes.map((o) => o.table))]) {
    const entry: GateTable = { table, rows: null, rejectedRecords: 0, invalidValues: 0, problems: [], outcomes: outcomes.filter((o) => o.table === table) };
    if (tables.has(table)) {
      try {
        const loaded = await tables.load(table);
        entry.rows = loaded.table.numRows;
        entry.rejectedRecords = loaded.rejectedRecords;
        entry.invalidValues = loaded.invalidValues;
        entry.problems = loaded.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`);
        entry.outcomes.push(rejectedRecordsOutcome(table, loaded.rejectedRecords, entry.problems));
        entry.outcomes.push(schemaDriftOutcome(table, loaded.schemaDrift));
      } catch {
        // The load error is already in the table's outcomes.
      }
    }
    gateTables.push(entry);
  }
  const all = gateTables.flatMap((t) => t.outcomes);
  return { ...base, exitCode: gateExitCode(all, errors), errors, tables: gateTables, outcomes: all, summary: summarise(all) };
}
