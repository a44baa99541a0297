/**
 * partitions/<database>/<table>.json: the partitions a partitioned table had in the catalog when
 * the run ended (GetPartitions), each with its own LOCATION — which need not be a `key=value/`
 * folder under the table's (ALTER TABLE ADD PARTITION ... LOCATION, a job's catalog update).
 * A rerun restores exactly these (pipeline/restore-run.ts) instead of crawling for them.
 */
import * as path from 'node:path';
import { z } from 'zod/v4';
import { containedPath } from '../contained-path';
import { readArtifact, writeArtifact, type ArtifactKind } from './artifact';

export const PARTITION_LIST_SCHEMA_VERSION = 1;

export const partitionListSchema = z
  .object({
    schemaVersion: z.literal(PARTITION_LIST_SCHEMA_VERSION),
    database: z.string(),
    table: z.string(),
    partitions: z.array(
      z.object({
        values: z.array(z.string()).describe("The partition's values, in the order of the table's PartitionKeys."),
        location: z.string().describe("The partition's StorageDescriptor.Location (s3://...), under the table's or elsewhere."),
        parameters: z.record(z.string(), z.string()).optional(),
      }),
    ),
  })
  .describe('partitions/<database>/<table>.json: the registered partitions of a partitioned table at the end of the run.');
export type PartitionList = z.infer<typeof partitionListSchema>;

export const PARTITION_LIST: ArtifactKind<typeof partitionListSchema> = {
  title: 'partition list',
  schema: partitionListSchema,
  version: PARTITION_LIST_SCHEMA_VERSION,
  invalidCode: 'PARTITION_LIST_INVALID',
};

// Names come from the Glue catalog (remote names): the path must stay in the run directory.
export function partitionListPath(runDir: string, database: string, table: string): string {
  return containedPath(path.join(runDir, 'partitions'), [database, `${table}.json`], `partition list of ${database}.${table}`);
}

export function readPartitionList(file: string): PartitionList {
  return readArtifact(PARTITION_LIST, file);
}

export function writePartitionList(runDir: string, list: PartitionList): void {
  writeArtifact(PARTITION_LIST, partitionListPath(runDir, list.database, list.table), list);
}
