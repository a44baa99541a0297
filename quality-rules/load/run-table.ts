/**
 * Loads one table of a saved run: the catalog entry (catalog/<db>/<table>.json, the Glue
 * `Table` as GetTable returns it) gives the schema and SerDe settings; the objects under
 * data/<db>/<table>/ give the rows. Partition columns are read from `key=value` path segments,
 * as Hive does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import { catalogTablePath, readCatalogTable, tableDataDir, type CatalogColumn } from '../../common/run-dir';
import { isParquetFile, listDataFiles } from './data-files';
import { loadJsonLinesFiles } from './json-lines';
import { MAX_PROBLEM_SAMPLES, type LoadedTable } from './loaded-table';
import { loadParquetFiles } from './parquet';
import { mergeSchemaDrift } from './schema-drift';
import { columnKindOf, type ColumnSpec, type SchemaShorthand } from './schema';

export interface CatalogEntry {
  columns: ColumnSpec[];
  partitionKeys: string[];
  format: string;
  keyMapping: Record<string, string>;
}

/** Reads a catalog file (validated by common/run-dir); accepts the bare `Table` or the whole GetTable response. */
export function readCatalogEntry(file: string): CatalogEntry {
  const table = readCatalogTable(file);
  const columns = table.StorageDescriptor?.Columns;
  if (!Array.isArray(columns)) {
    throw new InputError('CATALOG_NO_COLUMNS', `catalog entry ${file} has no StorageDescriptor.Columns`);
  }
  const partitions = table.PartitionKeys ?? [];
  const toSpec = (c: CatalogColumn): ColumnSpec => {
    try {
      return { name: c.Name.toLowerCase(), kind: columnKindOf(c.Type ?? ''), catalogType: c.Type ?? '' };
    } catch (error) {
      throw new InputError('CATALOG_TYPE', `catalog entry ${file}: column ${c.Name}: ${(error as Error).message}`, error);
    }
  };
  const serde = table.StorageDescriptor?.SerdeInfo;
  const library = (serde?.SerializationLibrary ?? '').toLowerCase();
  const classification = (table.Parameters?.classification ?? '').toLowerCase();
  const format = classification || (library.includes('parquet') ? 'parquet' : library.includes('json') ? 'json' : 'unknown');
  const keyMapping: Record<string, string> = {};
  for (const [key, value] of Object.entries(serde?.Parameters ?? {})) {
    if (key.toLowerCase().startsWith('mapping.')) keyMapping[key.slice('mapping.'.length)] = value;
  }
  return { columns: [...columns, ...partitions].map(toSpec), partitionKeys: partitions.map((p) => p.Name.toLowerCase()), format, keyMapping };
}

/** Adds `key=value` path segments as partition column values to every record of a file. */
function partitionValues(file: string, root: string, keys: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const segment of path.relative(root, path.dirname(file)).split(path.sep)) {
    const eq = segment.indexOf('=');
    if (eq > 0 && keys.includes(segment.slice(0, eq).toLowerCase())) values[segment.slice(0, eq).toLowerCase()] = decodeURIComponent(segment.slice(eq + 1));
  }
  return values;
}

async function loadFiles(name: string, dir: string, entry: CatalogEntry): Promise<LoadedTable> {
  const files = listDataFiles(dir);
  if (entry.format === 'csv') throw new InputError('FORMAT_UNSUPPORTED', `table ${name}: CSV tables are not supported by the quality loaders`);
  const parquet = files.filter(isParquetFile);
  const json = files.filter((f) => !parquet.includes(f));
  const extraValues = entry.partitionKeys.length > 0 ? (file: string) => partitionValues(file, dir, entry.partitionKeys) : undefined;
  const parts: LoadedTable[] = [];
  if (json.length > 0 || parquet.length === 0) {
    parts.push(loadJsonLinesFiles(name, json, entry.columns, { keyMapping: entry.keyMapping, relativeTo: dir, extraValues }));
  }
  if (parquet.length > 0) parts.push(await loadParquetFiles(name, parquet, entry.columns, extraValues));
  const [first, ...rest] = parts;
  return {
    name,
    table: rest.reduce((acc, part) => acc.concat(part.table), first!.table),
    columns: entry.columns,
    format: parquet.length > 0 ? 'parquet' : 'json',
    files,
    rejectedRecords: parts.reduce((n, p) => n + p.rejectedRecords, 0),
    invalidValues: parts.reduce((n, p) => n + p.invalidValues, 0),
    schemaDrift: mergeSchemaDrift(parts.map((p) => p.schemaDrift)),
    problems: parts.flatMap((p) => p.problems).slice(0, MAX_PROBLEM_SAMPLES),
  };
}

/** Loads table `table` of database `database` from a run directory. */
export async function loadRunTable(runDir: string, database: string, table: string): Promise<LoadedTable> {
  const catalogFile = catalogTablePath(runDir, database, table);
  if (!fs.existsSync(catalogFile)) {
    throw new InputError('TABLE_NOT_IN_RUN', `table ${database}.${table} is not in run ${runDir}: no ${path.relative(runDir, catalogFile)}`);
  }
  const entry = readCatalogEntry(catalogFile);
  return loadFiles(table, tableDataDir(runDir, database, table), entry);
}

/** Loads a plain directory of JSON-lines files with a given column list (hand-built tables). */
export function loadJsonLinesDirectory(name: string, dir: string, schema: SchemaShorthand): LoadedTable {
  if (!fs.existsSync(dir)) throw new InputError('TABLE_DIR_MISSING', `table ${name}: directory ${dir} does not exist`);
  return loadJsonLinesFiles(name, listDataFiles(dir), schema, { relativeTo: dir });
}
