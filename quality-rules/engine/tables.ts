/** Table providers: tables of a saved run (loaded lazily, once) or tables held in memory. */
import type * as arrow from 'apache-arrow';
import { InputError } from '../../common/errors';
import type { LoadedTable } from '../load/loaded-table';
import { columnSpecsOfArrow } from '../load/schema';
import { NO_SCHEMA_DRIFT } from '../load/schema-drift';
import { tableDataOf } from '../load/table-data';
import type { TableProvider } from './types';

/** Wraps a name → loader map with caching; a failed load is remembered and rethrown. */
export class LazyTables implements TableProvider {
  private readonly cache = new Map<string, Promise<LoadedTable>>();

  constructor(private readonly loaders: Map<string, () => Promise<LoadedTable>>) {}

  has(name: string): boolean {
    return this.loaders.has(name);
  }

  names(): string[] {
    return [...this.loaders.keys()];
  }

  /** Releases the data of every table loaded so far (spool files, memory budget); later loads read again. */
  async release(): Promise<void> {
    const loaded = [...this.cache.values()];
    this.cache.clear();
    for (const settled of await Promise.allSettled(loaded)) {
      if (settled.status === 'fulfilled') settled.value.table.release();
    }
  }

  load(name: string): Promise<LoadedTable> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const loader = this.loaders.get(name);
    const promise = loader
      ? loader()
      : Promise.reject(new InputError('TABLE_UNKNOWN', `table ${name} is not available (tables: ${this.names().join(', ') || 'none'})`));
    this.cache.set(name, promise);
    return promise;
  }
}

/** An in-memory table, for tests and hand-built data. */
export function loadedFromArrow(name: string, table: arrow.Table): LoadedTable {
  return { name, table: tableDataOf(table), columns: columnSpecsOfArrow(table.schema), format: 'rows', files: [], rejectedRecords: 0, invalidValues: 0, schemaDrift: NO_SCHEMA_DRIFT, problems: [] };
}

/** A provider over Arrow tables or already loaded tables, keyed by table name. */
export function tablesFrom(tables: Record<string, arrow.Table | LoadedTable>): TableProvider {
  const loaders = new Map<string, () => Promise<LoadedTable>>();
  for (const [name, value] of Object.entries(tables)) {
    const loaded = 'schema' in value ? loadedFromArrow(name, value) : value;
    loaders.set(name, () => Promise.resolve(loaded));
  }
  return new LazyTables(loaders);
}
