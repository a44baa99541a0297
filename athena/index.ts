/**
 * The Athena side of the harness: Athena DDL ↔ Glue catalog tables, a local Athena (DuckDB in
 * process) over a saved run or a started emulator, and the query evidence report.
 */
export { parseCreateTable } from './ddl/parse-create-table';
export type { ParsedTable } from './ddl/parse-create-table';
export { renderCreateTable } from './ddl/render-create-table';
export { tableToDdlFiles } from './ddl/ddl-files';
export type { DdlFile } from './ddl/ddl-files';
export { tableFormat } from './ddl/storage-formats';
export type { TableFormat } from './ddl/storage-formats';
export { parseHiveType, formatHiveType } from './ddl/hive-type';
export type { HiveType } from './ddl/hive-type';
export { readRunCatalog } from './run-catalog';
export type { CatalogEntry } from './run-catalog';
export { AthenaSession } from './engine/athena-session';
export type { AthenaSessionOptions } from './engine/athena-session';
export type { QueryResult, QueryColumn, QueryValue } from './engine/result';
export { formatQueryValue } from './engine/result';
export { queryRun, queryCatalog } from './query-run';
export type { QueryRunOptions, QueryCatalogOptions } from './query-run';
export { buildReport } from './report/build-report';
export type { BuildReportOptions, BuildReportResult } from './report/build-report';
export type { QualityOutcome } from './report/report-model';
