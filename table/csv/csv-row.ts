/**
 * One line of a delimited text table → a row, as Athena reads the two CSV SerDes
 * (https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html, lazy-simple-serde.html):
 * - OpenCSVSerde (org.apache.hadoop.hive.serde2.OpenCSVSerde): `separatorChar` (default `,`),
 *   `quoteChar` (default `"`), `escapeChar` (default `\`); quoted fields may hold the separator;
 *   a field is never NULL by itself (an empty field is an empty string for string columns);
 * - LazySimpleSerDe: `field.delim` (or `serialization.format`, default \001), `escape.delim`,
 *   and `serialization.null.format` (default `\N`) for NULL; no quoting.
 * Lines are split by the line reader first, so a quoted field cannot span lines (as in Athena).
 * A value that does not parse as its column type is NULL (Hive's lazy readers return NULL, they
 * do not fail) and noted in the ledger; a line with another number of fields than columns is
 * read positionally (missing fields NULL, extra fields dropped) and noted. Blank lines are
 * skipped; `skip.header.line.count` lines at the top of every object are skipped by the caller.
 */
import type { Cell, TableColumn } from '../cells';
import { JsonScalar } from '../json/json-line';
import { BadValue, decodeJsonValue, javaTrim, jsonSerdeOptions } from '../json/json-serde';
import type { LineDecoder, LineIssue, LineResult } from '../text/line-decoder';

export interface DelimitedOptions {
  kind: 'open-csv' | 'lazy-simple';
  separator: string;
  quote?: string;
  escape?: string;
  nullText?: string;
}

export function delimitedOptions(kind: 'open-csv' | 'lazy-simple', serdeParameters: Record<string, string>, classification?: string): DelimitedOptions {
  const p = serdeParameters;
  if (kind === 'open-csv') {
    return { kind, separator: p.separatorChar ?? ',', quote: p.quoteChar ?? '"', escape: p.escapeChar ?? '\\' };
  }
  const fallback = classification?.toLowerCase() === 'csv' ? ',' : '\u0001';
  return { kind, separator: p['field.delim'] ?? p['serialization.format'] ?? fallback, escape: p['escape.delim'], nullText: p['serialization.null.format'] ?? '\\N' };
}

/** Splits one line into fields by the SerDe's rules. */
export function splitDelimited(line: string, options: DelimitedOptions): string[] {
  const fields: string[] = [];
  let current = '';
  let inQuotes = false;
  const { separator, quote, escape } = options;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (escape !== undefined && ch === escape && i + 1 < line.length) {
      current += line[++i];
      continue;
    }
    if (quote !== undefined && ch === quote) {
      if (inQuotes && line[i + 1] === quote) {
        current += quote;
        i++;
        continue;
      }
      inQuotes = !inQuotes;
      continue;
    }
    if (!inQuotes && line.startsWith(separator, i)) {
      fields.push(current);
      current = '';
      i += separator.length - 1;
      continue;
    }
    current += ch;
  }
  fields.push(current);
  return fields;
}

const scalarOptions = jsonSerdeOptions({});

export class DelimitedLineDecoder implements LineDecoder {
  private readonly dataColumns: TableColumn[];

  constructor(
    columns: TableColumn[],
    private readonly options: DelimitedOptions,
  ) {
    this.dataColumns = columns.filter((c) => !c.partition);
  }

  decode(text: string): LineResult {
    if (javaTrim(text) === '') return { kind: 'skip', reason: 'blank-line', detail: text === '' ? 'empty line' : 'whitespace-only line' };
    const fields = splitDelimited(text, this.options);
    const issues: LineIssue[] = [];
    if (fields.length !== this.dataColumns.length) {
      issues.push({ reason: 'column-count-mismatch', detail: `${fields.length} field(s) for ${this.dataColumns.length} column(s): read by position, ${fields.length < this.dataColumns.length ? 'missing fields are NULL' : 'extra fields are dropped'}` });
    }
    const cells: Cell[] = this.dataColumns.map((column, index) => {
      const field = fields[index];
      if (field === undefined) return null;
      if (this.options.nullText !== undefined && field === this.options.nullText) return null;
      if (column.type.kind === 'primitive' && column.type.name === 'string') return field;
      if (column.type.kind === 'char' || column.type.kind === 'varchar') return field.slice(0, column.type.length);
      if (field.trim() === '') return null;
      try {
        return decodeJsonValue(new JsonScalar(field, true), column.type, scalarOptions);
      } catch (error) {
        if (!(error instanceof BadValue)) throw error;
        issues.push({ reason: 'value-not-coercible', detail: `${JSON.stringify(field.slice(0, 60))} is not a valid ${column.typeText}: read as NULL`, column: column.name });
        return null;
      }
    });
    return { kind: 'row', cells, issues, bad: [] };
  }
}
