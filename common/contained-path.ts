/**
 * Local paths built from remote names (a Glue database or table name, a partition value, an S3
 * key) must stay inside their destination directory: the Glue API accepts `../x` as a table
 * name and S3 accepts any key, so a name alone must never choose where a file is written.
 */
import * as path from 'node:path';
import { InputError } from './errors';

export class PathEscapeError extends InputError {
  constructor(message: string) {
    super('PATH_ESCAPES_DESTINATION', message);
  }
}

/**
 * Joins `segments` (each a remote name, or a key split on `/`) under `root` and returns the
 * resolved path; refuses NUL bytes, absolute segments, `.`/`..` segments, and anything that
 * resolves outside `root` (or to `root` itself).
 */
export function containedPath(root: string, segments: string[], what: string): string {
  const base = path.resolve(root);
  for (const segment of segments) {
    if (segment.includes('\0')) throw new PathEscapeError(`${what}: ${JSON.stringify(segment)} contains a NUL byte; refusing to write it under ${base}`);
    if (segment === '' || segment === '.' || segment === '..' || path.isAbsolute(segment) || /^[A-Za-z]:/.test(segment)) {
      throw new PathEscapeError(`${what}: ${JSON.stringify(segment)} is not a plain name (empty, '.', '..' or absolute); refusing to write it under ${base}`);
    }
    if (segment.includes('/') || segment.includes('\\')) {
      throw new PathEscapeError(`${what}: ${JSON.stringify(segment)} contains a path separator; refusing to write it under ${base}`);
    }
  }
  const target = path.resolve(base, ...segments);
  if (!target.startsWith(base + path.sep)) {
    throw new PathEscapeError(`${what}: ${JSON.stringify(segments.join('/'))} resolves to ${target}, outside ${base}`);
  }
  return target;
}
