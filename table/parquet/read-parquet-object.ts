/**
 * Reads one Parquet object of a table with DuckDB's read_parquet (every codec Glue writes:
 * snappy, gzip, zstd, lz4, brotli, uncompressed), the way Athena reads Hive Parquet tables:
 * columns are matched to the catalog by name, case-insensitively; a column absent from the file
 * is NULL; a file column whose type cannot be read as the catalog type makes that column NULL
 * for every row of the file and fails queries reading it (HIVE_BAD_DATA, lazily, like Athena).
 * A file that is not Parquet at all is an unreadable object and Athena refuses the table.
 */
import { DuckDBBlobValue, DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { BadCell, Cell, RowOrigin, TableColumn } from '../cells';
import { duckTypeOf, quoteDuckIdentifier as q } from '../ddl/hive-type';
import { parseJsonLine } from '../json/json-line';
import { decodeJsonValue, jsonSerdeOptions } from '../json/json-serde';
import { JsonScalar } from '../json/json-line';
import type { AthenaRefusal, ObjectLedger } from '../ledger';
import type { TableObject } from '../listing';
import type { ReaderContext } from '../read-table';

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const INTEGER_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4 };

/** Whether Athena reads a Parquet column of DuckDB type `fileType` as a table column of DuckDB type `tableType`. */
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

/** A SELECT expression that yields a value easy to turn into the column's cell. */
function cellExpression(source: string, column: TableColumn): string {
  const cast = `CAST(${source} AS ${duckTypeOf(column.type)})`;
  const type = column.type;
  if (type.kind === 'primitive') {
    if (type.name === 'date') return `datediff('day', DATE '1970-01-01', ${cast})`;
    if (type.name === 'timestamp') return `epoch_ms(${cast})`;
    return cast;
  }
  if (type.kind === 'decimal') return `CAST(${cast} AS VARCHAR)`;
  if (type.kind === 'char' || type.kind === 'varchar') return cast;
  return `CAST(to_json(${cast}) AS VARCHAR)`;
}

const nestedOptions = jsonSerdeOptions({});

function toCell(value: unknown, column: TableColumn): Cell {
  if (value === null || value === undefined) return null;
  const type = column.type;
  if (type.kind === 'primitive') {
    switch (type.name) {
      case 'tinyint':
      case 'smallint':
      case 'int':
      case 'date':
        return Number(value);
      case 'bigint':
      case 'timestamp':
        return BigInt(value as bigint | number);
      case 'float':
        return Math.fround(Number(value));
      case 'double':
        return Number(value);
      case 'boolean':
        return Boolean(value);
      case 'binary':
        return value instanceof DuckDBBlobValue ? value.bytes : null;
      default:
        return String(value);
    }
  }
  if (type.kind === 'decimal' || type.kind === 'char' || type.kind === 'varchar') return String(value);
  const parsed = parseJsonLine(String(value), (k) => k.toLowerCase());
  return decodeJsonValue(parsed === null ? new JsonScalar('', true) : parsed, type, nestedOptions);
}

async function withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function readParquetObject(context: ReaderContext, object: TableObject, ledger: ObjectLedger): Promise<AthenaRefusal | undefined> {
  const { columns, qualified } = context;
  return withConnection(async (connection) => {
    let described;
    try {
      described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(object.file)})`);
    } catch (error) {
      const message = `HIVE_CANNOT_OPEN_SPLIT: ${object.key} is not a readable Parquet file: ${(error as Error).message.split('\n')[0]} (table ${qualified})`;
      ledger.rejected(0, 'unreadable-object', message);
      return { key: object.key, line: 0, code: 'HIVE_CANNOT_OPEN_SPLIT', message };
    }
    const fileColumns = new Map<string, { name: string; type: string }>();
    for (const [name, type] of described.getRows()) {
      const key = String(name).toLowerCase();
      if (!fileColumns.has(key)) fileColumns.set(key, { name: String(name), type: String(type) });
    }
    const select: string[] = [];
    const mismatches: { column: number; message: string }[] = [];
    columns.forEach((column, index) => {
      if (column.partition) {
        const raw = object.partitionValues[column.name];
        select.push(raw === null || raw === undefined ? 'NULL' : cellExpression(`TRY_CAST(${sqlString(raw)} AS ${duckTypeOf(column.type)})`, column));
        return;
      }
      const found = fileColumns.get(column.name);
      const tableType = duckTypeOf(column.type);
      if (!found) {
        select.push('NULL');
      } else if (!parquetCoercible(found.type, tableType)) {
        select.push('NULL');
        mismatches.push({
          column: index,
          message: `HIVE_BAD_DATA: Field ${found.name}'s type ${found.type} in parquet file ${object.key} is incompatible with type ${column.typeText} defined in table schema (table ${qualified})`,
        });
      } else {
        select.push(cellExpression(q(found.name), column));
      }
    });
    const reader = await connection.runAndReadAll(`SELECT ${select.length > 0 ? select.join(', ') : '1'} FROM read_parquet(${sqlString(object.file)})`);
    let rows: Cell[][] = [];
    let origins: RowOrigin[] = [];
    let badCells: BadCell[] = [];
    let rowNumber = 0;
    for (const values of reader.getRows()) {
      rowNumber++;
      const cells = columns.map((column, index) => toCell(values[index], column));
      if (mismatches.length === 0) {
        ledger.accepted();
      } else {
        ledger.acceptedWithIssues(rowNumber, mismatches.map((m) => ({ reason: 'parquet-type-mismatch' as const, detail: m.message, column: columns[m.column]?.name })));
        for (const m of mismatches) badCells.push({ row: rows.length, column: m.column, message: m.message });
      }
      rows.push(cells);
      origins.push({ key: object.key, line: rowNumber });
      if (rows.length >= context.options.batchRows) {
        await context.emit(rows, origins, badCells);
        rows = [];
        origins = [];
        badCells = [];
      }
    }
    if (rows.length > 0) await context.emit(rows, origins, badCells);
    return undefined;
  });
}
