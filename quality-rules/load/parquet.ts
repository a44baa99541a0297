/**
 * Parquet files → Arrow with the catalog schema, read by DuckDB's read_parquet. Columns are
 * matched by lower-cased name (Spark may write camelCase; the catalog lower-cases), missing
 * columns read as NULL, and each value is coerced to the catalog type like JSON values are,
 * so a bigint written as a string reads the same whichever format the job chose.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { coerceJsonValue } from './coerce';
import { ColumnBuilder, tableFromColumns } from './column-builder';
import { MAX_PROBLEM_SAMPLES, type LoadedTable, type LoadProblem } from './loaded-table';
import { NO_SCHEMA_DRIFT } from './schema-drift';
import { toColumnSpecs, type SchemaShorthand } from './schema';

const FILE_COLUMN = '__stedi_file';

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** DuckDB's JS values → what coerce.ts accepts (timestamps as epoch ms, dates as yyyy-MM-dd). */
function normalise(value: unknown, duckType: string): unknown {
  if (value instanceof Date) return duckType === 'DATE' ? value.toISOString().slice(0, 10) : value.getTime();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export async function loadParquetFiles(
  name: string,
  files: string[],
  schema: SchemaShorthand,
  extraValues?: (file: string) => Record<string, unknown>,
): Promise<LoadedTable> {
  const columns = toColumnSpecs(schema);
  const builders = columns.map((c) => new ColumnBuilder(c.kind));
  const problems: LoadProblem[] = [];
  let invalidValues = 0;
  let length = 0;
  if (files.length > 0) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const list = `[${files.map(sqlString).join(', ')}]`;
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${list}, union_by_name = true, filename = ${sqlString(FILE_COLUMN)})`);
      const names = reader.columnNames().map((n) => n.toLowerCase());
      const types = reader.columnTypes().map((t) => t.toString());
      const data = reader.getColumnsJS() as unknown[][];
      const fileColumn = data[names.indexOf(FILE_COLUMN)] ?? [];
      length = reader.currentRowCount;
      columns.forEach((column, c) => {
        const source = names.indexOf(column.name);
        const values = source >= 0 ? data[source]! : undefined;
        for (let row = 0; row < length; row++) {
          const raw = values ? normalise(values[row], types[source]!) : extraValues?.(String(fileColumn[row]))[column.name];
          const coerced = coerceJsonValue(raw, column.kind);
          if (coerced.ok) builders[c]!.append(coerced.value);
          else {
            builders[c]!.append(null);
            invalidValues++;
            if (problems.length < MAX_PROBLEM_SAMPLES) problems.push({ file: String(fileColumn[row]), line: row + 1, reason: `column ${column.name}: ${coerced.reason}` });
          }
        }
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  return {
    name,
    table: tableFromColumns(
      columns,
      builders.map((b) => b.finish()),
      length,
    ),
    columns,
    format: 'parquet',
    files,
    rejectedRecords: 0,
    invalidValues,
    // Parquet carries one typed schema per file, written by the job: a type differing from the
    // catalog is the writer's schema, not records drifting one by one.
    schemaDrift: NO_SCHEMA_DRIFT,
    problems,
  };
}
