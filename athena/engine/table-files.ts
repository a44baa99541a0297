/**
 * Which exported objects of a table Athena would read: every object under the table's location,
 * recursively, except Hadoop's hidden files (names starting with `_` or `.`, such as `_SUCCESS`)
 * and S3 console folder markers. For a partitioned table, only objects under `key=value/`
 * directories for every partition key (in order) are read, as after MSCK REPAIR TABLE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Column } from '@aws-sdk/client-glue';

export interface TableFile {
  /** Absolute path of the exported object. */
  file: string;
  /** Path relative to the table's data directory, with forward slashes (the S3 key suffix). */
  key: string;
  /** Raw partition values by partition key, from the `key=value` path segments. */
  partitionValues: Record<string, string | null>;
}

export interface TableFileListing {
  files: TableFile[];
  /** Objects skipped because they are not under a complete partition path. */
  outsidePartitions: string[];
}

function isHidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.') || name.endsWith('$folder$');
}

function walk(dir: string, prefix: string, out: { file: string; key: string }[]): void {
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isHidden(dirent.name)) continue;
    const full = path.join(dir, dirent.name);
    const key = prefix ? `${prefix}/${dirent.name}` : dirent.name;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) walk(full, key, out);
    else if (stat.isFile()) out.push({ file: full, key });
  }
}

export function listTableFiles(dataDir: string, partitionKeys: Column[] = []): TableFileListing {
  const all: { file: string; key: string }[] = [];
  if (fs.existsSync(dataDir)) walk(dataDir, '', all);
  if (partitionKeys.length === 0) {
    return { files: all.map((f) => ({ ...f, partitionValues: {} })), outsidePartitions: [] };
  }
  const files: TableFile[] = [];
  const outsidePartitions: string[] = [];
  for (const candidate of all) {
    const segments = candidate.key.split('/');
    const values: Record<string, string | null> = {};
    let ok = segments.length > partitionKeys.length;
    partitionKeys.forEach((partitionKey, index) => {
      const segment = segments[index] ?? '';
      const eq = segment.indexOf('=');
      if (!ok || eq < 0 || segment.slice(0, eq).toLowerCase() !== (partitionKey.Name ?? '').toLowerCase()) {
        ok = false;
        return;
      }
      const raw = decodeURIComponent(segment.slice(eq + 1));
      values[partitionKey.Name ?? ''] = raw === '__HIVE_DEFAULT_PARTITION__' ? null : raw;
    });
    if (ok) files.push({ ...candidate, partitionValues: values });
    else outsidePartitions.push(candidate.key);
  }
  return { files, outsidePartitions };
}
