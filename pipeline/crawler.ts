/**
 * Runs our crawler (crawl.ts) on one table of the emulated catalog: lists the objects under its
 * LOCATION, then makes the catalog's partitions exactly the ones found, through the Glue
 * partition API as a crawler does (BatchCreatePartition for new folders, UpdatePartition for a
 * moved one, BatchDeletePartition for folders that are gone).
 */
import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  UpdatePartitionCommand,
  UpdateTableCommand,
  type GlueClient,
  type Partition,
  type PartitionInput,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { applyDdl, type DdlTable } from './catalog-setup';
import { crawlPartitions, type CrawledPartition } from './crawl';
import { parseS3Location } from './s3-location';
import { listKeys } from './s3-objects';

export interface CrawlReport {
  table: string;
  keys: string[];
  partitions: number;
  added: number;
  updated: number;
  removed: number;
  skipped: Array<{ key: string; reason: string }>;
}

/** Glue's limits per call: 100 partitions to create, 25 to delete (BatchCreatePartition, BatchDeletePartition). */
const CREATE_BATCH = 100;
const DELETE_BATCH = 25;

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

function tableInputOf(table: Table): TableInput {
  return {
    Name: table.Name,
    Description: table.Description,
    Owner: table.Owner,
    Retention: table.Retention,
    StorageDescriptor: table.StorageDescriptor,
    PartitionKeys: table.PartitionKeys ?? [],
    TableType: table.TableType,
    Parameters: table.Parameters,
  };
}

async function currentTable(glue: GlueClient, ddl: DdlTable): Promise<Table> {
  const name = ddl.tableInput.Name as string;
  try {
    return (await glue.send(new GetTableCommand({ DatabaseName: ddl.database, Name: name }))).Table as Table;
  } catch (error) {
    if (errorName(error) !== 'EntityNotFoundException') throw error;
    // A job dropped the table: a crawler would make it again; ours makes it from the DDL.
    await applyDdl(glue, ddl);
    return (await glue.send(new GetTableCommand({ DatabaseName: ddl.database, Name: name }))).Table as Table;
  }
}

async function existingPartitions(glue: GlueClient, database: string, table: string): Promise<Partition[]> {
  const partitions: Partition[] = [];
  let token: string | undefined;
  do {
    const page = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table, NextToken: token }));
    partitions.push(...(page.Partitions ?? []));
    token = page.NextToken;
  } while (token);
  return partitions;
}

function partitionInput(table: Table, partition: CrawledPartition): PartitionInput {
  return { Values: partition.values, StorageDescriptor: { ...table.StorageDescriptor, Location: partition.location }, Parameters: {} };
}

export async function crawlTable(s3: S3Client, glue: GlueClient, ddl: DdlTable): Promise<CrawlReport> {
  const location = ddl.location as string;
  const name = ddl.tableInput.Name as string;
  let table = await currentTable(glue, ddl);
  const keys = await listKeys(s3, parseS3Location(location, `LOCATION of ${name}`));
  const declared = (table.PartitionKeys ?? []).map((key) => key.Name as string);
  const found = crawlPartitions(location, keys, declared);
  if (declared.length === 0 && found.keys.length > 0) {
    // Keys named by the paths become string partition columns, as a crawler adds them.
    const input = { ...tableInputOf(table), PartitionKeys: found.keys.map((key) => ({ Name: key, Type: 'string' })) };
    await glue.send(new UpdateTableCommand({ DatabaseName: ddl.database, TableInput: input }));
    table = { ...table, PartitionKeys: input.PartitionKeys };
  }

  const id = (values: string[] | undefined): string => JSON.stringify(values ?? []);
  const before = new Map((await existingPartitions(glue, ddl.database, name)).map((p) => [id(p.Values), p]));
  const wanted = new Map(found.partitions.map((p) => [id(p.values), p]));
  const stale = [...before.entries()].filter(([key]) => !wanted.has(key)).map(([, p]) => ({ Values: p.Values ?? [] }));
  const added = found.partitions.filter((p) => !before.has(id(p.values)));
  const moved = found.partitions.filter((p) => before.has(id(p.values)) && before.get(id(p.values))!.StorageDescriptor?.Location !== p.location);

  for (let i = 0; i < stale.length; i += DELETE_BATCH) {
    await glue.send(new BatchDeletePartitionCommand({ DatabaseName: ddl.database, TableName: name, PartitionsToDelete: stale.slice(i, i + DELETE_BATCH) }));
  }
  for (let i = 0; i < added.length; i += CREATE_BATCH) {
    const result = await glue.send(
      new BatchCreatePartitionCommand({ DatabaseName: ddl.database, TableName: name, PartitionInputList: added.slice(i, i + CREATE_BATCH).map((p) => partitionInput(table, p)) }),
    );
    const failed = (result.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
    if (failed.length > 0) {
      throw new Error(`registering partitions of ${ddl.database}.${name} failed: ${failed.map((e) => `${JSON.stringify(e.PartitionValues)}: ${e.ErrorDetail?.ErrorMessage}`).join('; ')}`);
    }
  }
  for (const partition of moved) {
    await glue.send(new UpdatePartitionCommand({ DatabaseName: ddl.database, TableName: name, PartitionValueList: partition.values, PartitionInput: partitionInput(table, partition) }));
  }
  return { table: name, keys: found.keys, partitions: found.partitions.length, added: added.length, updated: moved.length, removed: stale.length, skipped: found.skipped };
}

export function describeCrawl(report: CrawlReport): string {
  const parts = [`crawled ${report.table}: ${report.partitions} partition(s) by (${report.keys.join(', ') || 'no keys'}), ${report.added} added, ${report.updated} moved, ${report.removed} removed`];
  if (report.skipped.length > 0) {
    parts.push(`${report.skipped.length} data file(s) in no partition: ${report.skipped.slice(0, 5).map((s) => `${s.key} (${s.reason})`).join('; ')}${report.skipped.length > 5 ? '; ...' : ''}`);
  }
  return parts.join('; ');
}
