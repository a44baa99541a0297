/**
 * Loads one table for the quality rules through the table layer (table/): the layer lists the
 * table's objects, reads them with the table's SerDe as Athena would and accounts for every line
 * in its ledger; this file only turns its typed cells into Arrow columns (cell-values.ts). So the
 * gate counts exactly the rows the pipeline's counter, local Athena and the report count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as arrow from 'apache-arrow';
import type { GlueTable, Ledger, RowBatch, TableSource } from '../../table';
import { listTableObjects, runTableSource, scanTable, tableColumns } from '../../table';
import { InputError } from '../../common/errors';
import { arrowValueOf, columnSpecOf } from './cell-values';
import { batchFromColumns, ColumnBuilder } from './column-builder';
import { MAX_PROBLEM_SAMPLES, type LoadedTable, type LoadProblem } from './loaded-table';
import { NO_SCHEMA_DRIFT, SchemaDriftTracker, neededCoercionOfType } from './schema-drift';
import { arrowSchemaOf, toColumnSpecs, type ColumnSpec, type SchemaShorthand } from './schema';
import { TableDataWriter } from './table-data';

/**
 * Rows per record batch: ~6 MiB of a STEDI table, so a spooled table is read back in pieces
 * small beside the gate's budget, and large enough that per-batch work stays negligible.
 */
export const BATCH_ROWS = 65_536;

/** The first located lines of the ledger, for messages: every object with issues gets a turn. */
export function ledgerProblems(ledger: Ledger, max = MAX_PROBLEM_SAMPLES): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const queues = ledger.objectsWithIssues.map((o) => o.examples.filter((e) => e.outcome !== 'skipped'));
  for (let round = 0; problems.length < max && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const example = queue[round];
      if (example && problems.length < max) problems.push({ file: example.key, line: example.line, reason: `${example.reason}: ${example.detail}` });
    }
  }
  return problems;
}

/**
 * Builds a LoadedTable from a table scan as it happens: Arrow columns from the typed cells, and
 * the schema drift of its JSON records. Fed by its own scan (loadTableSource) or by observing the
 * run's counting scan (gate/preloaded-tables.ts), so a run can read each table once.
 */
export class TableLoader {
  private readonly columns: ColumnSpec[];
  private builders: ColumnBuilder[];
  private readonly dataColumns: number;
  private readonly drift: SchemaDriftTracker;
  private readonly schema: arrow.Schema;
  private readonly batches: TableDataWriter;
  /** Rows in the builders, not yet a batch. */
  private pending = 0;
  private invalidValues = 0;
  private sawShapes = false;

  constructor(
    private readonly name: string,
    private readonly source: TableSource,
  ) {
    const tableColumnList = tableColumns(source.table);
    this.columns = tableColumnList.map(columnSpecOf);
    this.builders = this.newBuilders();
    this.schema = arrowSchemaOf(this.columns);
    this.batches = new TableDataWriter(this.schema);
    this.dataColumns = tableColumnList.filter((c) => !c.partition).length;
    this.drift = new SchemaDriftTracker(this.columns);
  }

  private newBuilders(): ColumnBuilder[] {
    return this.columns.map((c) => new ColumnBuilder(c.kind));
  }

  /** Turns the rows built so far into a record batch (kept in memory or spooled). */
  private flush(): void {
    if (this.pending === 0 || this.columns.length === 0) return;
    this.batches.add(batchFromColumns(this.schema, this.builders.map((b) => b.finish()), this.pending));
    this.builders = this.newBuilders();
    this.pending = 0;
  }

  /** Takes one batch of the scan (the scan must record shapes for the drift check to see JSON records). */
  readonly onBatch = (batch: RowBatch): void => {
    const { columns, drift } = this;
    for (const row of batch.rows) {
      const builders = this.builders;
      for (let c = 0; c < builders.length; c++) builders[c]!.append(arrowValueOf(row[c] ?? null, columns[c]!.kind));
      if (++this.pending === BATCH_ROWS) this.flush();
    }
    this.invalidValues += batch.badCells.length;
    // The table layer reports how each JSON record was written (RowShape); other formats have no shapes.
    batch.shapes?.forEach((shape, i) => {
      this.sawShapes = true;
      if (!shape) return;
      const cells = batch.rows[i]!;
      const where = { file: batch.origins[i]!.key, line: batch.origins[i]!.line };
      for (let c = 0; c < this.dataColumns; c++) {
        const key = shape.keys[c];
        if (key !== undefined) drift.key(key, c, where);
        const type = shape.types[c];
        // A value the SerDe could not read is NULL and in the ledger, not drift.
        if (type !== undefined && cells[c] !== null && neededCoercionOfType(type, columns[c]!)) drift.coerced(c, type, where);
      }
      drift.endRecord();
    });
  };

  /** The loaded table, once the scan is over and its ledger complete. */
  finish(ledger: Ledger): LoadedTable {
    this.flush();
    return {
      name: this.name,
      table: this.batches.finish(),
      columns: this.columns,
      format: ledger.format,
      files: listTableObjects(this.source.dataDir, this.source.table.PartitionKeys ?? []).objects.map((o) => o.key),
      rejectedRecords: ledger.rejected,
      invalidValues: this.invalidValues,
      schemaDrift: this.sawShapes ? this.drift.summary() : NO_SCHEMA_DRIFT,
      problems: ledgerProblems(ledger),
      ledger,
    };
  }
}

/** Reads `source` through the table layer into Arrow, with the ledger and the schema drift of its JSON records. */
export async function loadTableSource(name: string, source: TableSource): Promise<LoadedTable> {
  const loader = new TableLoader(name, source);
  return loader.finish(await scanTable(source, loader.onBatch, { recordShapes: true }));
}

/** Loads table `table` of database `database` from a run directory. */
export async function loadRunTable(runDir: string, database: string, table: string): Promise<LoadedTable> {
  return loadTableSource(table, runTableSource(runDir, database, table));
}

const OPENX_JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';

/**
 * Loads a plain directory of JSON-lines files with a given column list (hand-built tables): the
 * directory is read as a Glue table with the OpenX JSON SerDe, the STEDI tables' SerDe.
 */
export async function loadJsonLinesDirectory(name: string, dir: string, schema: SchemaShorthand): Promise<LoadedTable> {
  if (!fs.existsSync(dir)) throw new InputError('TABLE_DIR_MISSING', `table ${name}: directory ${dir} does not exist`);
  const table: GlueTable = {
    Name: name,
    DatabaseName: 'local',
    Parameters: { classification: 'json' },
    StorageDescriptor: {
      Columns: toColumnSpecs(schema).map((c) => ({ Name: c.name, Type: c.catalogType })),
      Location: `file://${path.resolve(dir)}/`,
      SerdeInfo: { SerializationLibrary: OPENX_JSON_SERDE },
    },
  };
  return loadTableSource(name, { database: 'local', name, table, dataDir: dir });
}
