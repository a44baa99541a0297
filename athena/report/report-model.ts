/**
 * What the evidence report shows, gathered before any HTML is written: per table the validation
 * query and its answer, the expected count, a sample, the DDL and the quality outcomes.
 */
import type { JobRunRecord, LostRecords, Zone } from '../../common/run-dir';
import type { LedgerSummary } from '../../table';
import type { QueryResult } from '../engine/result';
import type { ReportVerdict } from './verdict';

/** A quality rule outcome as the quality gate reports it (Glue DQ result shape). */
export interface QualityOutcome {
  table: string;
  rule: string;
  outcome: string;
  level: string;
  failureReason?: string;
  evaluatedMetrics?: Record<string, unknown>;
  /** Where the rule was written (`file:line`, `run.json`, `ledger`). */
  source?: string;
  description?: string;
}

export type ReportZone = Zone | 'other';

export interface TableEvidence {
  database: string;
  name: string;
  zone: ReportZone;
  format: string;
  location: string;
  countSql: string;
  /** The count the local Athena returned; null when the query failed. */
  count: number | null;
  expected: number | null;
  /** The count `stedi run` recorded when it read the table back from S3. */
  runCount: number | null;
  /** Landing tables: the records staged from the landing folder (same reader), and files refused. */
  staged: number | null;
  stagedRejectedFiles: string[];
  /** The table layer's account of the table's lines (from the run's ledger file). */
  ledger?: LedgerSummary;
  /** Records the ledger accepted that a job's reader lost (run.json tables[].lost). */
  lost?: LostRecords;
  sampleSql: string;
  sample: QueryResult | null;
  /** Why the count or sample query failed. */
  error?: string;
  warnings: string[];
  ddl: string;
  outcomes: QualityOutcome[];
}

export type CountStatus = 'match' | 'mismatch' | 'no-expectation' | 'error';

export function countStatus(table: TableEvidence): CountStatus {
  if (table.count === null) return 'error';
  if (table.expected === null) return 'no-expectation';
  return table.count === table.expected ? 'match' : 'mismatch';
}

/** A table run.json lists that the catalog lacks: the job meant to write it did not. */
export interface MissingTable {
  database: string;
  name: string;
  zone: ReportZone;
  expected: number | null;
  error?: string;
}

/** A job that did not succeed, with what it left behind. */
export interface ProblemJob {
  job: JobRunRecord;
  /** jobs/<name>.log relative to the run directory, when the run kept it. */
  logFile?: string;
  /** The last lines of that log. */
  logTail?: string;
}

export interface ReportModel {
  /** The pipeline definition's own name (never a product name baked in). */
  pipelineName: string;
  verdict: ReportVerdict;
  /** Every quality outcome of the gate, in the gate's order. */
  outcomes: QualityOutcome[];
  missingTables: MissingTable[];
  problemJobs: ProblemJob[];
  runId: string;
  runDir: string;
  status: string;
  startedAt: string;
  finishedAt: string;
  landing: string;
  pipeline: string;
  jobs: JobRunRecord[];
  tables: TableEvidence[];
  /** Outcomes whose table is not in the run (shown separately rather than dropped). */
  unmatchedOutcomes: QualityOutcome[];
  generatedAt: string;
}

export const ZONE_ORDER: ReportZone[] = ['landing', 'trusted', 'curated', 'other'];
