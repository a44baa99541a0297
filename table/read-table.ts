/**
 * Reading a table: list its objects (listing.ts), pick the SerDe reader (format.ts), decompress
 * (compression.ts), decode every line or row into cells, and account for every line in the
 * ledger. `scanTable` streams batches; `readTable` collects them; `readRunTable` is the same for
 * a table of a saved run directory. Counter, quality gate, local Athena and report all call these,
 * so they cannot disagree on a count.
 */
import type { BadCell, Cell, RowBatch, RowOrigin, RowShape, TableColumn } from './cells';
import { codecOfKey, detectTableStorage, fileKindOf, fileMatchesFormat, type TableStorage } from './format';
import { runTableSource, tableColumns, type TableSource } from './glue-table';
import { buildLedger, DEFAULT_EXAMPLES_PER_REASON, ObjectLedger, type AthenaRefusal, type Ledger, type LedgerObject } from './ledger';
import { listTableObjects, type TableObject } from './listing';
import { readObjectHead } from './compression';
import { readTextObject } from './text/read-text-object';
import { readParquetObject } from './parquet/read-parquet-object';
import { InputError } from '../common/errors';

/** Athena's documented limit on the size of one row (Service Quotas / considerations: 32 MB). */
export const DEFAULT_MAX_ROW_BYTES = 32 * 1024 * 1024;

export interface ReadTableOptions {
  /** Example lines kept per reason and object in the ledger (default 20). */
  examplesPerReason?: number;
  /** A text line longer than this is refused as Athena refuses it (default 32 MiB). */
  maxRowBytes?: number;
  /** Rows per batch handed to `onBatch` (default 4096). */
  batchRows?: number;
  /**
   * Refuse objects whose own suffix or magic says they are another format than the table's
   * (a `.csv` in a JSON table): counted as rejected with reason `format-mismatch`, never read.
   * Staging uses this; reading a run's table does not (Athena reads every object as the table's format).
   */
  rejectMismatchedObjects?: boolean;
  /** JSON tables: hand each batch the key spellings and value types of its records (`RowBatch.shapes`), for schema-drift checks. */
  recordShapes?: boolean;
}

export interface ReaderContext {
  source: TableSource;
  qualified: string;
  storage: TableStorage;
  columns: TableColumn[];
  options: Required<ReadTableOptions>;
  emit: (rows: Cell[][], origins: RowOrigin[], badCells: BadCell[], shapes?: (RowShape | undefined)[]) => Promise<void>;
}

/** Everything read from one table: rows in file order, where each came from, and the ledger. */
export interface TableData {
  columns: TableColumn[];
  storage: TableStorage;
  rows: Cell[][];
  origins: RowOrigin[];
  badCells: BadCell[];
  ledger: Ledger;
}

function withDefaults(options: ReadTableOptions): Required<ReadTableOptions> {
  return {
    examplesPerReason: options.examplesPerReason ?? DEFAULT_EXAMPLES_PER_REASON,
    maxRowBytes: options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES,
    batchRows: options.batchRows ?? 4096,
    rejectMismatchedObjects: options.rejectMismatchedObjects ?? false,
    recordShapes: options.recordShapes ?? false,
  };
}

/**
 * Reads every object of `source` and calls `onBatch` with rows as they are decoded (batches never
 * span objects). Returns the ledger. Throws only for a table no reader supports (an InputError
 * naming the format) — bad data never throws, it is in the ledger.
 */
export async function scanTable(source: TableSource, onBatch: (batch: RowBatch) => void | Promise<void>, options: ReadTableOptions = {}): Promise<Ledger> {
  const resolved = withDefaults(options);
  const qualified = `${source.database}.${source.name}`;
  const storage = detectTableStorage(source.table);
  if (storage.reader === 'unsupported') {
    throw new InputError('TABLE_FORMAT_UNSUPPORTED', `table ${qualified}: format ${storage.format} (SerDe ${storage.serde || 'none'}, decided by ${storage.decidedBy}) is not one the table layer reads (JSON, CSV, delimited text, Parquet)`);
  }
  const columns = tableColumns(source.table);
  const listing = listTableObjects(source.dataDir, source.table.PartitionKeys ?? []);
  const objects: LedgerObject[] = [];
  let refusal: AthenaRefusal | undefined;
  for (const object of listing.objects) {
    const codec = storage.reader === 'parquet' ? 'none' : codecOfKey(object.key);
    const ledger = new ObjectLedger(object.key, storage.format, storage.reader === 'parquet' ? 'parquet-internal' : codec, resolved.examplesPerReason);
    let pendingRows: Cell[][] = [];
    let pendingOrigins: RowOrigin[] = [];
    let pendingBad: BadCell[] = [];
    let pendingShapes: (RowShape | undefined)[] | undefined;
    const flush = async (): Promise<void> => {
      if (pendingRows.length === 0) return;
      await onBatch({ columns, rows: pendingRows, origins: pendingOrigins, badCells: pendingBad, ...(pendingShapes ? { shapes: pendingShapes } : {}) });
      pendingRows = [];
      pendingOrigins = [];
      pendingBad = [];
      pendingShapes = undefined;
    };
    const context: ReaderContext = {
      source,
      qualified,
      storage,
      columns,
      options: resolved,
      emit: async (rows, origins, badCells, shapes) => {
        const offset = pendingRows.length;
        if (shapes || pendingShapes) {
          pendingShapes ??= new Array<RowShape | undefined>(offset).fill(undefined);
          for (let i = 0; i < rows.length; i++) pendingShapes.push(shapes?.[i]);
        }
        for (let i = 0; i < rows.length; i++) {
          pendingRows.push(rows[i] as Cell[]);
          pendingOrigins.push(origins[i] as RowOrigin);
        }
        for (const bad of badCells) pendingBad.push({ ...bad, row: bad.row + offset });
        if (pendingRows.length >= resolved.batchRows) await flush();
      },
    };
    if (resolved.rejectMismatchedObjects) {
      const kind = fileKindOf(object.key, readObjectHead(object.file, 4));
      if (!fileMatchesFormat(kind, storage.format)) {
        ledger.rejected(0, 'format-mismatch', `${object.key} looks like ${kind} (by its name or first bytes), but table ${qualified} is ${storage.format} (${storage.serde || storage.decidedBy}); it is not read`);
        objects.push(ledger.entry);
        continue;
      }
    }
    const objectRefusal = storage.reader === 'parquet'
      ? await readParquetObject(context, object, ledger)
      : await readTextObject(context, object, codec, ledger);
    await flush();
    refusal ??= objectRefusal;
    objects.push(ledger.entry);
  }
  return buildLedger(qualified, storage.format, storage.serde, objects, listing.skipped, refusal, resolved.examplesPerReason);
}

/** Reads a whole table into memory (rows in object order). */
export async function readTable(source: TableSource, options: ReadTableOptions = {}): Promise<TableData> {
  const rows: Cell[][] = [];
  const origins: RowOrigin[] = [];
  const badCells: BadCell[] = [];
  const ledger = await scanTable(source, (batch) => {
    const offset = rows.length;
    for (let i = 0; i < batch.rows.length; i++) {
      rows.push(batch.rows[i] as Cell[]);
      origins.push(batch.origins[i] as RowOrigin);
    }
    for (const bad of batch.badCells) badCells.push({ ...bad, row: bad.row + offset });
  }, options);
  return { columns: tableColumns(source.table), storage: detectTableStorage(source.table), rows, origins, badCells, ledger };
}

/**
 * A second consumer of a table scan: sees every batch, then the ledger. The quality gate's Arrow
 * loader observes the counter's scan this way, so a run reads each table once for both.
 */
export interface TableScanObserver {
  onBatch(batch: RowBatch): void;
  /** Called after the scan, with the ledger complete (skipped objects included). */
  finish(ledger: Ledger): void;
}

/** Makes an observer per scanned table, and drops what an abandoned scan of a table left behind. */
export interface TableScanObservers {
  observe(source: TableSource): TableScanObserver;
  forget(database: string, name: string): void;
}

/** Counts a table without keeping its rows: the ledger alone. */
export async function countTable(source: TableSource, options: ReadTableOptions = {}): Promise<Ledger> {
  return scanTable(source, () => undefined, options);
}

/** Rows + ledger of table `database.table` in a saved run directory. */
export async function readRunTable(runDir: string, database: string, table: string, options: ReadTableOptions = {}): Promise<TableData> {
  return readTable(runTableSource(runDir, database, table), options);
}

export type { TableObject };
