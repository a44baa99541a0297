/**
 * The catalog saved in a run directory: catalog/<database>/<table>.json, each a Glue `Table` as
 * GetTable returned it — read by the table layer (zod-checked, paths contained).
 */
import type { Table } from '@aws-sdk/client-glue';
import { listRunTableSources } from '../table';

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
  return listRunTableSources(runDir).map((source) => ({
    database: source.database,
    name: source.name,
    table: source.table,
    file: source.catalogFile ?? '',
    dataDir: source.dataDir,
  }));
}
