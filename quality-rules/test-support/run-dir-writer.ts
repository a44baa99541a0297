/**
 * Writes a run directory in the format of common/run-dir.ts (run.json, catalog/<db>/<t>.json
 * as GetTable returns the Table, data/<db>/<t>/part-*), so tests can exercise the gate without
 * the emulator or Spark.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogTablePath, RUN_RECORD_SCHEMA_VERSION, runRecordPath, tableDataDir, type RunRecord, type TableRecord, type Zone } from '../../common/run-dir';
import type { ColumnKind } from '../load/schema';
import { ruleFilesAt } from '../ruleset/load-ruleset';
import { STEDI_RULES_DIR } from '../ruleset/stedi-rules';

export const TEST_DATABASE = 'stedi';

export interface TableToWrite {
  zone: Zone;
  columns: Record<string, ColumnKind | string>;
  format: 'json' | 'parquet';
  rows: number | null;
  expected: number | null;
}

export function glueTable(database: string, name: string, table: Pick<TableToWrite, 'columns' | 'format' | 'zone'>): Record<string, unknown> {
  const parquet = table.format === 'parquet';
  return {
    Name: name,
    DatabaseName: database,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: table.format },
    PartitionKeys: [],
    StorageDescriptor: {
      Columns: Object.entries(table.columns).map(([Name, Type]) => ({ Name, Type })),
      Location: `s3://stedi-lakehouse/${table.zone}/${name}/`,
      InputFormat: parquet ? 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' : 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: parquet ? 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat' : 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: parquet ? 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' : 'org.openx.data.jsonserde.JsonSerDe',
      },
    },
  };
}

/**
 * Writes run.json and the catalog entries; the caller puts data files under dataDir(name). The
 * run records the STEDI ruleset as its rules, as a run of the STEDI pipeline definition does.
 */
export function writeRunSkeleton(runDir: string, tables: Record<string, TableToWrite>, runId = path.basename(runDir), rules = ruleFilesAt(STEDI_RULES_DIR)): void {
  const records: Record<string, TableRecord> = {};
  for (const [name, table] of Object.entries(tables)) {
    const catalogFile = catalogTablePath(runDir, TEST_DATABASE, name);
    fs.mkdirSync(path.dirname(catalogFile), { recursive: true });
    fs.writeFileSync(catalogFile, `${JSON.stringify(glueTable(TEST_DATABASE, name, table), null, 2)}\n`);
    fs.mkdirSync(tableDataDir(runDir, TEST_DATABASE, name), { recursive: true });
    records[name] = {
      database: TEST_DATABASE,
      zone: table.zone,
      location: `s3://stedi-lakehouse/${table.zone}/${name}/`,
      format: table.format,
      rows: table.rows,
      expected: table.expected,
      rejectedRecords: 0,
    };
  }
  const now = new Date().toISOString();
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId,
    startedAt: now,
    finishedAt: now,
    pipeline: 'stedi (test reference)',
    landing: 'test',
    databases: [TEST_DATABASE],
    tables: records,
    jobs: [],
    rules,
    status: 'SUCCEEDED',
  };
  fs.writeFileSync(runRecordPath(runDir), `${JSON.stringify(record, null, 2)}\n`);
}

export function dataDir(runDir: string, table: string): string {
  return tableDataDir(runDir, TEST_DATABASE, table);
}

/** Writes hand-built rows (e.g. the STEDI fixture) as a JSON-lines run directory. */
export function writeRowsRunDir(
  runDir: string,
  tables: Record<string, { zone: Zone; columns: Record<string, ColumnKind | string>; rows: Array<Record<string, unknown>>; expected?: number | null }>,
): void {
  writeRunSkeleton(
    runDir,
    Object.fromEntries(
      Object.entries(tables).map(([name, t]) => [name, { zone: t.zone, columns: t.columns, format: 'json' as const, rows: t.rows.length, expected: t.expected === undefined ? t.rows.length : t.expected }]),
    ),
  );
  for (const [name, t] of Object.entries(tables)) {
    const lines = t.rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)));
    fs.writeFileSync(path.join(dataDir(runDir, name), 'part-00000.json'), lines.length > 0 ? `${lines.join('\n')}\n` : '');
  }
}
