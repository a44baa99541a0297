/**
 * Which objects under a table's location are data, as Athena (Trino's Hive connector) and Glue
 * (Hadoop FileInputFormat) list them: recursively, skipping any path segment that starts with
 * `_` or `.` (`_SUCCESS`, `_temporary/`, `.part-0.crc`), the S3 console's `<name>_$folder$`
 * markers and zero-byte "directory" objects (keys ending in `/`). For a partitioned table only
 * objects below `key=value/` directories for every partition key, in order, are read (as after
 * MSCK REPAIR TABLE or a crawler). Every object left out is listed with why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Column } from '@aws-sdk/client-glue';
import type { SkippedObject, SkippedObjectReason } from './ledger';

export interface TableObject {
  /** Absolute local path. */
  file: string;
  /** Key relative to the table's location, with forward slashes. */
  key: string;
  size: number;
  /** Raw partition values by (lower-case) partition key, from `key=value` segments; null for Hive's default partition. */
  partitionValues: Record<string, string | null>;
}

export interface TableObjectListing {
  objects: TableObject[];
  skipped: SkippedObject[];
}

/** Why a single path segment hides an object, or undefined when it does not. */
export function hiddenSegmentReason(segment: string, isLast: boolean): SkippedObjectReason | undefined {
  if (isLast && segment.endsWith('_$folder$')) return 'folder-marker';
  if (segment.startsWith('_')) return 'hidden-underscore';
  if (segment.startsWith('.')) return 'hidden-dot';
  return undefined;
}

/** The listing rule for one key (relative to the table location), shared by S3 and local listings. */
export function skippedKeyReason(key: string): SkippedObjectReason | undefined {
  if (key === '' || key.endsWith('/')) return 'empty-directory-marker';
  const segments = key.split('/');
  for (let i = 0; i < segments.length; i++) {
    const reason = hiddenSegmentReason(segments[i] as string, i === segments.length - 1);
    if (reason) return reason;
  }
  return undefined;
}

/** Walks `dir`; objects below a hidden directory are each listed as skipped with that directory's reason. */
function walk(dir: string, prefix: string, out: { file: string; key: string; size: number }[], skipped: SkippedObject[], hiddenBy?: SkippedObjectReason): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    const stat = fs.statSync(full);
    const reason = hiddenBy ?? hiddenSegmentReason(entry.name, !stat.isDirectory());
    if (stat.isDirectory()) walk(full, key, out, skipped, reason);
    else if (!stat.isFile()) continue;
    else if (reason) skipped.push({ key, reason });
    else out.push({ file: full, key, size: stat.size });
  }
}

export function listTableObjects(dataDir: string, partitionKeys: Column[] = []): TableObjectListing {
  const all: { file: string; key: string; size: number }[] = [];
  const skipped: SkippedObject[] = [];
  if (fs.existsSync(dataDir)) walk(dataDir, '', all, skipped);
  if (partitionKeys.length === 0) return { objects: all.map((f) => ({ ...f, partitionValues: {} })), skipped };
  const objects: TableObject[] = [];
  for (const candidate of all) {
    const segments = candidate.key.split('/');
    const values: Record<string, string | null> = {};
    let ok = segments.length > partitionKeys.length;
    partitionKeys.forEach((partitionKey, index) => {
      const segment = segments[index] ?? '';
      const eq = segment.indexOf('=');
      const name = (partitionKey.Name ?? '').toLowerCase();
      if (!ok || eq < 0 || segment.slice(0, eq).toLowerCase() !== name) {
        ok = false;
        return;
      }
      let raw = segment.slice(eq + 1);
      try {
        raw = decodeURIComponent(raw);
      } catch {
        // Hive escapes with %XX; a lone % is kept as written.
      }
      values[name] = raw === '__HIVE_DEFAULT_PARTITION__' ? null : raw;
    });
    if (ok) objects.push({ ...candidate, partitionValues: values });
    else skipped.push({ key: candidate.key, reason: 'outside-partitions' });
  }
  return { objects, skipped };
}
