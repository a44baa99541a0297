/**
 * catalog/<database>/<table>.json: the Glue `Table` exactly as GetTable returns it. AWS owns this
 * shape, so the file has no schemaVersion and the schema is permissive: it checks the fields stedi
 * reads and keeps every other field (loose objects), as the Glue API may add some at any time.
 * Field names and meanings: https://docs.aws.amazon.com/glue/latest/webapi/API_Table.html
 */
import { z } from 'zod/v4';
import { parseArtifact, readArtifact, type ArtifactKind } from './artifact';

export const catalogColumnSchema = z.looseObject({
  Name: z.string().min(1),
  Type: z.string().optional().describe('The Hive type, e.g. `bigint`, `array<struct<x:int>>`.'),
  Comment: z.string().optional(),
  Parameters: z.record(z.string(), z.string()).optional(),
});
export type CatalogColumn = z.infer<typeof catalogColumnSchema>;

export const serdeInfoSchema = z.looseObject({
  Name: z.string().optional(),
  SerializationLibrary: z.string().optional(),
  Parameters: z.record(z.string(), z.string()).optional(),
});

export const storageDescriptorSchema = z.looseObject({
  Columns: z.array(catalogColumnSchema).optional(),
  Location: z.string().optional(),
  InputFormat: z.string().optional(),
  OutputFormat: z.string().optional(),
  Compressed: z.boolean().optional(),
  SerdeInfo: serdeInfoSchema.optional(),
  Parameters: z.record(z.string(), z.string()).optional(),
});

export const catalogTableSchema = z
  .looseObject({
    Name: z.string().min(1),
    DatabaseName: z.string().optional(),
    TableType: z.string().optional(),
    StorageDescriptor: storageDescriptorSchema.optional(),
    PartitionKeys: z.array(catalogColumnSchema).optional(),
    Parameters: z.record(z.string(), z.string()).optional(),
  })
  .describe('catalog/<database>/<table>.json: a Glue Table as GetTable returns it.');
export type CatalogTable = z.infer<typeof catalogTableSchema>;

export const CATALOG_TABLE: ArtifactKind<typeof catalogTableSchema> = {
  title: 'Glue catalog table',
  schema: catalogTableSchema,
  invalidCode: 'CATALOG_ENTRY_INVALID',
};

/** Reads a catalog file; accepts the bare `Table` object or the whole GetTable response `{ "Table": … }`. */
export function readCatalogTable(file: string): CatalogTable {
  const value = readArtifact({ ...CATALOG_TABLE, schema: z.unknown() }, file);
  const wrapped = value !== null && typeof value === 'object' && 'Table' in value && !('Name' in value);
  return wrapped ? parseArtifact(CATALOG_TABLE, (value as { Table: unknown }).Table, `${file} (Table)`) : parseArtifact(CATALOG_TABLE, value, file);
}
