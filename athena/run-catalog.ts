/**
 * The catalog saved in a run directory: catalog/<database>/<table>.json, each a Glue `Table` as
 * GetTable returned it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Table } from '@aws-sdk/client-glue';
import { InputError } from '../common/errors';
import { tableDataDir } from '../common/run-dir';

export interface CatalogEntry {
  database: string;
  name: string;
  table: Table;
  /** The catalog JSON file the entry came from. */
  file: string;
  /** Where the table's exported objects are (data/<database>/<table>/). */
  dataDir: string;
}

export function readRunCatalog(runDir: string): CatalogEntry[] {
  const catalogDir = path.join(runDir, 'catalog');
  if (!fs.existsSync(catalogDir)) {
    throw new InputError('RUN_NO_CATALOG', `${runDir} has no catalog/ directory: it is not a stedi run directory (or the run saved no tables)`);
  }
  const entries: CatalogEntry[] = [];
  for (const database of fs.readdirSync(catalogDir).sort()) {
    const databaseDir = path.join(catalogDir, database);
    if (!fs.statSync(databaseDir).isDirectory()) continue;
    for (const fileName of fs.readdirSync(databaseDir).sort()) {
      if (!fileName.endsWith('.json')) continue;
      const file = path.join(databaseDir, fileName);
      let table: Table;
      try {
        table = JSON.parse(fs.readFileSync(file, 'utf8')) as Table;
      } catch (error) {
        throw new InputError('RUN_CATALOG_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, error);
      }
      const name = (table.Name ?? fileName.slice(0, -'.json'.length)).toLowerCase();
      entries.push({ database: database.toLowerCase(), name, table, file, dataDir: tableDataDir(runDir, database, name) });
    }
  }
  return entries;
}
