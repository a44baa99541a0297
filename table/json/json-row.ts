/**
 * One line of a JSON SerDe table → a row, with Athena as the reference (Trino's OpenX reader,
 * which Athena engine 3 runs: trinodb/trino lib/trino-hive-formats/src/main/java/io/trino/hive/
 * formats/line/openxjson/README.md and OpenXJsonDeserializer.java):
 * - the line is trimmed; a blank line is skipped (no row: Spark's JSON reader, which the Glue job
 *   uses, skips it too, and a row of NULLs from an empty line helps nobody);
 * - a line that does not start with `{` or `[` is an all-NULL row (OpenX README rule 1);
 * - a line that starts with `{`/`[` but does not parse fails the query with HIVE_CURSOR_ERROR
 *   "Row is not a valid JSON Object - JSONException: ..." unless `ignore.malformed.json` is TRUE,
 *   then it is an all-NULL row (rule 2);
 * - text after the closing brace is ignored (rule 3), noted as trailing content;
 * - a duplicated key keeps its last value (README, ROW), noted with the value that won;
 * - a value that cannot be coerced to its column is NULL and Athena fails a query reading that
 *   column (HIVE_BAD_DATA) — json-serde.ts.
 * The Hive JSON SerDe (org.apache.hive.hcatalog.data.JsonSerDe) parses each line with Jackson
 * (trinodb/trino lib/trino-hive-formats/.../line/json/JsonDeserializer.java): strict JSON (no
 * single quotes or bare words), a line that is not a JSON object fails the query like a
 * malformed one, text after the object is ignored, and duplicate keys keep the last value.
 */
import type { Cell, JsonValueType, RowShape } from '../cells';
import type { TableColumn } from '../cells';
import type { LineDecoder, LineIssue, LineResult } from '../text/line-decoder';
import { JsonObject, JsonScalar as ImportedJsonScalar, JsonSyntaxError, JsonValue, parseJsonLineDetailed, renderJson } from './json-line';
import * as serde from './json-serde';
import type { JsonSerdeOptions } from './json-serde';

// Module-local bindings for what runs per line and value: run from sources (tsx), every use of an
// imported name is a getter call (5-6% of a table scan's CPU in a profile).
const JsonScalar = ImportedJsonScalar;
type JsonScalar = ImportedJsonScalar;
const { BadValue, decodeJsonValue, javaTrim, jsonSerdeOptions, lookupEntry } = serde;

const JSON_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The JSON type of a parsed value, as schema-drift checks see it. Bare words other than numbers and booleans read as text. */
function jsonValueType(value: JsonValue): JsonValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (!(value instanceof JsonScalar)) return 'object';
  if (value.quoted) return JSON_NUMBER.test(value.text) ? 'numeric-string' : 'string';
  if (/^(true|false)$/i.test(value.text)) return 'boolean';
  return JSON_NUMBER.test(value.text) ? 'number' : 'string';
}

function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export class JsonLineDecoder implements LineDecoder {
  private readonly options: JsonSerdeOptions;
  private readonly dataColumns: TableColumn[];
  private readonly normalise: (key: string) => string;

  constructor(
    columns: TableColumn[],
    serdeParameters: Record<string, string>,
    private readonly qualified: string,
    /** Report each record's key spellings and value types (RowShape); off unless asked. */
    private readonly recordShapes = false,
    /** Which SerDe's line rules apply: the lenient OpenX reader or Hive's strict Jackson-based one. */
    private readonly dialect: 'openx' | 'hive' = 'openx',
  ) {
    this.options = jsonSerdeOptions(serdeParameters);
    this.dataColumns = columns.filter((c) => !c.partition);
    this.normalise = this.options.caseInsensitive ? (k) => k.toLowerCase() : (k) => k;
  }

  private nullRow(): Cell[] {
    return new Array<Cell>(this.dataColumns.length).fill(null);
  }

  /** A line the SerDe cannot parse: Athena fails the query, unless ignore.malformed.json makes it a NULL row. */
  private malformed(problem: string, line: number, key: string): LineResult {
    const message = `HIVE_CURSOR_ERROR: ${problem}`;
    if (this.options.ignoreMalformedJson) {
      return { kind: 'row', cells: this.nullRow(), issues: [{ reason: 'malformed-json-ignored', detail: `${message}; read as a row of NULLs because 'ignore.malformed.json'='TRUE'` }], bad: [] };
    }
    return {
      kind: 'refuse',
      reason: 'malformed-json',
      code: 'HIVE_CURSOR_ERROR',
      message: `${message} (table ${this.qualified}, object ${key} line ${line}; set 'ignore.malformed.json'='TRUE' to read such lines as NULL rows)`,
    };
  }

  /** Hive JSON SerDe: the line must start with a strict-JSON object (Jackson ignores what follows it). */
  private strictJsonProblem(trimmed: string): string | undefined {
    if (!trimmed.startsWith('{')) return `Row is not a JSON object (Hive JSON SerDe): ${JSON.stringify(shorten(trimmed, 40))}`;
    let end: number;
    try {
      end = parseJsonLineDetailed(trimmed, (k) => k).end;
    } catch (error) {
      if (error instanceof JsonSyntaxError) return `JsonParseException (Hive JSON SerDe): ${error.message}`;
      throw error;
    }
    try {
      JSON.parse(trimmed.slice(0, end));
    } catch (error) {
      return `JsonParseException (Hive JSON SerDe, strict JSON): ${(error as Error).message}`;
    }
    return undefined;
  }

  decode(text: string, line: number, key: string): LineResult {
    const trimmed = javaTrim(text);
    if (trimmed === '') return { kind: 'skip', reason: 'blank-line', detail: text === '' ? 'empty line' : 'whitespace-only line' };
    if (this.dialect === 'hive') {
      const strict = this.strictJsonProblem(trimmed);
      if (strict) return this.malformed(strict, line, key);
    } else if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
      return {
        kind: 'row',
        cells: this.nullRow(),
        issues: [{ reason: 'not-a-json-object', detail: `line does not start with '{' or '[' (${JSON.stringify(shorten(trimmed, 40))}); Athena reads it as a row of NULLs` }],
        bad: [],
      };
    }
    let parsed;
    try {
      parsed = parseJsonLineDetailed(trimmed, this.normalise);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return this.malformed(`Row is not a valid JSON Object - JSONException: ${error.message}`, line, key);
    }
    const issues: LineIssue[] = [];
    const rest = javaTrim(trimmed.slice(parsed.end));
    if (rest !== '') issues.push({ reason: 'trailing-content', detail: `${JSON.stringify(shorten(rest, 40))} after the JSON value is ignored` });
    const value = parsed.value;
    if (Array.isArray(value)) {
      issues.push({ reason: 'json-array-line', detail: `a JSON array line: Athena maps its ${value.length} element(s) to the columns by position (Spark reads each element as a record)` });
    }
    const cells = this.nullRow();
    const bad: { column: number; message: string }[] = [];
    const object = value !== null && !(value instanceof JsonScalar) && !Array.isArray(value) ? (value as JsonObject) : undefined;
    if (object && parsed.duplicateKeys.length > 0) {
      for (const duplicate of new Set(parsed.duplicateKeys)) {
        const kept = object.entries.get(duplicate)?.value;
        issues.push({ reason: 'duplicate-key', detail: `key "${duplicate}" appears more than once; the last value (${shorten(kept === undefined ? 'undefined' : renderJson(kept), 60)}) is used`, column: duplicate });
      }
    }
    const shape: RowShape | undefined = this.recordShapes ? { keys: [], types: [] } : undefined;
    // A plain loop: a callback made per line costs more than its body when run from sources.
    for (let index = 0; index < this.dataColumns.length; index++) {
      const column = this.dataColumns[index] as TableColumn;
      const entry = Array.isArray(value) ? undefined : object ? lookupEntry(object, column.name, this.options) : undefined;
      const found: JsonValue | undefined = Array.isArray(value) ? value[index] : entry?.value;
      if (shape && found !== undefined) {
        shape.keys[index] = entry?.key;
        shape.types[index] = jsonValueType(found);
      }
      if (found === undefined || found === null) continue;
      try {
        cells[index] = decodeJsonValue(found, column.type, this.options);
      } catch (error) {
        if (!(error instanceof BadValue)) throw error;
        const shown = found instanceof JsonScalar ? found.text : renderJson(found);
        const message = `HIVE_BAD_DATA: Error parsing field value '${shorten(shown)}' for field ${index}: ${error.message} (table ${this.qualified}, column ${column.name}, object ${key} line ${line})`;
        bad.push({ column: index, message });
        issues.push({ reason: 'value-not-coercible', detail: `${shorten(shown, 60)} is not a valid ${column.typeText}: read as NULL; Athena fails queries reading ${column.name} with HIVE_BAD_DATA`, column: column.name });
      }
    }
    return shape ? { kind: 'row', cells, issues, bad, shape } : { kind: 'row', cells, issues, bad };
  }
}
