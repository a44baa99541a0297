import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { containedPath, PathEscapeError } from '../../common/contained-path';
import type { S3Location } from './s3-location';

/** One object as ListObjectsV2 lists it: what a later listing is compared with to tell whether it changed. */
export interface ListedObject {
  key: string;
  etag?: string;
  size?: number;
}

/** Every object under a location (all pages), in key order. */
export async function listObjects(s3: S3Client, location: S3Location): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) objects.push({ key: object.Key, etag: object.ETag, size: object.Size });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Every object key under a location (all pages). */
export async function listKeys(s3: S3Client, location: S3Location): Promise<string[]> {
  return (await listObjects(s3, location)).map((object) => object.key);
}

/** Whether two listings name the same objects with the same ETags and sizes. */
export function sameListing(a: ListedObject[], b: ListedObject[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map((o) => [o.key, o]));
  return a.every((o) => {
    const other = byKey.get(o.key);
    return other !== undefined && other.etag === o.etag && other.size === o.size;
  });
}

export async function deletePrefix(s3: S3Client, location: S3Location): Promise<number> {
  const keys = await listKeys(s3, location);
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: location.bucket, Delete: { Objects: batch, Quiet: true } }));
  }
  return keys.length;
}

/** Runs `work` over items with at most `limit` in flight. */
export async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

export interface PrefixDownload {
  files: string[];
  /** The listing the download followed. */
  listed: ListedObject[];
  /** Keys whose GetObject answered another ETag than the listing: the object was replaced meanwhile. */
  changed: string[];
}

/**
 * Downloads every object under a location into `targetDir`, keeping keys relative to the location.
 * A key whose path would leave `targetDir` (`..`, NUL, an absolute or empty segment) is refused
 * with PATH_ESCAPES_DESTINATION: passed to `onRefused` (the other objects still download), or
 * thrown when no callback is given. Folder-marker keys (ending in `/`, or the location itself) are
 * not files: passed to `onMarker` so readers can list them as skipped. Says what was listed and
 * which objects changed between the listing and their download.
 */
export async function downloadPrefix(
  s3: S3Client,
  location: S3Location,
  targetDir: string,
  onRefused?: (key: string, error: PathEscapeError) => void,
  onMarker?: (relativeKey: string) => void,
): Promise<PrefixDownload> {
  const listed = await listObjects(s3, location);
  const etags = new Map(listed.map((o) => [o.key, o.etag]));
  const files: string[] = [];
  const changed: string[] = [];
  await forEachLimited(listed.map((o) => o.key), 8, async (key) => {
    const relative = key.slice(location.prefix.length);
    if (relative === '' || relative.endsWith('/')) {
      onMarker?.(relative === '' ? key : relative);
      return;
    }
    let target: string;
    try {
      target = containedPath(targetDir, relative.split('/'), `s3://${location.bucket}/${key}`);
    } catch (error) {
      if (!(error instanceof PathEscapeError) || !onRefused) throw error;
      onRefused(key, error);
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
    if (object.ETag !== undefined && object.ETag !== etags.get(key)) changed.push(key);
    // Streamed to the file: eight downloads of 300 MB part files at once would hold 2.4 GB here.
    await pipeline(object.Body as Readable, fs.createWriteStream(target));
    files.push(target);
  });
  return { files: files.sort(), listed, changed };
}
