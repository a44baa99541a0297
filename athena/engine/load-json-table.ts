/**
 * Loads a JSON SerDe table's exported objects into DuckDB with Athena's reading rules (see
 * json-serde-decoder.ts). Rows land in a raw table; the queryable view over it turns each cell
 * Athena could not coerce into an error raised only when that column is read — Athena decodes
 * lazily too, so `SELECT COUNT(*)` succeeds where `SELECT id` fails with HIVE_BAD_DATA.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { InputError } from '../../common/errors';
import { HiveType, parseHiveType } from '../ddl/hive-type';
import type { CatalogEntry } from '../run-catalog';
import { BadValue, decodeJsonValue, javaTrim, jsonSerdeOptions, lookupField } from './json-serde-decoder';
import { JsonScalar, JsonSyntaxError, JsonValue, parseJsonLine, renderJson } from './json-line';
import { LoadedTable, RawColumn, RawName, createRawTable } from './raw-table';
import { listTableFiles } from './table-files';

const MAX_EXAMPLES = 5;

export function readTextObject(file: string, key: string, table: string): string {
  const bytes = fs.readFileSync(file);
  if (/\.gz$/i.test(key)) return zlib.gunzipSync(bytes).toString('utf8');
  if (/\.(bz2|snappy|zst|lz4|lzo|deflate)$/i.test(key)) {
    throw new InputError('QUERY_UNSUPPORTED_COMPRESSION', `table ${table}: object ${key} is compressed with a codec this local Athena cannot read (only .gz is supported)`);
  }
  return bytes.toString('utf8');
}

/** Hadoop's LineRecordReader: \n, \r\n or \r end a line; a final terminator adds no empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function loadJsonTable(connection: DuckDBConnection, entry: CatalogEntry, rawName: RawName): Promise<LoadedTable> {
  const qualified = `${entry.database}.${entry.name}`;
  const storage = entry.table.StorageDescriptor ?? {};
  const options = jsonSerdeOptions(storage.SerdeInfo?.Parameters);
  const dataColumns = (storage.Columns ?? []).map((c) => ({ name: (c.Name ?? '').toLowerCase(), type: parseHiveType(c.Type ?? 'string', `${qualified}.${c.Name}`) }));
  const partitionColumns = (entry.table.PartitionKeys ?? []).map((c) => ({ name: (c.Name ?? '').toLowerCase(), type: parseHiveType(c.Type ?? 'string', `${qualified}.${c.Name}`) }));
  const columns: { name: string; type: HiveType }[] = [...dataColumns, ...partitionColumns];
  const listing = listTableFiles(entry.dataDir, entry.table.PartitionKeys ?? []);

  const rows: DuckDBValue[][] = [];
  const badCells = new Map<number, (string | null)[]>();
  let badCellCount = 0;
  const nonJsonLines: string[] = [];
  let nonJsonCount = 0;
  const malformedLines: string[] = [];
  let malformedCount = 0;

  const markBad = (rowIndex: number, columnIndex: number, message: string): void => {
    let cells = badCells.get(columnIndex);
    if (!cells) {
      cells = [];
      badCells.set(columnIndex, cells);
    }
    cells[rowIndex] = message;
    badCellCount++;
  };

  for (const file of listing.files) {
    const lines = splitLines(readTextObject(file.file, file.key, qualified));
    lines.forEach((line, lineIndex) => {
      const where = `${file.key} line ${lineIndex + 1}`;
      const trimmed = javaTrim(line);
      let parsed: JsonValue | undefined;
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        try {
          parsed = parseJsonLine(trimmed, options.caseInsensitive ? (k) => k.toLowerCase() : (k) => k);
        } catch (error) {
          if (!(error instanceof JsonSyntaxError)) throw error;
          if (!options.ignoreMalformedJson) {
            throw new InputError(
              'HIVE_CURSOR_ERROR',
              `HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: ${error.message} ` +
                `(table ${qualified}, object ${where}; set 'ignore.malformed.json'='TRUE' to read such lines as NULL rows)`,
            );
          }
          malformedCount++;
          if (malformedLines.length < MAX_EXAMPLES) malformedLines.push(where);
        }
      } else {
        nonJsonCount++;
        if (nonJsonLines.length < MAX_EXAMPLES) nonJsonLines.push(where);
      }

      const rowIndex = rows.length;
      const row: DuckDBValue[] = new Array<DuckDBValue>(columns.length).fill(null);
      if (parsed !== undefined && parsed !== null && !(parsed instanceof JsonScalar)) {
        dataColumns.forEach((column, columnIndex) => {
          const value = Array.isArray(parsed) ? parsed[columnIndex] : lookupField(parsed as Exclude<JsonValue, null | JsonScalar | JsonValue[]>, column.name, options);
          if (value === undefined || value === null) return;
          try {
            row[columnIndex] = decodeJsonValue(value, column.type, options);
          } catch (error) {
            if (!(error instanceof BadValue)) throw error;
            const text = value instanceof JsonScalar ? value.text : renderJson(value);
            markBad(rowIndex, columnIndex,
              `HIVE_BAD_DATA: Error parsing field value '${text}' for field ${columnIndex}: ${error.message} ` +
              `(table ${qualified}, column ${column.name}, object ${where})`);
          }
        });
      }
      partitionColumns.forEach((column, index) => {
        const columnIndex = dataColumns.length + index;
        const raw = file.partitionValues[column.name] ?? null;
        if (raw === null) return;
        try {
          row[columnIndex] = decodeJsonValue(new JsonScalar(raw, true), column.type, options);
        } catch (error) {
          if (!(error instanceof BadValue)) throw error;
          markBad(rowIndex, columnIndex, `HIVE_BAD_DATA: partition value '${raw}' of ${column.name} is not a valid ${column.type.kind} (table ${qualified}, object ${file.key})`);
        }
      });
      rows.push(row);
    });
  }

  const rawColumns: RawColumn[] = columns.map((column, index) => ({
    name: column.name,
    type: column.type,
    badCells: badCells.get(index),
  }));
  await createRawTable(connection, rawName, rawColumns, rows);

  const warnings: string[] = [];
  if (nonJsonCount > 0) {
    warnings.push(`${qualified}: ${nonJsonCount} line(s) do not start with '{' or '[' and read as all-NULL rows, as Athena reads them (${nonJsonLines.join('; ')}${nonJsonCount > nonJsonLines.length ? '; ...' : ''})`);
  }
  if (malformedCount > 0) {
    warnings.push(`${qualified}: ${malformedCount} malformed JSON line(s) read as all-NULL rows because 'ignore.malformed.json'='TRUE' (${malformedLines.join('; ')}${malformedCount > malformedLines.length ? '; ...' : ''})`);
  }
  if (badCellCount > 0) {
    warnings.push(`${qualified}: ${badCellCount} value(s) cannot be coerced to their column type; queries reading those columns fail with HIVE_BAD_DATA`);
  }
  if (listing.outsidePartitions.length > 0) {
    warnings.push(`${qualified}: ${listing.outsidePartitions.length} object(s) outside any key=value partition path are not read (${listing.outsidePartitions.slice(0, MAX_EXAMPLES).join('; ')})`);
  }
  return { rows: rows.length, files: listing.files.length, rawColumns, warnings };
}
