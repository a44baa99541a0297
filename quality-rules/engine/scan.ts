/**
 * Runs the de-duplicated analyzers of one table: scan analyzers share a single pass over the
 * table's record batches (each batch is handed to every accumulator before the next batch is
 * touched); direct analyzers compute from the schema, counts or SQL. A failing analyzer fails
 * alone: its error is recorded for the rules that need it and the others carry on.
 */
import { sparkToDuckSql } from '../sql/spark-sql';
import { duckErrorLine, quoteIdent } from '../sql/duck-session';
import type { LoadedTable } from '../load/loaded-table';
import { RuleEvaluationError, type Accumulator, type Analyzer, type AnalyzerContext, type AnalyzerResult } from './types';

export type AnalyzerOutcome = { ok: true; result: AnalyzerResult } | { ok: false; error: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Evaluates a `where` predicate in DuckDB to a row mask (1 = the row is kept): one byte a row, the kept rowids streamed in. */
async function whereMask(loaded: LoadedTable, predicate: string, ctx: AnalyzerContext): Promise<Uint8Array> {
  const session = await ctx.registerInDuck(loaded.name);
  const mask = new Uint8Array(loaded.table.numRows);
  const sql = `SELECT rowid FROM ${quoteIdent(loaded.name)} WHERE COALESCE((${sparkToDuckSql(predicate, loaded.name)}), FALSE)`;
  try {
    await session.forEachValue(sql, (rowid) => {
      mask[Number(rowid)] = 1;
    });
  } catch (error) {
    throw new RuleEvaluationError(`where ${JSON.stringify(predicate)} failed in DuckDB: ${duckErrorLine(error)}`);
  }
  return mask;
}

export async function runAnalyzers(loaded: LoadedTable, analyzers: Analyzer[], ctx: AnalyzerContext): Promise<Map<string, AnalyzerOutcome>> {
  const outcomes = new Map<string, AnalyzerOutcome>();
  const fail = (analyzer: Analyzer, error: unknown): void => {
    outcomes.set(analyzer.id, { ok: false, error: message(error) });
  };
  const names = new Set(loaded.columns.map((c) => c.name));
  const runnable = analyzers.filter((analyzer) => {
    const missing = analyzer.columns.filter((c) => !names.has(c));
    if (missing.length > 0) fail(analyzer, `column ${missing.join(', ')} does not exist in table ${loaded.name}`);
    return missing.length === 0;
  });

  const masks = new Map<string, Uint8Array>();
  const active: Array<{ analyzer: Analyzer; accumulator: Accumulator; mask: Uint8Array | undefined }> = [];
  for (const analyzer of runnable) {
    if (analyzer.kind !== 'scan') continue;
    try {
      await analyzer.prepare?.(ctx);
      let mask: Uint8Array | undefined;
      if (analyzer.where !== undefined) {
        mask = masks.get(analyzer.where) ?? (await whereMask(loaded, analyzer.where, ctx));
        masks.set(analyzer.where, mask);
      }
      active.push({ analyzer, accumulator: analyzer.start(loaded), mask });
    } catch (error) {
      fail(analyzer, error);
    }
  }

  // The single scan: every batch goes to every accumulator.
  let offset = 0;
  for (const batch of loaded.table.batches) {
    for (const entry of active) {
      if (outcomes.has(entry.analyzer.id)) continue;
      try {
        entry.accumulator.update(batch, offset, entry.mask);
      } catch (error) {
        fail(entry.analyzer, error);
      }
    }
    offset += batch.numRows;
  }
  for (const entry of active) {
    if (outcomes.has(entry.analyzer.id)) continue;
    try {
      outcomes.set(entry.analyzer.id, { ok: true, result: entry.accumulator.finish() });
    } catch (error) {
      fail(entry.analyzer, error);
    }
  }

  for (const analyzer of runnable) {
    if (analyzer.kind !== 'direct') continue;
    try {
      outcomes.set(analyzer.id, { ok: true, result: await analyzer.compute(loaded, ctx) });
    } catch (error) {
      fail(analyzer, error);
    }
  }
  return outcomes;
}
