/**
 * The Glue table model the layer reads by: a Glue `Table` as GetTable returns it (validated with
 * the run directory's zod schema when read from a file), its columns as Hive types, and a
 * TableSource — a table plus the local directory holding the objects under its LOCATION.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Table } from '@aws-sdk/client-glue';
import { InputError } from '../common/errors';
import { readCatalogTable } from '../common/run-dir/catalog-table';
import { catalogTablePath, tableDataDir } from '../common/run-dir/layout';
import type { TableColumn } from './cells';
import { formatHiveType, parseHiveType } from './ddl/hive-type';

/** A Glue table as GetTable returns it (the AWS SDK type; files are checked with zod on read). */
export type GlueTable = Table;

export interface TableSource {
  database: string;
  name: string;
  table: GlueTable;
  /** Where the objects under the table's LOCATION are, keys kept relative to the location. */
  dataDir: string;
  /** The catalog file the table came from, when it came from one. */
  catalogFile?: string;
}

/** Reads catalog/<db>/<table>.json (or any file holding a Table / GetTable response), zod-checked. */
export function readGlueTableFile(file: string): GlueTable {
  return readCatalogTable(file) as GlueTable;
}

/** The table's data columns then its partition keys, with parsed Hive types. */
export function tableColumns(table: GlueTable): TableColumn[] {
  const qualified = `${table.DatabaseName ?? '?'}.${table.Name ?? '?'}`;
  const toColumn = (partition: boolean) => (column: { Name?: string; Type?: string }): TableColumn => {
    const type = parseHiveType(column.Type ?? 'string', `${qualified}.${column.Name}`);
    return { name: (column.Name ?? '').toLowerCase(), type, typeText: formatHiveType(type), partition };
  };
  return [...(table.StorageDescriptor?.Columns ?? []).map(toColumn(false)), ...(table.PartitionKeys ?? []).map(toColumn(true))];
}

/** The table `database.table` of a saved run directory. */
export function runTableSource(runDir: string, database: string, table: string): TableSource {
  const catalogFile = catalogTablePath(runDir, database, table);
  if (!fs.existsSync(catalogFile)) {
    throw new InputError('TABLE_NOT_IN_RUN', `table ${database}.${table} is not in run ${runDir}: no ${path.relative(runDir, catalogFile)}`);
  }
  const glueTable = readGlueTableFile(catalogFile);
  return { database: database.toLowerCase(), name: table.toLowerCase(), table: glueTable, dataDir: tableDataDir(runDir, database, table), catalogFile };
}

/** Every table saved in a run directory (catalog/<database>/<table>.json), sorted. */
export function listRunTableSources(runDir: string): TableSource[] {
  const catalogDir = path.join(runDir, 'catalog');
  if (!fs.existsSync(catalogDir)) {
    throw new InputError('RUN_NO_CATALOG', `${runDir} has no catalog/ directory: it is not a stedi run directory (or the run saved no tables)`);
  }
  const sources: TableSource[] = [];
  for (const database of fs.readdirSync(catalogDir).sort()) {
    const databaseDir = path.join(catalogDir, database);
    if (!fs.statSync(databaseDir).isDirectory()) continue;
    for (const fileName of fs.readdirSync(databaseDir).sort()) {
      if (!fileName.endsWith('.json')) continue;
      const catalogFile = path.join(databaseDir, fileName);
      const table = readGlueTableFile(catalogFile);
      const name = (table.Name ?? fileName.slice(0, -'.json'.length)).toLowerCase();
      sources.push({ database: database.toLowerCase(), name, table, dataDir: tableDataDir(runDir, database, name), catalogFile });
    }
  }
  return sources;
}
