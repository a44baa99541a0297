/**
 * Parquet files → Arrow with the catalog schema, read by DuckDB's read_parquet. Columns are
 * matched by lower-cased name (Spark may write camelCase; the catalog lower-cases), missing
 * columns read as NULL, and each value is coerced to the catalog type like JSON values are,
 * so a bigint written as a string reads the same whichever format the job chose.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { LoadedTable } from './loaded-table';
import { RowSink } from './rows';
import { toColumnSpecs, type SchemaShorthand } from './schema';

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** DuckDB's JS values → what coerce.ts accepts (timestamps as epoch ms, dates as text). */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  return value;
}

export async function loadParquetFiles(
  name: string,
  files: string[],
  schema: SchemaShorthand,
  extraValues?: (file: string) => Record<string, unknown>,
): Promise<LoadedTable> {
  const columns = toColumnSpecs(schema);
  const sink = new RowSink(columns);
  if (files.length > 0) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const list = `[${files.map(sqlString).join(', ')}]`;
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${list}, union_by_name = true, filename = '__stedi_file')`);
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      const rows = reader.getRowsJS() as unknown[][];
      const fileColumn = names.indexOf('__stedi_file');
      rows.forEach((row, index) => {
        const file = String(row[fileColumn]);
        const record: Record<string, unknown> = { ...extraValues?.(file) };
        names.forEach((column, c) => {
          if (c === fileColumn) return;
          const value = row[c];
          // Dates come back as JS Dates at midnight UTC; give coerce.ts the yyyy-MM-dd it expects.
          record[column] = types[c] === 'DATE' && value instanceof Date ? value.toISOString().slice(0, 10) : normalise(value);
        });
        sink.add(record, { file, line: index + 1 });
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  return {
    name,
    table: sink.finish(),
    columns,
    format: 'parquet',
    files,
    rejectedRecords: 0,
    invalidValues: sink.invalidValues,
    problems: sink.problems,
  };
}
