import * as path from 'node:path';
import { describeError } from '../common/errors';
import { RUN_RECORD_SCHEMA_VERSION, type JobRunRecord, type RunRecord, type TableRecord } from '../common/run-dir';
import type { StartedBackend } from '../harness/backend';
import type { JobRunRequest } from '../harness/job-server/protocol';
import { backendRecord } from './backend-record';
import { applyDdl, ensureBucketsAndDatabases } from './catalog-setup';
import type { TableScanObservers } from '../table';
import { countTables } from './count-tables';
import { crawlTable, describeCrawl, type CrawlReport } from './crawler';
import { orderJobs, upstreamJobs } from './dag';
import { LANDING_ZONE, type JobDefinition, type PipelineDefinition } from './definition';
import { EarlyExports } from './early-export';
import { emulatorFault } from './emulator-fault';
import { reconcileRunTables } from './reconcile-inputs';
import { appendJobLog, createRunDirectory, keepLogs, markLatest, newRunId, writeJobLog, writeRunRecord } from './run-directory';
import { restoreRun, savePartitionLists } from './restore-run';
import { findLandingFiles, stageLandingTable, type StagedTable } from './staging';

type RejectedLine = StagedTable['rejected'][number];

export type RunEvent =
  | { type: 'staged'; staged: StagedTable }
  | { type: 'job-started'; job: string; index: number; total: number }
  | { type: 'job-finished'; job: JobRunRecord; index: number; total: number }
  | { type: 'crawled'; job: string; report: CrawlReport }
  | { type: 'counted'; table: string; record: TableRecord };

export interface RunPipelineOptions {
  backend: StartedBackend;
  definition: PipelineDefinition;
  /** The landing data to stage; unused when `restore` gives a saved run's state instead. */
  landingDir: string;
  /** Run only these jobs on the state a saved run left (pipeline/rerun.ts), instead of staging the landing data. */
  restore?: {
    fromRunDir: string;
    jobs: string[];
    /** The saved run's id, recorded as run.json's `restoredFrom`. */
    fromRunId?: string;
    /** Landing tables staged again from `landingDir` (their DDL applied anew) instead of restored (`stedi dev --watch`). */
    restage?: string[];
  };
  /** How the landing data is named in the run record (default: the directory). */
  landingLabel?: string;
  /** Expected rows per table for this dataset. */
  /** Expected rows per table; null: Athena refuses the table (no count to compare). */
  expected?: Record<string, number | null>;
  expectationsFile?: string;
  runsRoot?: string;
  /** Minutes for every job run, overriding each job's `timeout` (as StartJobRun's Timeout overrides the job's). */
  jobTimeoutMinutes?: number;
  onEvent?: (event: RunEvent) => void;
  /**
   * Export each table while the later jobs run, kept when it still holds at the end
   * (early-export.ts); default true. false exports every table after the last job (the bench's reference).
   */
  earlyExport?: boolean;
  /** Observers of each table's counting scan: the quality gate loads its tables from the same read. */
  observers?: TableScanObservers;
}

export interface PipelineRun {
  runDir: string;
  record: RunRecord;
  /** Records of the landing files that are not JSON objects, located (first 20) and counted. */
  rejectedLanding: { count: number; lines: RejectedLine[] };
}

const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100;

/**
 * Runs a pipeline definition on a started backend: buckets and databases, every table that has
 * DDL created in the catalog (the catalog the user had in AWS), landing files staged, jobs in
 * dependency order (dependants of a job that did not succeed are SKIPPED), crawled tables'
 * partitions registered after each job, then every catalog table exported and counted from S3
 * into a run directory. The definition was validated when it was loaded: nothing here is bad
 * input except the landing directory, which is checked before the run directory exists.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineRun> {
  const { backend, definition } = options;
  const emit = options.onEvent ?? (() => undefined);
  const runsRoot = options.runsRoot ?? path.join('.stedi', 'runs');
  const restore = options.restore;
  const restage = new Set(restore?.restage ?? []);
  const toStage = definition.tables.filter((t) => !restore || restage.has(t.name));
  const landingFiles = toStage.length > 0 ? findLandingFiles(options.landingDir, toStage) : new Map<string, string[]>();
  const jobs = orderJobs(definition.jobs).filter((job) => !restore || restore.jobs.includes(job.name));
  const runId = newRunId();
  const runDir = createRunDirectory(runsRoot, runId);
  const startedAt = new Date().toISOString();

  const rejectedLanding = { count: 0, lines: [] as RejectedLine[] };
  const staged = new Map<string, StagedTable>();
  const faults: string[] = [];
  const fail = async (what: string, error: unknown): Promise<void> => {
    faults.push(`${what}: ${(await emulatorFault(backend)) ?? describeError(error)}`);
  };
  const early = options.earlyExport === false ? undefined : new EarlyExports(backend, runDir, options.observers);
  const databaseOf = new Map(definition.tables.map((t) => [t.name, t.database]));
  try {
    await ensureBucketsAndDatabases(backend.s3, backend.glue, definition);
    // Restored tables stay as the saved run left them (a job may have updated its table's schema).
    const except = toStage.flatMap((t) => (restore && t.ddlTable?.tableInput.Name ? [t.ddlTable.tableInput.Name] : []));
    const restored = new Set(restore ? (await restoreRun(backend.s3, backend.glue, restore.fromRunDir, { except })).map((t) => t.name) : []);
    for (const table of definition.tables) if (table.ddlTable && !restored.has(table.ddlTable.tableInput.Name ?? '')) await applyDdl(backend.glue, table.ddlTable);
    for (const table of toStage.filter((t) => t.zone === LANDING_ZONE && t.ddlTable)) {
      const folder = path.join(path.resolve(options.landingDir), table.landing as string);
      const result = await stageLandingTable(backend.s3, table, table.ddlTable!.location as string, landingFiles.get(table.name) ?? [], folder);
      staged.set(table.name, result);
      rejectedLanding.count += result.rejectedCount;
      rejectedLanding.lines.push(...result.rejected);
      emit({ type: 'staged', staged: result });
    }
  } catch (error) {
    // The emulator died or refused: no job can run, but the run record still says what happened.
    await fail(restore ? `restoring run ${restore.fromRunDir} failed` : 'staging the landing data failed', error);
  }
  // Staged and restored tables are final unless a job rewrites them (the early export then is dropped).
  if (faults.length === 0) await early?.startAll([...new Set(definition.tables.map((t) => t.database))]).catch(() => undefined);

  const jobRecords: JobRunRecord[] = [];
  const failed = new Set<string>();
  for (const [index, job] of jobs.entries()) {
    const blockedBy = faults.length > 0 ? ['staging'] : upstreamJobs(job, jobs).filter((name) => failed.has(name));
    if (blockedBy.length > 0) {
      failed.add(job.name);
      const skipped: JobRunRecord = { name: job.name, jobRunId: null, state: 'SKIPPED', seconds: 0, skippedBecause: blockedBy };
      jobRecords.push(skipped);
      emit({ type: 'job-finished', job: skipped, index, total: jobs.length });
      continue;
    }
    emit({ type: 'job-started', job: job.name, index, total: jobs.length });
    const record = await runOneJob(backend, job, runDir, options.jobTimeoutMinutes);
    if (record.state !== 'SUCCEEDED') failed.add(job.name);
    jobRecords.push(record);
    emit({ type: 'job-finished', job: record, index, total: jobs.length });
    for (const table of definition.tables.filter((t) => t.crawl && t.ddlTable)) {
      try {
        const report = await crawlTable(backend.s3, backend.glue, table.ddlTable!);
        appendJobLog(runDir, job.name, describeCrawl(report));
        emit({ type: 'crawled', job: job.name, report });
      } catch (error) {
        appendJobLog(runDir, job.name, `crawling ${table.name} failed: ${describeError(error)}`);
        await fail(`crawling ${table.name} after ${job.name} failed`, error);
      }
    }
    // The job's tables are written (and crawled): export them while the next job runs.
    if (record.state === 'SUCCEEDED') for (const output of job.outputs) early?.start(databaseOf.get(output) ?? definition.database, output);
  }

  const counted = await countTables({ backend, definition, runDir, expected: options.expected, staged, early, observers: options.observers }, (table, record) => emit({ type: 'counted', table, record }));
  // Nothing may still be writing into the run directory once its record is written.
  await early?.settled();
  if (counted.fault) {
    const dead = await emulatorFault(backend);
    faults.push(dead ? `counting the tables failed: ${dead}` : counted.fault);
  }
  try {
    // A rerun restores partitions where they were (custom locations too), not where a crawl would find them.
    await savePartitionLists(backend.glue, runDir);
  } catch (error) {
    await fail('saving the partition lists failed', error);
  }
  const tables = counted.tables;
  // Records the ledger accepted but a job's reader lost: located, and the run is not SUCCEEDED.
  reconcileRunTables(runDir, tables, jobRecords);
  keepLogs(runDir, backend.logFiles());
  const jobFailed = jobRecords.some((job) => job.state !== 'SUCCEEDED');
  const countsDiffer = Object.values(tables).some((t) => t.error !== undefined || t.rejectedRecords > 0 || t.lost !== undefined || (t.expected !== null && t.rows !== t.expected));
  const fault = [...new Set(faults)].join('; ');
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    pipeline: definition.file,
    pipelineName: definition.name,
    landing: options.landingLabel ?? path.resolve(options.landingDir),
    databases: [...new Set(definition.tables.map((t) => t.database))],
    tables,
    jobs: jobRecords,
    rules: definition.rules,
    backend: backendRecord(backend),
    ...(restore?.fromRunId ? { restoredFrom: restore.fromRunId } : {}),
    ...(options.expectationsFile ? { expectationsFile: options.expectationsFile } : {}),
    status: jobFailed || fault ? 'FAILED' : countsDiffer ? 'COUNT_MISMATCH' : 'SUCCEEDED',
    ...(fault ? { error: fault } : {}),
  };
  writeRunRecord(runDir, record);
  markLatest(runsRoot, runId);
  return { runDir, record, rejectedLanding };
}

/** The job run request: the run's override, else the job's own timeout, else the backend's default. */
export function jobRunRequest(job: JobDefinition, jobTimeoutMinutes?: number): JobRunRequest {
  const timeoutMinutes = jobTimeoutMinutes ?? job.timeout;
  return { jobName: job.name, script: job.scriptPath, arguments: job.arguments, ...(timeoutMinutes !== undefined ? { timeoutMinutes } : {}) };
}

async function runOneJob(backend: StartedBackend, job: JobDefinition, runDir: string, jobTimeoutMinutes: number | undefined): Promise<JobRunRecord> {
  const mark = performance.now();
  try {
    const run = await backend.runJob(jobRunRequest(job, jobTimeoutMinutes));
    writeJobLog(runDir, job.name, `${run.output}${run.error?.traceback ? `\n${run.error.traceback}` : ''}`);
    return {
      name: job.name,
      jobRunId: run.jobRunId,
      state: run.state,
      seconds: run.executionSeconds,
      startedOn: run.startedOn,
      completedOn: run.completedOn,
      ...(run.error ? { error: run.error } : {}),
      ...(run.dataQuality.length > 0 ? { dataQuality: run.dataQuality } : {}),
      ...(run.inputs && run.inputs.length > 0 ? { inputs: run.inputs } : {}),
    };
  } catch (error) {
    // The job server or the emulator died under the job: the run record still says what happened.
    const message = (await emulatorFault(backend)) ?? describeError(error);
    writeJobLog(runDir, job.name, message);
    return { name: job.name, jobRunId: null, state: 'FAILED', seconds: seconds(mark), error: { type: (error as Error).name ?? 'Error', message } };
  }
}
