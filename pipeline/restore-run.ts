/**
 * Puts the state a saved run left back into the emulator: for every table of the run directory
 * (catalog/<db>/<table>.json, landing tables included) the Glue table is created again
 * (CreateTable, or UpdateTable if it exists), every file of data/<db>/<table>/ is put back under
 * the table's LOCATION with the same relative key, and a partitioned table gets the partitions
 * its run saved (partitions/<db>/<table>.json: values and LOCATION each, so a partition at a
 * custom location is registered there too), or, for a run saved before partition lists, its
 * Hive-style `key=value/` folders crawled. The data of a partition outside the table's LOCATION
 * is not in the run directory (the export reads the table's prefix): such a partition is
 * registered and counted in `customLocations`, and holds what the emulator has there. A rerun of
 * one job then reads what its upstream jobs wrote, without running them.
 */
import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetPartitionsCommand,
  UpdateTableCommand,
  type GlueClient,
  type Partition,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../common/errors';
import { partitionListPath, readPartitionList, writePartitionList, type PartitionList } from '../common/run-dir';
import { readGlueTableFile } from '../table';
import { forEachLimited, parseS3Location, uploadFile } from '../table';
import { crawlTable } from './crawler';

export interface RestoredTable {
  database: string;
  name: string;
  location: string;
  objects: number;
  partitions: number;
  /** Partitions registered at a LOCATION outside the table's (their data is not in the run directory). */
  customLocations: number;
}

const errorName = (error: unknown): string => (error as { name?: string }).name ?? '';

/** The TableInput that recreates a table GetTable returned (read-only fields left out). */
export function tableInputOf(table: Table): TableInput {
  const input: TableInput = {
    Name: table.Name,
    Description: table.Description,
    Owner: table.Owner,
    Retention: table.Retention,
    StorageDescriptor: table.StorageDescriptor,
    PartitionKeys: table.PartitionKeys,
    ViewOriginalText: table.ViewOriginalText,
    ViewExpandedText: table.ViewExpandedText,
    TableType: table.TableType,
    Parameters: table.Parameters,
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as TableInput;
}

/** Files under `dir`, as `/`-separated paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(folder, entry.name), relative);
      else if (entry.isFile()) found.push(relative);
    }
  };
  walk(dir, '');
  return found.sort();
}

/** The saved tables of a run directory: [database, table, catalog file]. */
export function savedTables(runDir: string): Array<{ database: string; name: string; file: string }> {
  const catalogDir = path.join(runDir, 'catalog');
  if (!fs.existsSync(catalogDir)) {
    throw new InputError('RUN_HAS_NO_CATALOG', `${runDir} has no catalog/ folder: it is not a complete stedi run directory`);
  }
  const tables = [];
  for (const database of fs.readdirSync(catalogDir).sort()) {
    const folder = path.join(catalogDir, database);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      tables.push({ database, name: file.slice(0, -'.json'.length), file: path.join(folder, file) });
    }
  }
  return tables;
}

async function ensure(send: () => Promise<unknown>, tolerated: string[]): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!tolerated.includes(errorName(error))) throw error;
  }
}

/** Restores every table of `runDir` (but those named in `except`) into the emulator behind `s3` and `glue`. */
export async function restoreRun(s3: S3Client, glue: GlueClient, runDir: string, options: { except?: string[] } = {}): Promise<RestoredTable[]> {
  const restored: RestoredTable[] = [];
  const buckets = new Set<string>();
  const databases = new Set<string>();
  // Tables the caller stages anew (a watched landing table whose data or DDL changed).
  const except = new Set(options.except ?? []);
  for (const saved of savedTables(runDir).filter((t) => !except.has(t.name))) {
    const table = readGlueTableFile(saved.file) as Table;
    const database = table.DatabaseName ?? saved.database;
    const location = table.StorageDescriptor?.Location;
    if (!location) throw new InputError('RUN_TABLE_NO_LOCATION', `${saved.file}: the saved table ${database}.${saved.name} has no StorageDescriptor.Location`);
    const where = parseS3Location(location, `LOCATION of ${database}.${saved.name} in ${saved.file}`);
    if (!buckets.has(where.bucket)) {
      await ensure(() => s3.send(new CreateBucketCommand({ Bucket: where.bucket })), ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists']);
      buckets.add(where.bucket);
    }
    if (!databases.has(database)) {
      await ensure(() => glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } })), ['AlreadyExistsException']);
      databases.add(database);
    }
    const input = tableInputOf(table);
    try {
      await glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }));
    } catch (error) {
      if (errorName(error) !== 'AlreadyExistsException') throw error;
      await glue.send(new UpdateTableCommand({ DatabaseName: database, TableInput: input }));
    }
    const dataDir = path.join(runDir, 'data', saved.database, saved.name);
    const files = filesUnder(dataDir);
    await forEachLimited(files, 8, async (relative) => {
      await uploadFile(s3, where.bucket, `${where.prefix}${relative}`, path.join(dataDir, ...relative.split('/')));
    });
    let partitions = 0;
    let customLocations = 0;
    if ((table.PartitionKeys ?? []).length > 0) {
      const listFile = partitionListPath(runDir, saved.database, saved.name);
      if (fs.existsSync(listFile)) {
        const list = readPartitionList(listFile);
        await registerPartitions(glue, database, input, list);
        partitions = list.partitions.length;
        customLocations = list.partitions.filter((p) => !p.location.startsWith(location.endsWith('/') ? location : `${location}/`)).length;
      } else {
        partitions = (await crawlTable(s3, glue, { database, tableInput: input, location })).partitions;
      }
    }
    restored.push({ database, name: input.Name ?? saved.name, location, objects: files.length, partitions, customLocations });
  }
  return restored;
}

/** Glue's limit per BatchCreatePartition call. */
const CREATE_BATCH = 100;

async function registerPartitions(glue: GlueClient, database: string, table: TableInput, list: PartitionList): Promise<void> {
  for (let i = 0; i < list.partitions.length; i += CREATE_BATCH) {
    const batch = list.partitions.slice(i, i + CREATE_BATCH).map((p) => ({ Values: p.values, StorageDescriptor: { ...table.StorageDescriptor, Location: p.location }, Parameters: p.parameters ?? {} }));
    const result = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: database, TableName: table.Name, PartitionInputList: batch }));
    const failed = (result.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
    if (failed.length > 0) {
      throw new InputError('RUN_PARTITIONS_NOT_RESTORED', `restoring the partitions of ${database}.${table.Name} failed: ${failed.map((e) => `${JSON.stringify(e.PartitionValues)}: ${e.ErrorDetail?.ErrorMessage}`).join('; ')}`);
    }
  }
}

/**
 * Saves the partition list of every partitioned table of the run directory's catalog (the
 * orchestrator calls it after the export), so a rerun restores partitions where they were,
 * custom locations included. Returns the tables saved.
 */
export async function savePartitionLists(glue: GlueClient, runDir: string): Promise<string[]> {
  const saved: string[] = [];
  for (const entry of savedTables(runDir)) {
    const table = readGlueTableFile(entry.file) as Table;
    if ((table.PartitionKeys ?? []).length === 0) continue;
    const database = table.DatabaseName ?? entry.database;
    const partitions: Partition[] = [];
    let token: string | undefined;
    do {
      const page = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table.Name ?? entry.name, NextToken: token }));
      partitions.push(...(page.Partitions ?? []));
      token = page.NextToken;
    } while (token);
    writePartitionList(runDir, {
      schemaVersion: 1,
      database: entry.database,
      table: entry.name,
      partitions: partitions.map((p) => ({ values: p.Values ?? [], location: p.StorageDescriptor?.Location ?? '', ...(p.Parameters && Object.keys(p.Parameters).length > 0 ? { parameters: p.Parameters } : {}) })),
    });
    saved.push(`${entry.database}.${entry.name}`);
  }
  return saved;
}
