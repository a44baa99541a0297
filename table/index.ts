/**
 * The table layer: the one place that reads table files. Glue table model, Hive types, DDL
 * parse/render, format and compression detection, listing rules, SerDe semantics (Athena is the
 * reference for counts), typed cells and the ledger. Depends only on common/.
 */
export type { Cell, CellMap, CellStruct, MapKeyCell, TableColumn, RowOrigin, BadCell, RowBatch, RowShape, JsonValueType } from './cells';
export type {
  Ledger, LedgerLine, LedgerObject, LedgerReason, LedgerSummary, LineOutcome, IssueReason, RejectReason, SkipReason,
  SkippedObject, SkippedObjectReason, AthenaRefusal,
} from './ledger';
export { summariseLedger, DEFAULT_EXAMPLES_PER_REASON, ISSUE_REASONS, REJECT_REASONS, SKIP_REASONS } from './ledger';
export type { GlueTable, TableSource } from './glue-table';
export { readGlueTableFile, tableColumns, runTableSource, listRunTableSources } from './glue-table';
export type { TableStorage, TableFormatName, SerdeReader, Codec, FileKind } from './format';
export { detectTableStorage, codecOfKey, fileKindOf, fileMatchesFormat } from './format';
export type { TableObject, TableObjectListing } from './listing';
export { listTableObjects, skippedKeyReason } from './listing';
export { decompressedChunks, decodeHadoopSnappy, CorruptObjectError } from './compression';
export type { ReadTableOptions, TableData, TableScanObserver, TableScanObservers } from './read-table';
export { scanTable, readTable, countTable, readRunTable, DEFAULT_MAX_ROW_BYTES } from './read-table';
export { writeLedger, readLedger } from './ledger-file';
export { containedPath, PathEscapeError } from '../common/contained-path';
// S3 and the Glue catalog, as the layer lists them
export { parseS3Location, type S3Location } from './s3/s3-location';
export { listKeys, listObjects, sameListing, deletePrefix, forEachLimited, downloadPrefix } from './s3/s3-objects';
export type { ListedObject, PrefixDownload } from './s3/s3-objects';
export { uploadFile } from './s3/upload-file';
export { listCatalogTables } from './s3/glue-catalog';
// DDL and Hive types
export { parseCreateTable } from './ddl/parse-create-table';
export type { ParsedTable } from './ddl/parse-create-table';
export { renderCreateTable, quoteDdlIdentifier, quoteDdlString } from './ddl/render-create-table';
export { parseHiveType, formatHiveType, duckTypeOf, quoteDuckIdentifier } from './ddl/hive-type';
export type { HiveType, PrimitiveName } from './ddl/hive-type';
export { tableFormat, isJsonSerde } from './ddl/storage-formats';
export type { TableFormat } from './ddl/storage-formats';
