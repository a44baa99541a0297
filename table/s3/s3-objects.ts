import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containedPath, PathEscapeError } from '../../common/contained-path';
import type { S3Location } from './s3-location';

/** Every object key under a location (all pages). */
export async function listKeys(s3: S3Client, location: S3Location): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
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

/**
 * Downloads every object under a location into `targetDir`, keeping keys relative to the location.
 * A key whose path would leave `targetDir` (`..`, NUL, an absolute or empty segment) is refused
 * with PATH_ESCAPES_DESTINATION: passed to `onRefused` (the other objects still download), or
 * thrown when no callback is given. Folder-marker keys (ending in `/`, or the location itself) are
 * not files: passed to `onMarker` so readers can list them as skipped.
 */
export async function downloadPrefix(
  s3: S3Client,
  location: S3Location,
  targetDir: string,
  onRefused?: (key: string, error: PathEscapeError) => void,
  onMarker?: (relativeKey: string) => void,
): Promise<string[]> {
  const keys = await listKeys(s3, location);
  const files: string[] = [];
  await forEachLimited(keys, 8, async (key) => {
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
    fs.writeFileSync(target, await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    files.push(target);
  });
  return files.sort();
}
