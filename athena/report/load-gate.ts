/**
 * The quality gate a report shows: the run's own quality.json (validated against its contract),
 * or what the caller gives — outcomes, a gate result, or a file `stedi check --json` wrote.
 */
import * as fs from 'node:fs';
import { InputError, describeError } from '../../common/errors';
import { qualityResultPath, readQualityResult } from '../../common/run-dir';
import type { QualityOutcome } from './report-model';
import type { LoadedGate } from './verdict';

export type GateOption = readonly QualityOutcome[] | { outcomes: readonly QualityOutcome[]; exitCode?: number; errors?: readonly string[] } | string;

function checkOutcomes(value: unknown, where: string): QualityOutcome[] {
  const outcomes = Array.isArray(value) ? value : (value as { outcomes?: unknown } | null)?.outcomes;
  if (!Array.isArray(outcomes)) {
    throw new InputError('REPORT_GATE_INVALID', `quality outcomes${where} must be an array of {table, rule, outcome, level} or an object with "outcomes"`);
  }
  outcomes.forEach((o: Partial<QualityOutcome>, index) => {
    if (typeof o?.table !== 'string' || typeof o.rule !== 'string' || typeof o.outcome !== 'string') {
      throw new InputError('REPORT_GATE_INVALID', `quality outcome #${index + 1}${where} lacks table, rule or outcome`);
    }
  });
  return outcomes as QualityOutcome[];
}

function fromDocument(value: unknown, source: string, where: string): LoadedGate {
  const outcomes = checkOutcomes(value, where);
  const document = Array.isArray(value) ? {} : (value as { exitCode?: unknown; errors?: unknown });
  const errors = Array.isArray(document.errors) ? document.errors.map(String) : [];
  return { source, outcomes, errors, ...(typeof document.exitCode === 'number' ? { exitCode: document.exitCode } : {}) };
}

/** The gate given explicitly; errors name the file (bad input the user chose). */
export function loadGivenGate(gate: GateOption): LoadedGate {
  if (typeof gate !== 'string') return fromDocument(gate, 'given', '');
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(gate, 'utf8'));
  } catch (error) {
    throw new InputError('REPORT_GATE_UNREADABLE', `quality outcomes file ${gate} could not be read as JSON: ${describeError(error)}`, error);
  }
  return fromDocument(value, gate, ` in ${gate}`);
}

/**
 * The run's saved gate, or null when the run has none. An unreadable quality.json does not stop
 * the report (it is evidence of a broken run): the gate then counts as not evaluable, with why.
 */
export function loadSavedGate(runDir: string): LoadedGate | null {
  const file = qualityResultPath(runDir);
  if (!fs.existsSync(file)) return null;
  try {
    const result = readQualityResult(file);
    return { source: file, outcomes: result.outcomes, exitCode: result.exitCode, errors: result.errors };
  } catch (error) {
    return { source: file, outcomes: [], errors: [`${file} is unreadable: ${describeError(error)}`] };
  }
}
