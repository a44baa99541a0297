import { CreateDatabaseCommand, CreateTableCommand, UpdateTableCommand, type GlueClient, type TableInput } from '@aws-sdk/client-glue';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import { parseCreateTable } from '../table/ddl/parse-create-table';
import { InputError } from '../common/errors';
import type { PipelineDefinition, TableDefinition } from './definition';

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

/** Creates the definition's buckets and databases; existing ones are kept. */
export async function ensureBucketsAndDatabases(s3: S3Client, glue: GlueClient, definition: PipelineDefinition): Promise<void> {
  for (const bucket of definition.buckets) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(errorName(error))) throw error;
    }
  }
  const databases = new Set([definition.database, ...definition.tables.map((table) => table.database)]);
  for (const name of databases) {
    try {
      await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } }));
    } catch (error) {
      if (errorName(error) !== 'AlreadyExistsException') throw error;
    }
  }
}

export interface DdlTable {
  database: string;
  tableInput: TableInput;
  /** s3://bucket/prefix/ of the DDL's LOCATION; landing and crawled tables must have one. */
  location?: string;
}

/**
 * Parses a table's Athena DDL into a Glue table definition. The DDL's database (if it names
 * one) must agree with the pipeline's, so a script reading `stedi.x` finds what the DDL made.
 */
export function tableFromDdl(table: Pick<TableDefinition, 'ddlPath' | 'database' | 'name'>): DdlTable {
  const file = table.ddlPath as string;
  const parsed = parseCreateTable(fs.readFileSync(file, 'utf8'), file);
  const database = parsed.database ?? table.database;
  if (database !== table.database) {
    throw new InputError('DDL_DATABASE_MISMATCH', `${file} creates ${database}.${parsed.tableInput.Name}, but the pipeline declares ${table.name} in database ${table.database}`);
  }
  if (parsed.tableInput.Name !== table.name) {
    throw new InputError('DDL_TABLE_MISMATCH', `${file} creates table ${String(parsed.tableInput.Name)}, but the pipeline declares it as ${table.name}`);
  }
  const location = parsed.tableInput.StorageDescriptor?.Location;
  return { database, tableInput: parsed.tableInput, ...(location ? { location } : {}) };
}

/** CREATE EXTERNAL TABLE in the emulated catalog, or replace the definition if it exists. */
export async function applyDdl(glue: GlueClient, ddl: DdlTable): Promise<void> {
  try {
    await glue.send(new CreateTableCommand({ DatabaseName: ddl.database, TableInput: ddl.tableInput }));
  } catch (error) {
    if (errorName(error) !== 'AlreadyExistsException') throw error;
    await glue.send(new UpdateTableCommand({ DatabaseName: ddl.database, TableInput: ddl.tableInput }));
  }
}
