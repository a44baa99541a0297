/**
 * Exporting tables while later jobs run. A run's last step downloads and counts every catalog
 * table; most of them stop changing long before that (landing tables once staged, a job's outputs
 * once it finished), and a job on a warm Spark leaves the CLI's CPU idle. So each such table is
 * exported in the background, one at a time, as soon as it is written; at the end an early
 * export is kept only when nothing it read has changed since:
 * - the catalog entry reads the same (columns, location, SerDe, partition keys, parameters), and
 * - S3 lists the same objects with the same ETags and sizes, and no object was replaced during
 *   the download itself (its GetObject answered the ETag the listing had).
 * Otherwise it is dropped (with whatever the gate's observer built from it) and the table is
 * exported again. Counts therefore equal those of an export made at the end, by construction.
 */
import { EntityNotFoundException, GetTableCommand, type Table } from '@aws-sdk/client-glue';
import * as fs from 'node:fs';
import { catalogTablePath, ledgerTablePath, tableDataDir } from '../common/run-dir';
import type { StartedBackend } from '../harness/backend';
import { listCatalogTables, listObjects, parseS3Location, sameListing, type TableScanObservers } from '../table';
import { exportTable, type ExportedTable } from './export-tables';

interface EarlyExport {
  table: Table;
  exported: ExportedTable;
}

/** The parts of a catalog entry a table's export depends on; timestamps and versions are not among them. */
function readingFingerprint(table: Table): string {
  return JSON.stringify([table.DatabaseName, table.Name, table.TableType, table.StorageDescriptor, table.PartitionKeys, table.Parameters]);
}

const keyOf = (database: string, name: string): string => `${database.toLowerCase()}.${name.toLowerCase()}`;

export class EarlyExports {
  private readonly exports = new Map<string, Promise<EarlyExport | undefined>>();
  private readonly taken = new Set<string>();
  /** One export at a time, in the order asked: the jobs keep the other core. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Early exports kept and dropped (the tests read it). */
  readonly outcome = { kept: 0, dropped: 0 };

  constructor(
    private readonly backend: Pick<StartedBackend, 's3' | 'glue'>,
    private readonly runDir: string,
    private readonly observers?: TableScanObservers,
  ) {}

  /** Exports table `database.name` in the background, after the exports already asked for (a table asked again is exported again). */
  start(database: string, name: string): void {
    const next = this.queue.then(() => this.exportNow(database, name));
    this.queue = next;
    this.exports.set(keyOf(database, name), next);
  }

  /** Resolves when every export asked for so far has ended. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** Exports every table the catalog holds now in these databases (after staging or restoring a run). */
  async startAll(databases: string[]): Promise<void> {
    for (const database of databases) {
      for (const table of await listCatalogTables(this.backend.glue, database)) this.start(database, table.Name ?? '');
    }
  }

  /**
   * The early export of `table` (as the catalog lists it now) when it still holds, else undefined:
   * the caller exports the table again. The kept export's catalog file is rewritten from `table`.
   */
  async take(table: Table): Promise<ExportedTable | undefined> {
    const database = (table.DatabaseName ?? 'default').toLowerCase();
    const name = (table.Name ?? '').toLowerCase();
    const key = keyOf(database, name);
    this.taken.add(key);
    const early = await this.exports.get(key);
    if (!early) return undefined;
    const holds = early.exported.error === undefined
      && early.exported.snapshot?.consistent === true
      && readingFingerprint(early.table) === readingFingerprint(table)
      && await this.sameObjects(table, early.exported);
    if (!holds) {
      this.observers?.forget(database, name);
      this.outcome.dropped++;
      return undefined;
    }
    fs.writeFileSync(catalogTablePath(this.runDir, database, name), `${JSON.stringify(table, null, 2)}\n`);
    this.outcome.kept++;
    return early.exported;
  }

  /**
   * Removes what the early exports of tables the catalog no longer lists left in the run
   * directory (a job dropped the table): the run records the catalog as it ends.
   */
  async discardUntaken(): Promise<void> {
    for (const [key, pending] of this.exports) {
      if (this.taken.has(key)) continue;
      const early = await pending;
      if (!early) continue;
      const database = early.exported.database;
      const name = early.exported.name;
      this.observers?.forget(database, name);
      for (const file of [catalogTablePath(this.runDir, database, name), ledgerTablePath(this.runDir, database, name), tableDataDir(this.runDir, database, name)]) {
        fs.rmSync(file, { recursive: true, force: true });
      }
      this.outcome.dropped++;
    }
  }

  private async sameObjects(table: Table, exported: ExportedTable): Promise<boolean> {
    try {
      const now = await listObjects(this.backend.s3, parseS3Location(table.StorageDescriptor?.Location ?? '', `${table.DatabaseName}.${table.Name}`));
      return sameListing(now, exported.snapshot?.objects ?? []);
    } catch {
      return false; // the export at the end says what is wrong
    }
  }

  private async exportNow(database: string, name: string): Promise<EarlyExport | undefined> {
    try {
      const found = await this.backend.glue.send(new GetTableCommand({ DatabaseName: database, Name: name }));
      const table = found.Table;
      if (!table) return undefined;
      return { table, exported: await exportTable(this.backend.s3, table, this.runDir, { observers: this.observers, yieldBetweenBatches: true }) };
    } catch (error) {
      // Not written yet, or the emulator is gone: the export at the end finds out and says so.
      if (!(error instanceof EntityNotFoundException)) this.observers?.forget(database, name);
      return undefined;
    }
  }
}
