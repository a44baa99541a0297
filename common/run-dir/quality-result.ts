/**
 * quality.json: the quality gate's result over a run (quality-rules/gate/run-gate.ts writes the
 * same shape with `stedi check --json`). Outcomes are Glue DQ's rule results plus the level
 * that decides the gate and the table they are about.
 */
import { z } from 'zod/v4';
import { readArtifact, writeArtifact, type ArtifactKind } from './artifact';
import { qualityResultPath } from './layout';

export const QUALITY_RESULT_SCHEMA_VERSION = 1;

export const ruleOutcomeSchema = z
  .object({
    rule: z.string().describe('The rule as canonical DQDL text.'),
    outcome: z.enum(['Passed', 'Failed', 'Error']),
    failureReason: z.string().optional(),
    // JSON has no NaN or Infinity: JSON.stringify writes them as null.
    evaluatedMetrics: z.record(z.string(), z.number().nullable()).describe('Metrics named as Glue DQ / Deequ name them: `Dataset.*.RowCount`, `Column.email.Completeness`.'),
    level: z.enum(['error', 'warning']),
    table: z.string(),
    source: z.string().optional().describe('Where the rule was written: `file:line`, or `run.json` for generated rules.'),
    description: z.string().optional().describe('The comment written above the rule in its ruleset, if any.'),
  })
  .describe('One rule outcome, in the Glue Data Quality result shape.');
export type RuleOutcomeRecord = z.infer<typeof ruleOutcomeSchema>;

export const gateTableSchema = z.object({
  table: z.string(),
  rows: z.number().int().nonnegative().nullable().describe('Rows loaded for evaluation; null when the table could not be loaded.'),
  rejectedRecords: z.number().int().nonnegative(),
  invalidValues: z.number().int().nonnegative(),
  problems: z.array(z.string()).describe('Up to 20 located lines from the table\'s ledger (`file:line: reason: detail`), every object with issues in turn.'),
  outcomes: z.array(ruleOutcomeSchema),
});
export type GateTableRecord = z.infer<typeof gateTableSchema>;

export const qualityResultSchema = z
  .object({
    schemaVersion: z.literal(QUALITY_RESULT_SCHEMA_VERSION),
    runDir: z.string(),
    rulesPath: z.string().describe('Where the DQDL rules came from: the --rules path, or the run\'s pipeline definition.'),
    ruleFiles: z.array(z.object({ table: z.string(), file: z.string() })).optional().describe('Every DQDL file evaluated, with its table.'),
    exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    errors: z.array(z.string()).describe('Why rules could not be evaluated at all (syntax errors, tables missing from the run).'),
    tables: z.array(gateTableSchema),
    outcomes: z.array(ruleOutcomeSchema),
    summary: z.object({
      rules: z.number().int().nonnegative(),
      passed: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      errors: z.number().int().nonnegative(),
      warningsFailed: z.number().int().nonnegative(),
    }),
  })
  .describe('quality.json: the quality gate over one run.');
export type QualityResult = z.infer<typeof qualityResultSchema>;

export const QUALITY_RESULT: ArtifactKind<typeof qualityResultSchema> = {
  title: 'quality result',
  schema: qualityResultSchema,
  version: QUALITY_RESULT_SCHEMA_VERSION,
  invalidCode: 'QUALITY_RESULT_INVALID',
};

/** Reads a quality result: quality.json of a run, or any file `stedi check --json` wrote. */
export function readQualityResult(file: string): QualityResult {
  return readArtifact(QUALITY_RESULT, file);
}

export function writeQualityResult(runDir: string, result: z.input<typeof qualityResultSchema>): string {
  const file = qualityResultPath(runDir);
  writeArtifact(QUALITY_RESULT, file, result);
  return file;
}
