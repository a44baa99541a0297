/**
 * The Athena side of the harness: Athena DDL ↔ Glue catalog tables, a local Athena (DuckDB in
 * process) over a saved run or a started emulator, and the query evidence report.
 */
export { parseCreateTable } from '../table/ddl/parse-create-table';
export type { ParsedTable } from '../table/ddl/parse-create-table';
export { renderCreateTable } from '../table/ddl/render-create-table';
export { tableToDdlFiles } from './ddl-files';
export type { DdlFile } from './ddl-files';
export { tableFormat } from '../table/ddl/storage-formats';
export type { TableFormat } from '../table/ddl/storage-formats';
export { parseHiveType, formatHiveType } from '../table/ddl/hive-type';
export type { HiveType } from '../table/ddl/hive-type';
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
export type { ReportVerdict, GateVerdict, RunVerdict, CountVerdict, VerdictState } from './report/verdict';
