/**
 * The rows of a loaded table as a sequence of Arrow record batches, each in memory or spooled to
 * disk (batch-spool.ts). Analyzers take the batches one at a time in row order, so a table larger
 * than the gate's memory is evaluated with one batch of it resident.
 */
import * as arrow from 'apache-arrow';
import { InputError } from '../../common/errors';
import { BatchSpool, sharedSpool, type SpoolFile, type SpooledPart } from './batch-spool';

export interface TableData {
  readonly schema: arrow.Schema;
  readonly numRows: number;
  /** Every batch in row order; a spooled batch is read from disk when it is reached. */
  readonly batches: Iterable<arrow.RecordBatch>;
  /** The batch holding row `row` (0-based, in table order) and the row's index in that batch. */
  batchAt(row: number): { batch: arrow.RecordBatch; index: number };
  /** The whole table in memory: for tests and small tables. */
  toArrow(): arrow.Table;
  /** Gives back its memory budget and removes its spool file; reading afterwards is an error. */
  release(): void;
}

class BatchedTableData implements TableData {
  private released = false;

  constructor(
    readonly schema: arrow.Schema,
    readonly numRows: number,
    private readonly parts: SpooledPart[],
    private readonly spool: BatchSpool | undefined,
  ) {}

  private load(part: SpooledPart): arrow.RecordBatch {
    if (this.released) throw new InputError('TABLE_RELEASED', 'the table was released after the gate; load it again to read it');
    if ('batch' in part) return part.batch;
    // Under the table's own schema: a schema read back from IPC is equal in content but not in
    // every detail Arrow JS compares (an absent time zone becomes null).
    return new arrow.RecordBatch(this.schema, BatchSpool.read(part).data);
  }

  get batches(): Iterable<arrow.RecordBatch> {
    const parts = this.parts;
    const load = (part: SpooledPart): arrow.RecordBatch => this.load(part);
    return {
      *[Symbol.iterator]() {
        for (const part of parts) yield load(part);
      },
    };
  }

  batchAt(row: number): { batch: arrow.RecordBatch; index: number } {
    let start = 0;
    for (const part of this.parts) {
      if (row < start + part.rows) return { batch: this.load(part), index: row - start };
      start += part.rows;
    }
    throw new RangeError(`row ${row} is past the table's ${this.numRows} rows`);
  }

  toArrow(): arrow.Table {
    return new arrow.Table(this.schema, [...this.batches]);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.spool?.release(this.parts);
  }
}

/** An Arrow table already in memory (hand-built tables, tests): nothing to spool or release. */
export function tableDataOf(table: arrow.Table): TableData {
  const parts: SpooledPart[] = table.batches.map((batch) => ({ rows: batch.numRows, bytes: 0, batch }));
  return new BatchedTableData(table.schema, table.numRows, parts, undefined);
}

/** Collects a table's batches as they are built, spooling those the memory budget cannot hold. */
export class TableDataWriter {
  private readonly parts: SpooledPart[] = [];
  private readonly file: SpoolFile = { size: 0 };
  private rows = 0;

  constructor(
    private readonly schema: arrow.Schema,
    private readonly spool: BatchSpool = sharedSpool(),
  ) {}

  add(batch: arrow.RecordBatch): void {
    if (batch.numRows === 0) return;
    this.parts.push(this.spool.keep(batch, this.file));
    this.rows += batch.numRows;
  }

  finish(): TableData {
    return new BatchedTableData(this.schema, this.rows, this.parts, this.spool);
  }
}
