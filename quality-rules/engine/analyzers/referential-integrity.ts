/**
 * ReferentialIntegrity: the fraction of the primary table's rows whose key columns appear in
 * the reference table's columns (Deequ's `ReferentialIntegrity.subsetCheck`). A row with a
 * NULL key has no match; a reference row with a NULL key is no key.
 *
 * The reference's distinct keys are collected in JS before the scan and the primary rows are
 * checked during the table's single scan — while those keys fit in a quarter of the gate's
 * memory budget (STEDI_GATE_MEMORY_MB; a reference of 10M distinct emails would hold ~1 GiB of
 * strings). Past it the check runs in DuckDB instead (a join against the reference's distinct
 * keys, which spills to disk), and the scan only hands its result over. Both paths compare key
 * columns of one kind, or two numeric kinds, by value, and other pairs of kinds as text.
 */
import { gateMemoryBytes } from '../../load/batch-spool';
import type { LoadedTable } from '../../load/loaded-table';
import { isNumericKind } from '../../load/schema';
import { quoteIdent, type DuckSession } from '../../sql/duck-session';
import { chunkReader, columnIndex, resolveColumn, type ChunkReader } from '../columns';
import { duckQuery } from '../duck-query';
import { compositeKey, keyReader, KeySet, numericKeyMode, type NumericKeyMode } from '../keys';
import { columnMetric } from '../metrics';
import { type AnalyzerContext, type AnalyzerResult, type ScanAnalyzer } from '../types';

export interface ReferentialIntegrityDetails {
  rows: number;
  matched: number;
  samples: unknown[];
  referenceKeys: number;
}

const SAMPLES = 3;
/** What a text key costs in a JS Set beyond its UTF-16 characters (string header, hash entry). */
const TEXT_KEY_OVERHEAD = 48;
let keyTables = 0;

/** An unmatched row as the message shows it: one column's text (NULL as null), several joined by ", ". */
function sampleOf(readers: ChunkReader[], i: number): unknown {
  if (readers.length === 1) return readers[0]!.isValid(i) ? readers[0]!.text(i) : null;
  return readers.map((r) => (r.isValid(i) ? r.text(i) : null)).join(', ');
}

function readersOf(batch: import('apache-arrow').RecordBatch, names: string[]): ChunkReader[] {
  return names.map((c) => chunkReader(batch.getChildAt(columnIndex(batch, c))!.data[0]!));
}

function outcome(reference: string, details: ReferentialIntegrityDetails): AnalyzerResult {
  return {
    metrics: details.rows === 0 ? {} : { [columnMetric([reference], 'ReferentialIntegrity')]: details.matched / details.rows },
    details: details as unknown as Record<string, unknown>,
  };
}

async function query(session: DuckSession, sql: string): Promise<unknown[][]> {
  return (await duckQuery(session, sql, 'ReferentialIntegrity')).rows;
}

/** The whole check as SQL: the primary rows left-joined to the reference's distinct non-NULL keys. */
async function checkInDuck(ctx: AnalyzerContext, primary: LoadedTable, columns: string[], reference: LoadedTable, referenceColumns: string[], asText: boolean[]): Promise<ReferentialIntegrityDetails> {
  await ctx.registerInDuck(primary.name);
  const session = await ctx.registerInDuck(reference.name);
  const keys = `stedi_reference_keys_${++keyTables}`;
  const side = (alias: string, column: string, i: number): string => (asText[i] ? `CAST(${alias}.${quoteIdent(column)} AS VARCHAR)` : `${alias}.${quoteIdent(column)}`);
  const on = columns.map((c, i) => `${side('p', c, i)} = m.k${i}`).join(' AND ');
  await query(
    session,
    `CREATE TEMP TABLE ${keys} AS SELECT DISTINCT ${referenceColumns.map((c, i) => `${side('r', c, i)} AS k${i}`).join(', ')} FROM ${quoteIdent(reference.name)} AS r WHERE ${referenceColumns.map((c) => `r.${quoteIdent(c)} IS NOT NULL`).join(' AND ')}`,
  );
  try {
    const [[rows, matched]] = (await query(session, `SELECT count(*), count(m.k0) FROM ${quoteIdent(primary.name)} AS p LEFT JOIN ${keys} AS m ON ${on}`)) as [[bigint, bigint]];
    const [[referenceKeys]] = (await query(session, `SELECT count(*) FROM ${keys}`)) as [[bigint]];
    // The first unmatched row of each distinct unmatched key, in table order: the rows a scan meets first.
    const firsts = await query(
      session,
      `SELECT min(p.rowid) AS first FROM ${quoteIdent(primary.name)} AS p ANTI JOIN ${keys} AS m ON ${on} GROUP BY ${columns.map((c) => `p.${quoteIdent(c)}`).join(', ')} ORDER BY first LIMIT ${SAMPLES}`,
    );
    const samples = firsts.map(([first]) => {
      const { batch, index } = primary.table.batchAt(Number(first));
      return sampleOf(readersOf(batch, columns), index);
    });
    return { rows: Number(rows), matched: Number(matched), samples, referenceKeys: Number(referenceKeys) };
  } finally {
    await session.query(`DROP TABLE IF EXISTS ${keys}`);
  }
}

export function referentialIntegrityAnalyzer(table: string, columns: string[], reference: string, referenceColumns: string[]): ScanAnalyzer {
  let mode: NumericKeyMode | undefined;
  let numericKeys: KeySet | undefined;
  let textKeys: Set<string> | undefined;
  let referenceCount = 0;
  /** Set when the check ran in DuckDB: the scan has nothing left to do. */
  let fromDuck: ReferentialIntegrityDetails | undefined;

  /** Collects the reference's keys in JS; false as soon as they outgrow `budget` bytes. */
  const collectKeys = (ref: LoadedTable, names: string[], budget: number): boolean => {
    const key = new Int32Array(2);
    if (mode) {
      if (KeySet.bytesFor(ref.table.numRows) > budget) return false;
      numericKeys = new KeySet(ref.table.numRows);
    } else textKeys = new Set<string>();
    let textBytes = 0;
    for (const batch of ref.table.batches) {
      const readers = readersOf(batch, names);
      const read = mode ? keyReader(readers[0]!, mode) : undefined;
      for (let i = 0; i < batch.numRows; i++) {
        if (readers.some((r) => !r.isValid(i))) continue;
        if (read) {
          read(i, key);
          numericKeys!.add(key[0]!, key[1]!);
          continue;
        }
        const text = readers.length === 1 ? readers[0]!.text(i) : compositeKey(readers, i);
        if (textKeys!.has(text)) continue;
        textKeys!.add(text);
        textBytes += 2 * text.length + TEXT_KEY_OVERHEAD;
        if (textBytes > budget) return false;
      }
    }
    return true;
  };

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
      const primaryKinds = columns.map((c) => primary.columns.find((s) => s.name === c)!.kind);
      mode = columns.length === 1 ? numericKeyMode([...primaryKinds, ...refSpecs.map((s) => s.kind)]) : undefined;
      if (collectKeys(ref, names, gateMemoryBytes() / 4)) {
        referenceCount = numericKeys ? numericKeys.size : textKeys!.size;
        return;
      }
      numericKeys = undefined;
      textKeys = undefined;
      const asText = primaryKinds.map((kind, i) => {
        const other = refSpecs[i]!.kind;
        return kind !== other && !(isNumericKind(kind) && isNumericKind(other));
      });
      fromDuck = await checkInDuck(ctx, primary, columns, ref, names, asText);
    },
    start() {
      if (fromDuck) {
        const details = fromDuck;
        return { update() {}, finish: () => outcome(reference, details) };
      }
      let rows = 0;
      let matched = 0;
      const samples: unknown[] = [];
      const key = new Int32Array(2);
      const noteMiss = (readers: ChunkReader[], i: number): void => {
        if (samples.length >= SAMPLES) return;
        const value = sampleOf(readers, i);
        if (!samples.includes(value)) samples.push(value);
      };
      return {
        update(batch) {
          const readers = readersOf(batch, columns);
          const read = mode ? keyReader(readers[0]!, mode) : undefined;
          const n = batch.numRows;
          rows += n;
          if (read && readers[0]!.nullCount === 0) {
            // The common case, kept tight: one non-NULL numeric key column.
            const keys = numericKeys!;
            for (let i = 0; i < n; i++) {
              read(i, key);
              if (keys.has(key[0]!, key[1]!)) matched++;
              else noteMiss(readers, i);
            }
            return;
          }
          for (let i = 0; i < n; i++) {
            let found = false;
            if (readers.every((r) => r.isValid(i))) {
              if (read) {
                read(i, key);
                found = numericKeys!.has(key[0]!, key[1]!);
              } else found = textKeys!.has(readers.length === 1 ? readers[0]!.text(i) : compositeKey(readers, i));
            }
            if (found) matched++;
            else noteMiss(readers, i);
          }
        },
        finish: () => outcome(reference, { rows, matched, samples, referenceKeys: referenceCount }),
      };
    },
  };
}
