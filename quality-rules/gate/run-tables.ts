/**
 * The tables of a saved run as a TableProvider: every table of run.json, plus any catalog
 * entry found under catalog/<db>/ that run.json does not list, each loaded on first use.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../common/run-dir';
import { LazyTables } from '../engine/tables';
import type { LoadedTable } from '../load/loaded-table';
import { loadRunTable } from '../load/run-table';
import type { PreloadedTables } from './preloaded-tables';

/** `preloaded`: tables already loaded from the run's counting scan; the others are read from the run directory. */
export function runTables(runDir: string, record: Pick<RunRecord, 'tables'>, preloaded?: PreloadedTables): LazyTables {
  const loaders = new Map<string, () => Promise<LoadedTable>>();
  for (const [name, table] of Object.entries(record.tables)) {
    loaders.set(name, async () => preloaded?.take(table.database, name) ?? loadRunTable(runDir, table.database, name));
  }
  const catalogRoot = path.join(runDir, 'catalog');
  if (fs.existsSync(catalogRoot)) {
    for (const database of fs.readdirSync(catalogRoot).sort()) {
      const dir = path.join(catalogRoot, database);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        const name = file.slice(0, -'.json'.length);
        if (!loaders.has(name)) loaders.set(name, () => loadRunTable(runDir, database, name));
      }
    }
  }
  return new LazyTables(loaders);
}
