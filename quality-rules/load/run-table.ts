/**
 * Loads one table for the quality rules through the table layer (table/): the layer lists the
 * table's objects, reads them with the table's SerDe as Athena would and accounts for every line
 * in its ledger; this file only turns its typed cells into Arrow columns (cell-values.ts). So the
 * gate counts exactly the rows the pipeline's counter, local Athena and the report count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GlueTable, Ledger, RowBatch, TableSource } from '../../table';
import { listTableObjects, runTableSource, scanTable, tableColumns } from '../../table';
import { InputError } from '../../common/errors';
import { arrowValueOf, columnSpecOf } from './cell-values';
import { ColumnBuilder, tableFromColumns } from './column-builder';
import { MAX_PROBLEM_SAMPLES, type LoadedTable, type LoadProblem } from './loaded-table';
import { NO_SCHEMA_DRIFT, SchemaDriftTracker, neededCoercionOfType } from './schema-drift';
import { toColumnSpecs, type ColumnSpec, type SchemaShorthand } from './schema';

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

/** Reads `source` through the table layer into Arrow, with the ledger and the schema drift of its JSON records. */
export async function loadTableSource(name: string, source: TableSource): Promise<LoadedTable> {
  const tableColumnList = tableColumns(source.table);
  const columns: ColumnSpec[] = tableColumnList.map(columnSpecOf);
  const builders = columns.map((c) => new ColumnBuilder(c.kind));
  const dataColumns = tableColumnList.filter((c) => !c.partition).length;
  const drift = new SchemaDriftTracker(columns);
  let length = 0;
  let invalidValues = 0;
  let sawShapes = false;
  const onBatch = (batch: RowBatch): void => {
    for (const row of batch.rows) {
      for (let c = 0; c < builders.length; c++) builders[c]!.append(arrowValueOf(row[c] ?? null, columns[c]!.kind));
    }
    invalidValues += batch.badCells.length;
    length += batch.rows.length;
    // The table layer reports how each JSON record was written (RowShape); other formats have no shapes.
    batch.shapes?.forEach((shape, i) => {
      sawShapes = true;
      if (!shape) return;
      const cells = batch.rows[i]!;
      const where = { file: batch.origins[i]!.key, line: batch.origins[i]!.line };
      for (let c = 0; c < dataColumns; c++) {
        const key = shape.keys[c];
        if (key !== undefined) drift.key(key, c, where);
        const type = shape.types[c];
        // A value the SerDe could not read is NULL and in the ledger, not drift.
        if (type !== undefined && cells[c] !== null && neededCoercionOfType(type, columns[c]!)) drift.coerced(c, type, where);
      }
      drift.endRecord();
    });
  };
  const ledger = await scanTable(source, onBatch, { recordShapes: true });
  return {
    name,
    table: tableFromColumns(
      columns,
      builders.map((b) => b.finish()),
      length,
    ),
    columns,
    format: ledger.format,
    files: listTableObjects(source.dataDir, source.table.PartitionKeys ?? []).objects.map((o) => o.key),
    rejectedRecords: ledger.rejected,
    invalidValues,
    schemaDrift: sawShapes ? drift.summary() : NO_SCHEMA_DRIFT,
    problems: ledgerProblems(ledger),
    ledger,
  };
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
