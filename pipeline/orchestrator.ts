import * as path from 'node:path';
import { describeError } from '../common/errors';
import { RUN_RECORD_SCHEMA_VERSION, type JobRunRecord, type RunRecord, type TableRecord, type Zone } from '../common/run-dir';
import type { StartedBackend } from '../harness/backend';
import { applyDdl, ensureBucketsAndDatabases, tableFromDdl } from './catalog-setup';
import { orderJobs, upstreamJobs } from './dag';
import type { PipelineDefinition } from './definition';
import { exportTable, listCatalogTables, type ExportedTable } from './export-tables';
import type { RejectedLine } from './json-lines';
import { createRunDirectory, keepLogs, markLatest, newRunId, writeJobLog, writeRunRecord } from './run-directory';
import { findLandingFiles, stageLandingTable, type StagedTable } from './staging';

export type RunEvent =
  | { type: 'staged'; staged: StagedTable }
  | { type: 'job-started'; job: string; index: number; total: number }
  | { type: 'job-finished'; job: JobRunRecord; index: number; total: number }
  | { type: 'counted'; table: string; record: TableRecord };

export interface RunPipelineOptions {
  backend: StartedBackend;
  definition: PipelineDefinition;
  landingDir: string;
  /** How the landing data is named in the run record (default: the directory). */
  landingLabel?: string;
  /** Expected rows per table for this dataset. */
  expected?: Record<string, number>;
  expectationsFile?: string;
  runsRoot?: string;
  onEvent?: (event: RunEvent) => void;
}

export interface PipelineRun {
  runDir: string;
  record: RunRecord;
  /** Records of the landing files that are not JSON objects, located (first 20) and counted. */
  rejectedLanding: { count: number; lines: RejectedLine[] };
}

const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100;

/**
 * Runs a pipeline definition on a started backend: buckets and databases, landing tables from
 * their DDL, landing files staged, jobs in dependency order (dependants of a failed job are
 * SKIPPED), then every catalog table exported and counted from S3 into a run directory.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineRun> {
  const { backend, definition } = options;
  const emit = options.onEvent ?? (() => undefined);
  const runsRoot = options.runsRoot ?? path.join('.stedi', 'runs');
  const landingFiles = findLandingFiles(options.landingDir, definition.tables);
  // Bad DDL is bad input: refused before a run directory exists.
  const landingTables = definition.tables.filter((t) => t.zone === 'landing').map((table) => ({ table, ddl: tableFromDdl(table) }));
  const jobs = orderJobs(definition.jobs);
  const runId = newRunId();
  const runDir = createRunDirectory(runsRoot, runId);
  const startedAt = new Date().toISOString();

  const rejectedLanding = { count: 0, lines: [] as RejectedLine[] };
  let fault: string | undefined;
  try {
    await ensureBucketsAndDatabases(backend.s3, backend.glue, definition);
    for (const { table, ddl } of landingTables) {
      await applyDdl(backend.glue, ddl);
      const folder = path.join(path.resolve(options.landingDir), table.landing as string);
      const staged = await stageLandingTable(backend.s3, table, ddl.location, landingFiles.get(table.name) ?? [], folder);
      rejectedLanding.count += staged.rejectedCount;
      rejectedLanding.lines.push(...staged.rejected);
      emit({ type: 'staged', staged });
    }
  } catch (error) {
    // The emulator died or refused: no job can run, but the run record still says what happened.
    fault = `staging the landing data failed: ${describeError(error)}`;
  }

  const jobRecords: JobRunRecord[] = [];
  const failed = new Set<string>();
  for (const [index, job] of jobs.entries()) {
    const blockedBy = fault ? ['staging'] : upstreamJobs(job, jobs).filter((name) => failed.has(name));
    if (blockedBy.length > 0) {
      failed.add(job.name);
      const skipped: JobRunRecord = { name: job.name, jobRunId: null, state: 'SKIPPED', seconds: 0, skippedBecause: blockedBy };
      jobRecords.push(skipped);
      emit({ type: 'job-finished', job: skipped, index, total: jobs.length });
      continue;
    }
    emit({ type: 'job-started', job: job.name, index, total: jobs.length });
    const mark = performance.now();
    let record: JobRunRecord;
    try {
      const run = await backend.runJob({ jobName: job.name, script: job.scriptPath, arguments: job.arguments });
      record = {
        name: job.name,
        jobRunId: run.jobRunId,
        state: run.state,
        seconds: run.executionSeconds,
        startedOn: run.startedOn,
        completedOn: run.completedOn,
        ...(run.error ? { error: run.error } : {}),
        ...(run.dataQuality.length > 0 ? { dataQuality: run.dataQuality } : {}),
      };
      writeJobLog(runDir, job.name, `${run.output}${run.error?.traceback ? `\n${run.error.traceback}` : ''}`);
    } catch (error) {
      // The job server or emulator died under the job: the run record still says what happened.
      record = { name: job.name, jobRunId: null, state: 'FAILED', seconds: seconds(mark), error: { type: (error as Error).name ?? 'Error', message: describeError(error) } };
      writeJobLog(runDir, job.name, describeError(error));
    }
    if (record.state !== 'SUCCEEDED') failed.add(job.name);
    jobRecords.push(record);
    emit({ type: 'job-finished', job: record, index, total: jobs.length });
  }

  let tables: Record<string, TableRecord> = {};
  try {
    tables = await countTables(options, runDir, emit);
  } catch (error) {
    fault = [fault, `counting the tables failed: ${describeError(error)}`].filter(Boolean).join('; ');
  }
  keepLogs(runDir, backend.logFiles());
  const jobFailed = jobRecords.some((job) => job.state !== 'SUCCEEDED');
  const countsDiffer = Object.values(tables).some((t) => t.error !== undefined || t.rejectedRecords > 0 || (t.expected !== null && t.rows !== t.expected));
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    pipeline: definition.file,
    landing: options.landingLabel ?? path.resolve(options.landingDir),
    databases: [...new Set(definition.tables.map((t) => t.database))],
    tables,
    jobs: jobRecords,
    ...(options.expectationsFile ? { expectationsFile: options.expectationsFile } : {}),
    status: jobFailed || fault ? 'FAILED' : countsDiffer ? 'COUNT_MISMATCH' : 'SUCCEEDED',
    ...(fault ? { error: fault } : {}),
  };
  writeRunRecord(runDir, record);
  markLatest(runsRoot, runId);
  return { runDir, record, rejectedLanding };
}

/** Declared tables first (in declaration order), then any other table the jobs registered. */
async function countTables(options: RunPipelineOptions, runDir: string, emit: (event: RunEvent) => void): Promise<Record<string, TableRecord>> {
  const { backend, definition } = options;
  const declared = new Map(definition.tables.map((table) => [table.name, table]));
  const tables: Record<string, TableRecord> = {};
  const databases = [...new Set(definition.tables.map((t) => t.database))];
  const exported = new Map<string, ExportedTable>();
  for (const database of databases) {
    for (const table of await listCatalogTables(backend.glue, database)) {
      exported.set(table.Name ?? '', await exportTable(backend.s3, table, runDir));
    }
  }
  const names = [...declared.keys(), ...[...exported.keys()].filter((name) => !declared.has(name))];
  for (const name of names) {
    const found = exported.get(name);
    const zone: Zone = declared.get(name)?.zone ?? 'curated';
    const record: TableRecord = {
      database: found?.database ?? declared.get(name)?.database ?? definition.database,
      zone,
      location: found?.location ?? '',
      format: found?.format ?? 'unknown',
      rows: found?.rows ?? null,
      expected: options.expected?.[name] ?? null,
      rejectedRecords: found?.rejectedCount ?? 0,
      ...(found?.error ? { error: found.error } : found ? {} : { error: `${name} is not in the catalog: the job writing it did not register it` }),
    };
    tables[name] = record;
    emit({ type: 'counted', table: name, record });
  }
  return tables;
}
