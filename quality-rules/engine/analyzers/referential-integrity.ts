/**
 * ReferentialIntegrity: the fraction of the primary table's rows whose key columns appear in
 * the reference table's columns (Deequ's `ReferentialIntegrity.subsetCheck`). A row with a
 * NULL key has no match. The reference keys are collected before the scan; the primary rows
 * are checked during the table's single scan.
 */
import { chunkReader, columnIndex, resolveColumn, type ChunkReader } from '../columns';
import { compositeKey, keyReader, KeySet, numericKeyMode, type NumericKeyMode } from '../keys';
import { columnMetric } from '../metrics';
import type { AnalyzerContext, ScanAnalyzer } from '../types';

export interface ReferentialIntegrityDetails {
  rows: number;
  matched: number;
  samples: unknown[];
  referenceKeys: number;
}

export function referentialIntegrityAnalyzer(table: string, columns: string[], reference: string, referenceColumns: string[]): ScanAnalyzer {
  let mode: NumericKeyMode | undefined;
  let numericKeys: KeySet | undefined;
  let textKeys: Set<string> | undefined;
  let referenceCount = 0;

  const readersOf = (batch: import('apache-arrow').RecordBatch, names: string[]): ChunkReader[] =>
    names.map((c) => chunkReader(batch.getChildAt(columnIndex(batch, c))!.data[0]!));

  return {
    kind: 'scan',
    id: `ReferentialIntegrity(${table}.${columns.join(',')} in ${reference}.${referenceColumns.join(',')})`,
    table,
    columns,
    async prepare(ctx: AnalyzerContext) {
      const primary = await ctx.tables.load(table);
      const ref = await ctx.tables.load(reference);
      const refSpecs = referenceColumns.map((c) => resolveColumn(ref.columns, c, reference));
      const names = refSpecs.map((s) => s.name);
      const kinds = [...columns.map((c) => primary.columns.find((s) => s.name === c)!.kind), ...refSpecs.map((s) => s.kind)];
      mode = columns.length === 1 ? numericKeyMode(kinds) : undefined;
      const key = new Int32Array(2);
      if (mode) numericKeys = new KeySet(ref.table.numRows);
      else textKeys = new Set<string>();
      for (const batch of ref.table.batches) {
        const readers = readersOf(batch, names);
        const read = mode ? keyReader(readers[0]!, mode) : undefined;
        for (let i = 0; i < batch.numRows; i++) {
          if (readers.some((r) => !r.isValid(i))) continue;
          if (read) {
            read(i, key);
            numericKeys!.add(key[0]!, key[1]!);
          } else textKeys!.add(readers.length === 1 ? readers[0]!.text(i) : compositeKey(readers, i));
        }
      }
      referenceCount = numericKeys ? numericKeys.size : textKeys!.size;
    },
    start() {
      let rows = 0;
      let matched = 0;
      const samples: unknown[] = [];
      const key = new Int32Array(2);
      return {
        update(batch, offset, mask) {
          const readers = readersOf(batch, columns);
          const read = mode ? keyReader(readers[0]!, mode) : undefined;
          if (read && !mask && readers[0]!.nullCount === 0) {
            // The common case, kept tight: one non-NULL numeric key column, no where-mask.
            const keys = numericKeys!;
            const n = batch.numRows;
            for (let i = 0; i < n; i++) {
              read(i, key);
              if (keys.has(key[0]!, key[1]!)) matched++;
              else if (samples.length < 3) {
                const value = readers[0]!.text(i);
                if (!samples.includes(value)) samples.push(value);
              }
            }
            rows += n;
            return;
          }
          for (let i = 0; i < batch.numRows; i++) {
            if (mask && !mask[offset + i]) continue;
            rows++;
            let found = false;
            if (readers.every((r) => r.isValid(i))) {
              if (read) {
                read(i, key);
                found = numericKeys!.has(key[0]!, key[1]!);
              } else found = textKeys!.has(readers.length === 1 ? readers[0]!.text(i) : compositeKey(readers, i));
            }
            if (found) matched++;
            else if (samples.length < 3) {
              const value = readers.map((r) => (r.isValid(i) ? r.text(i) : null)).join(', ');
              if (!samples.includes(value)) samples.push(readers.length === 1 && !readers[0]!.isValid(i) ? null : value);
            }
          }
        },
        finish() {
          const details: ReferentialIntegrityDetails = { rows, matched, samples, referenceKeys: referenceCount };
          return {
            metrics: rows === 0 ? {} : { [columnMetric([reference], 'ReferentialIntegrity')]: matched / rows },
            details: details as unknown as Record<string, unknown>,
          };
        },
      };
    },
  };
}
