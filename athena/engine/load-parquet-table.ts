/**
 * Loads a Parquet table's exported objects into DuckDB the way Athena reads Hive Parquet tables:
 * columns are matched to the catalog by name, case-insensitively; a column absent from a file is
 * NULL; a file whose column type cannot be read as the catalog type makes that column fail with
 * HIVE_BAD_DATA when read (lazily, like Athena); the catalog's types are what queries see.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckTypeOf, parseHiveType, quoteDuckIdentifier as q } from '../ddl/hive-type';
import type { CatalogEntry } from '../run-catalog';
import { LoadedTable, RawColumn, RawName, rawColumnDefinitions, rawTableSql, hasBadColumn } from './raw-table';
import { listTableFiles } from './table-files';

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const INTEGER_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4 };

/** Whether Athena reads a Parquet column of `fileType` as a table column of `tableType`. */
export function parquetCoercible(fileType: string, tableType: string): boolean {
  if (fileType === tableType) return true;
  if (INTEGER_RANK[fileType] && INTEGER_RANK[tableType]) return INTEGER_RANK[fileType] <= INTEGER_RANK[tableType];
  if (fileType === 'FLOAT' && tableType === 'DOUBLE') return true;
  if (/^TIMESTAMP/.test(fileType) && tableType === 'TIMESTAMP') return true;
  const fileDecimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(fileType.replace(/\s/g, ''));
  const tableDecimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(tableType.replace(/\s/g, ''));
  if (fileDecimal && tableDecimal) {
    const [fp, fs] = [Number(fileDecimal[1]), Number(fileDecimal[2])];
    const [tp, ts] = [Number(tableDecimal[1]), Number(tableDecimal[2])];
    return ts >= fs && tp - ts >= fp - fs;
  }
  if (INTEGER_RANK[fileType] && tableDecimal) return true;
  // Nested types: same shape is read field by field; DuckDB's cast does the matching.
  const shape = (t: string): string => (t.startsWith('STRUCT') ? 'STRUCT' : t.startsWith('MAP') ? 'MAP' : t.endsWith('[]') ? 'LIST' : t);
  return ['STRUCT', 'MAP', 'LIST'].includes(shape(fileType)) && shape(fileType) === shape(tableType);
}

export async function loadParquetTable(connection: DuckDBConnection, entry: CatalogEntry, rawName: RawName): Promise<LoadedTable> {
  const qualified = `${entry.database}.${entry.name}`;
  const dataColumns = (entry.table.StorageDescriptor?.Columns ?? []).map((c) => ({
    name: (c.Name ?? '').toLowerCase(),
    type: parseHiveType(c.Type ?? 'string', `${qualified}.${c.Name}`),
  }));
  const partitionColumns = (entry.table.PartitionKeys ?? []).map((c) => ({
    name: (c.Name ?? '').toLowerCase(),
    type: parseHiveType(c.Type ?? 'string', `${qualified}.${c.Name}`),
  }));
  const listing = listTableFiles(entry.dataDir, entry.table.PartitionKeys ?? []);

  // First pass: each file's schema, so columns that mismatch anywhere get their error column.
  const schemas: Map<string, { name: string; type: string }>[] = [];
  for (const file of listing.files) {
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file.file)})`);
    const byName = new Map<string, { name: string; type: string }>();
    for (const [name, type] of described.getRows()) {
      const key = String(name).toLowerCase();
      if (!byName.has(key)) byName.set(key, { name: String(name), type: String(type) });
    }
    schemas.push(byName);
  }
  const mismatch = new Map<string, string>();
  listing.files.forEach((file, index) => {
    for (const column of dataColumns) {
      const found = schemas[index].get(column.name);
      const tableType = duckTypeOf(column.type);
      if (found && !parquetCoercible(found.type, tableType) && !mismatch.has(column.name)) {
        mismatch.set(column.name, `HIVE_BAD_DATA: Field ${found.name}'s type ${found.type} in parquet file ${file.key} is incompatible with type ${tableType.toLowerCase()} defined in table schema (table ${qualified})`);
      }
    }
  });

  const rawColumns: RawColumn[] = [...dataColumns, ...partitionColumns].map((column) => ({
    name: column.name,
    type: column.type,
    badForAllRows: mismatch.get(column.name),
  }));
  await connection.run(`CREATE OR REPLACE TABLE ${rawTableSql(rawName)} (${rawColumnDefinitions(rawColumns)})`);

  let rows = 0;
  for (const [index, file] of listing.files.entries()) {
    const select: string[] = [];
    for (const column of dataColumns) {
      const found = schemas[index].get(column.name);
      const tableType = duckTypeOf(column.type);
      const raw = rawColumns.find((c) => c.name === column.name) as RawColumn;
      if (found && parquetCoercible(found.type, tableType)) select.push(`CAST(${q(found.name)} AS ${tableType})`);
      else select.push(`CAST(NULL AS ${tableType})`);
      if (hasBadColumn(raw)) {
        const fileMismatch = found && !parquetCoercible(found.type, tableType);
        select.push(fileMismatch ? sqlString(raw.badForAllRows as string) : 'NULL');
      }
    }
    for (const column of partitionColumns) {
      const value = file.partitionValues[column.name];
      select.push(value === null || value === undefined ? `CAST(NULL AS ${duckTypeOf(column.type)})` : `TRY_CAST(${sqlString(value)} AS ${duckTypeOf(column.type)})`);
    }
    const result = await connection.run(`INSERT INTO ${rawTableSql(rawName)} SELECT ${select.join(', ')} FROM read_parquet(${sqlString(file.file)})`);
    rows += Number(result.rowsChanged);
  }

  const warnings: string[] = [];
  for (const message of mismatch.values()) warnings.push(message);
  if (listing.outsidePartitions.length > 0) {
    warnings.push(`${qualified}: ${listing.outsidePartitions.length} object(s) outside any key=value partition path are not read (${listing.outsidePartitions.slice(0, 5).join('; ')})`);
  }
  return { rows, files: listing.files.length, rawColumns, warnings };
}
