/**
 * Where each artifact lives in a run directory: what `stedi run` leaves behind so that other
 * commands (check, query, report) work offline, without the emulator. Layout:
 *
 *   .stedi/runs/<runId>/
 *     run.json                          the run record (run-record.ts)
 *     quality.json                      the quality gate's result, when the run ran it (quality-result.ts)
 *     catalog/<database>/<table>.json   the Glue `Table` object exactly as GetTable returns it (catalog-table.ts)
 *     ledger/<database>/<table>.json    the table layer's ledger of the table's lines (ledger.ts)
 *     data/<database>/<table>/...       every object under the table's S3 location, keys kept
 *                                       relative to that location (part-*.json, *.parquet, ...)
 *     logs/emulator.log                 the moto server's log
 *     logs/job-server.log               the Spark / job server's log
 *     jobs/<jobName>.log                what the job script printed, and its traceback if it failed
 *   .stedi/runs/latest                  symlink (or a file holding the id) to the newest run
 *
 * The JSON artifacts are validated on read against their zod schemas; `schemas/*.schema.json`
 * are the same schemas as JSON Schema, for editors and other tools.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containedPath } from '../contained-path';
import { RunDirError } from './artifact';

export const DEFAULT_RUNS_ROOT = path.join('.stedi', 'runs');

export function runRecordPath(runDir: string): string {
  return path.join(runDir, 'run.json');
}

export function qualityResultPath(runDir: string): string {
  return path.join(runDir, 'quality.json');
}

// Database and table names come from the Glue catalog (remote names a job may choose, `../x`
// included): each path is checked to stay inside its run-directory folder (PATH_ESCAPES_DESTINATION).
export function catalogTablePath(runDir: string, database: string, table: string): string {
  return containedPath(path.join(runDir, 'catalog'), [database, `${table}.json`], `catalog file of ${database}.${table}`);
}

export function ledgerTablePath(runDir: string, database: string, table: string): string {
  return containedPath(path.join(runDir, 'ledger'), [database, `${table}.json`], `ledger of ${database}.${table}`);
}

export function tableDataDir(runDir: string, database: string, table: string): string {
  return containedPath(path.join(runDir, 'data'), [database, table], `data directory of ${database}.${table}`);
}

/** Resolves `--run DIR` (default: the latest run under .stedi/runs) to an existing run directory. */
export function resolveRunDir(runDir: string | undefined, runsRoot = DEFAULT_RUNS_ROOT): string {
  const candidate = runDir ?? path.join(runsRoot, 'latest');
  let resolved = candidate;
  try {
    resolved = fs.realpathSync(candidate);
  } catch {
    throw new RunDirError(
      'RUN_NOT_FOUND',
      runDir === undefined
        ? `no saved run under ${runsRoot}: run \`stedi run\` first, or pass --run DIR`
        : `run directory ${candidate} does not exist`,
    );
  }
  if (!fs.existsSync(runRecordPath(resolved))) {
    throw new RunDirError('RUN_INCOMPLETE', `${resolved} has no run.json: it is not a stedi run directory`);
  }
  return resolved;
}
