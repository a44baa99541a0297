/**
 * What the evidence report shows, gathered before any HTML is written: per table the validation
 * query and its answer, the expected count, a sample, the DDL and the quality outcomes.
 */
import type { JobRunRecord, Zone } from '../../common/run-dir';
import type { LedgerSummary } from '../../table';
import type { QueryResult } from '../engine/result';

/** A quality rule outcome as the quality gate reports it (Glue DQ result shape). */
export interface QualityOutcome {
  table: string;
  rule: string;
  outcome: string;
  level: string;
  failureReason?: string;
  evaluatedMetrics?: Record<string, unknown>;
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

export interface ReportModel {
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
