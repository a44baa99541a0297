/**
 * The run-directory contract: where each artifact lives (layout.ts), its zod schema and
 * schemaVersion (one file per artifact), and one reader/writer that validates them (artifact.ts).
 * `npx tsx common/run-dir/emit-json-schemas.ts` writes the same schemas to schemas/*.schema.json.
 */
export { keyPath, parseArtifact, readArtifact, RunDirError, writeArtifact, type ArtifactKind, type RunDirErrorCode } from './artifact';
export {
  catalogTablePath,
  DEFAULT_RUNS_ROOT,
  ledgerTablePath,
  qualityResultPath,
  resolveRunDir,
  runRecordPath,
  tableDataDir,
} from './layout';
export * from './run-record';
export * from './quality-result';
export * from './catalog-table';
export * from './ledger';
export * from './partition-list';
export { ARTIFACT_JSON_SCHEMAS, artifactJsonSchemas } from './json-schemas';
