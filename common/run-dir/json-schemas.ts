/**
 * The artifacts' zod schemas as JSON Schema (draft 2020-12), for editors and other tools. `io:
 * 'input'` describes what a reader accepts: unknown keys are allowed (a newer stedi may add
 * optional fields), optional fields are not required.
 */
import { z } from 'zod/v4';
import { catalogTableSchema } from './catalog-table';
import { tableLedgerSchema } from './ledger';
import { partitionListSchema } from './partition-list';
import { qualityResultSchema } from './quality-result';
import { runRecordSchema } from './run-record';

/** schemas/<name>.schema.json → its zod schema. */
export const ARTIFACT_JSON_SCHEMAS: Record<string, z.ZodType> = {
  'run-record': runRecordSchema,
  'quality-result': qualityResultSchema,
  'catalog-table': catalogTableSchema,
  'table-ledger': tableLedgerSchema,
  'partition-list': partitionListSchema,
};

/** File name → JSON text (2-space, trailing newline), exactly as committed under schemas/. */
export function artifactJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(ARTIFACT_JSON_SCHEMAS)) {
    const json = { ...z.toJSONSchema(schema, { io: 'input' }), title: name };
    files[`${name}.schema.json`] = `${JSON.stringify(json, null, 2)}\n`;
  }
  return files;
}
