import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../common/errors';
import type { TableDefinition } from './definition';
import { scanJsonLines, type RejectedLine } from './json-lines';
import { parseS3Location } from './s3-location';
import { deletePrefix, forEachLimited } from './s3-objects';

export interface StagedTable {
  table: string;
  location: string;
  files: number;
  records: number;
  rejectedCount: number;
  rejected: RejectedLine[];
}

function jsonFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...jsonFilesUnder(full));
    else if (entry.isFile() && entry.name.endsWith('.json')) found.push(full);
  }
  return found.sort();
}

/** Checks a landing directory before anything starts: every landing folder exists and has data. */
export function findLandingFiles(landingDir: string, tables: TableDefinition[]): Map<string, string[]> {
  const root = path.resolve(landingDir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new InputError('LANDING_NOT_FOUND', `landing directory ${root} does not exist`);
  }
  const files = new Map<string, string[]>();
  for (const table of tables) {
    if (!table.landing) continue;
    const folder = path.join(root, table.landing);
    if (!fs.existsSync(folder)) {
      throw new InputError('LANDING_FOLDER_MISSING', `${folder} does not exist: ${table.name} lands from ${table.landing}/*.json under ${root}`);
    }
    const found = jsonFilesUnder(folder);
    if (found.length === 0) throw new InputError('LANDING_FOLDER_EMPTY', `${folder} has no *.json files: ${table.name} would be empty`);
    files.set(table.name, found);
  }
  return files;
}

/**
 * Stages one landing table: the files are checked line by line (rejected records counted and
 * located), the table's landing prefix is emptied (the landing zone holds this dataset only),
 * and each file is uploaded under the table's LOCATION with its path below the landing folder.
 */
export async function stageLandingTable(s3: S3Client, table: TableDefinition, location: string, files: string[], landingFolder: string): Promise<StagedTable> {
  const target = parseS3Location(location, `LOCATION of ${table.name}`);
  const staged: StagedTable = { table: table.name, location, files: files.length, records: 0, rejectedCount: 0, rejected: [] };
  for (const file of files) {
    const scan = await scanJsonLines(file);
    staged.records += scan.records;
    staged.rejectedCount += scan.rejectedCount;
    staged.rejected.push(...scan.rejected.slice(0, Math.max(0, 20 - staged.rejected.length)));
  }
  await deletePrefix(s3, target);
  await forEachLimited(files, 4, async (file) => {
    const key = `${target.prefix}${path.relative(landingFolder, file).split(path.sep).join('/')}`;
    await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: fs.readFileSync(file) }));
  });
  return staged;
}
