/**
 * Tables the gate does not read again: built from the run's own counting scan (the table layer
 * hands each batch to an observer), so `stedi run` reads every table once for the count and the
 * rules. The run directory stays the record: `stedi check` on a saved run reads it from there,
 * through the same loader, and gets the same tables.
 */
import type { TableScanObserver, TableScanObservers, TableSource } from '../../table';
import type { LoadedTable } from '../load/loaded-table';
import { TableLoader } from '../load/run-table';

const keyOf = (database: string, name: string): string => `${database.toLowerCase()}.${name.toLowerCase()}`;

export class PreloadedTables implements TableScanObservers {
  private readonly tables = new Map<string, LoadedTable>();

  observe(source: TableSource): TableScanObserver {
    const loader = new TableLoader(source.name, source);
    return {
      onBatch: loader.onBatch,
      finish: (ledger) => {
        this.tables.set(keyOf(source.database, source.name), loader.finish(ledger));
      },
    };
  }

  forget(database: string, name: string): void {
    this.tables.get(keyOf(database, name))?.table.release();
    this.tables.delete(keyOf(database, name));
  }

  /** Releases the tables nobody took (their spool files and memory budget). */
  releaseRest(): void {
    for (const table of this.tables.values()) table.table.release();
    this.tables.clear();
  }

  /** The table loaded from the counting scan, handed over once (the gate keeps its own reference). */
  take(database: string, name: string): LoadedTable | undefined {
    const key = keyOf(database, name);
    const table = this.tables.get(key);
    this.tables.delete(key);
    return table;
  }
}
