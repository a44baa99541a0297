/**
 * JSON-lines files → Arrow with a catalog schema. One record per non-blank line; a line that
 * is not a JSON object is a rejected record: counted with its file and line, never silently
 * dropped (and not turned into a row of NULLs either, which would inflate row counts).
 */
import * as path from 'node:path';
import { readTextFile } from './data-files';
import type { LoadedTable } from './loaded-table';
import { RowSink } from './rows';
import { toColumnSpecs, type SchemaShorthand } from './schema';

export interface JsonLinesOptions {
  /** `mapping.<column>` SerDe properties: column → JSON key. */
  keyMapping?: Record<string, string>;
  /** Shown in problems instead of absolute paths. */
  relativeTo?: string;
  /** Values every record of a file gets, e.g. partition columns from its path. */
  extraValues?: (file: string) => Record<string, unknown>;
}

export function loadJsonLinesFiles(name: string, files: string[], schema: SchemaShorthand, options: JsonLinesOptions = {}): LoadedTable {
  const columns = toColumnSpecs(schema);
  const sink = new RowSink(columns, options.keyMapping);
  let rejectedRecords = 0;
  for (const file of files) {
    const shown = options.relativeTo ? path.relative(options.relativeTo, file) : file;
    const extra = options.extraValues?.(file);
    const lines = readTextFile(file).split('\n');
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        rejectedRecords++;
        sink.problem({ file: shown, line: index + 1, reason: `malformed JSON: ${(error as Error).message}` });
        return;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        rejectedRecords++;
        sink.problem({ file: shown, line: index + 1, reason: 'not a JSON object' });
        return;
      }
      const values = extra ? { ...(record as Record<string, unknown>), ...extra } : (record as Record<string, unknown>);
      sink.add(values, { file: shown, line: index + 1 });
    });
  }
  return {
    name,
    table: sink.finish(),
    columns,
    format: 'json',
    files,
    rejectedRecords,
    invalidValues: sink.invalidValues,
    schemaDrift: sink.schemaDrift(),
    problems: sink.problems,
  };
}
