/**
 * What a Glue crawler registers for a table's LOCATION: one partition per folder holding data,
 * named as the crawler names them. "For Apache Hive-style partitioned paths in key=val style,
 * crawlers automatically populate the column name using the key name. Otherwise, it uses default
 * names like partition_0, partition_1, and so on."
 * (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-partitions.html; how the
 * folder levels become partitions: https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html).
 *
 * Our crawler is narrower than Glue's: the table comes from its DDL (columns, format and
 * LOCATION are the user's), and only partitions are discovered. When the DDL declares partition
 * keys they are the partition columns and each folder level gives the value of its key; without
 * them, keys come from the paths as above and are added to the table as string columns.
 * Partition values are unescaped as Hive escapes path names (`%3A` → `:`), which is how Spark
 * writes a partition value that holds a character a path cannot.
 */
import { parseS3Location } from './s3-location';

export interface CrawledPartition {
  values: string[];
  /** s3://bucket/prefix/ of the partition's folder, ending with '/'. */
  location: string;
}

export interface CrawlFinding {
  /** The partition keys: the DDL's, or those named by the paths. */
  keys: string[];
  partitions: CrawledPartition[];
  /** Data files the crawl could not place in a partition, each with why. */
  skipped: Array<{ key: string; reason: string }>;
}

/** Hadoop/Spark markers (_SUCCESS, _temporary/), hidden files and `$folder$` placeholders are not data. */
function isDataKey(relative: string): boolean {
  if (relative === '' || relative.endsWith('/') || relative.endsWith('_$folder$')) return false;
  return !relative.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'));
}

function unescapeHive(value: string): string {
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function splitSegment(segment: string): { name?: string; value: string } {
  const eq = segment.indexOf('=');
  return eq > 0 ? { name: unescapeHive(segment.slice(0, eq)).toLowerCase(), value: unescapeHive(segment.slice(eq + 1)) } : { value: unescapeHive(segment) };
}

/**
 * The partitions of a table at `location` (s3://bucket/prefix/) given the keys of every object
 * under it (full S3 keys, as ListObjectsV2 returns them) and the partition keys the DDL declares.
 * Pure: the caller lists and registers.
 */
export function crawlPartitions(location: string, objectKeys: string[], declaredKeys: string[]): CrawlFinding {
  const { bucket, prefix } = parseS3Location(location, 'the crawled LOCATION');
  const files = objectKeys
    .filter((key) => key.startsWith(prefix))
    .map((key) => ({ key, relative: key.slice(prefix.length) }))
    .filter((file) => isDataKey(file.relative))
    .map((file) => ({ ...file, folders: file.relative.split('/').slice(0, -1) }));

  const skipped: CrawlFinding['skipped'] = [];
  let keys = declaredKeys.map((key) => key.toLowerCase());
  if (keys.length === 0) {
    // Keys from the paths: the folder depth most files share (a crawler groups by the majority).
    const depths = new Map<number, number>();
    for (const file of files) depths.set(file.folders.length, (depths.get(file.folders.length) ?? 0) + 1);
    const depth = [...depths.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    const first = files.find((file) => file.folders.length === depth);
    keys = (first?.folders ?? []).map((segment, i) => splitSegment(segment).name ?? `partition_${i}`);
  }

  const partitions = new Map<string, CrawledPartition>();
  for (const file of files) {
    if (file.folders.length !== keys.length) {
      const where = file.folders.length === 0 ? 'directly under LOCATION' : `${file.folders.length} folder level(s) deep`;
      skipped.push({ key: file.key, reason: `${where}, but the table has ${keys.length} partition key(s) (${keys.join(', ') || 'none'})` });
      continue;
    }
    if (keys.length === 0) continue;
    const parts = file.folders.map(splitSegment);
    const wrongName = parts.findIndex((part, i) => part.name !== undefined && part.name !== keys[i]);
    if (wrongName >= 0) {
      skipped.push({ key: file.key, reason: `folder ${file.folders[wrongName]} names key ${parts[wrongName]!.name}, but partition key ${wrongName + 1} is ${keys[wrongName]}` });
      continue;
    }
    const folder = `${prefix}${file.folders.join('/')}/`;
    if (!partitions.has(folder)) partitions.set(folder, { values: parts.map((part) => part.value), location: `s3://${bucket}/${folder}` });
  }
  return { keys, partitions: [...partitions.values()].sort((a, b) => a.location.localeCompare(b.location)), skipped };
}
