/**
 * The last step of a run: every catalog table of the definition's databases exported into the
 * run directory and counted from what is really in S3. A table that cannot be read is an error
 * on that table only; when the catalog itself cannot be listed (the emulator is gone), the counts
 * made while staging the landing tables are kept, and the other tables say why they have none.
 */
import type { Table } from '@aws-sdk/client-glue';
import { describeError } from '../common/errors';
import type { TableRecord } from '../common/run-dir';
import type { StartedBackend } from '../harness/backend';
import type { TableScanObservers } from '../table';
import type { PipelineDefinition, TableDefinition } from './definition';
import type { EarlyExports } from './early-export';
import { exportTable, listCatalogTables, tableFormat, type ExportedTable } from './export-tables';
import { catalogName } from './glue-names';
import type { StagedTable } from './staging';

/** The zone label of a table a job registered but the definition does not declare: no zone is guessed. */
export const UNDECLARED_ZONE = 'undeclared';

export interface CountInput {
  backend: Pick<StartedBackend, 's3' | 'glue'>;
  definition: PipelineDefinition;
  runDir: string;
  expected?: Record<string, number | null>;
  staged: Map<string, StagedTable>;
  /** Tables exported while later jobs ran: kept where they still hold (early-export.ts). */
  early?: EarlyExports;
  /** Observers of each table's counting scan (the quality gate's loader). */
  observers?: TableScanObservers;
}

export interface CountResult {
  tables: Record<string, TableRecord>;
  /** Why the catalog could not be listed, if it could not. */
  fault?: string;
}

function stagedFigures(staged: StagedTable): NonNullable<TableRecord['staged']> {
  return { files: staged.files, records: staged.records, rejectedFiles: staged.rejectedFiles, ledger: staged.ledger };
}

function stagedRecord(table: TableDefinition, staged: StagedTable | undefined, expected: number | null, fault: string): TableRecord {
  const ddl = table.ddlTable;
  const base: TableRecord = {
    database: table.database,
    zone: table.zone,
    location: ddl?.location ?? '',
    format: ddl ? tableFormat(ddl.tableInput as Table) : 'unknown',
    rows: null,
    expected,
    rejectedRecords: 0,
  };
  if (!staged) return { ...base, error: `not counted: ${fault}` };
  // The landing files were read line by line while staging: those counts stand.
  return { ...base, rows: staged.records, rejectedRecords: staged.rejectedCount, staged: stagedFigures(staged) };
}

/** Declared tables first (in declaration order), then any other table the jobs registered. */
export async function countTables(input: CountInput, onCounted: (name: string, record: TableRecord) => void = () => undefined): Promise<CountResult> {
  const { backend, definition } = input;
  const declared = new Map(definition.tables.map((table) => [table.name, table]));
  const expected = new Map(Object.entries(input.expected ?? {}).map(([table, rows]) => [catalogName(table), rows]));
  const expectedOf = (name: string): number | null => expected.get(name) ?? null;
  const exported = new Map<string, ExportedTable>();
  let fault: string | undefined;
  try {
    for (const database of [...new Set(definition.tables.map((t) => t.database))]) {
      for (const table of await listCatalogTables(backend.glue, database)) {
        const name = table.Name ?? '';
        if (exported.has(name) && declared.get(name)?.database !== database) continue; // the declared database's table wins
        exported.set(name, (await input.early?.take(table)) ?? await exportTable(backend.s3, table, input.runDir, { observers: input.observers }));
      }
    }
  } catch (error) {
    fault = `counting the tables failed: ${describeError(error)}`;
  }
  // Early exports of tables no longer in the catalog (dropped by a job) leave nothing behind.
  if (!fault) await input.early?.discardUntaken();
  const tables: Record<string, TableRecord> = {};
  const names = [...declared.keys(), ...[...exported.keys()].filter((name) => !declared.has(name))];
  for (const name of names) {
    const table = declared.get(name);
    const found = exported.get(name);
    let record: TableRecord;
    if (!found && fault && table) {
      record = stagedRecord(table, input.staged.get(name), expectedOf(name), fault);
    } else {
      record = {
        database: found?.database ?? table?.database ?? definition.database,
        zone: table?.zone ?? UNDECLARED_ZONE,
        location: found?.location ?? '',
        format: found?.format ?? 'unknown',
        rows: found?.rows ?? null,
        expected: expectedOf(name),
        // Landing files refused while staging (not the table's format) never reached S3: still rejected.
        rejectedRecords: (found?.rejectedCount ?? 0) + (input.staged.get(name)?.rejectedFiles.length ?? 0),
        ...(found?.ledger ? { ledger: found.ledger } : {}),
        ...(input.staged.get(name) ? { staged: stagedFigures(input.staged.get(name)!) } : {}),
        ...(found?.error ? { error: found.error } : found ? {} : { error: `${name} is not in the catalog: the job writing it did not register it` }),
      };
    }
    tables[name] = record;
    onCounted(name, record);
  }
  return { tables, ...(fault ? { fault } : {}) };
}
