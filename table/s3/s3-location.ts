import { InputError } from '../../common/errors';

export interface S3Location {
  bucket: string;
  /** Key prefix, always ending in "/" (or empty for the bucket root). */
  prefix: string;
}

/** Parses s3://bucket/prefix (s3a:// and s3n:// too, as Hadoop writes them). */
export function parseS3Location(location: string, context: string): S3Location {
  const match = /^s3[an]?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match || !match[1]) throw new InputError('S3_LOCATION_INVALID', `${context}: ${JSON.stringify(location)} is not an s3://bucket/prefix location`);
  const rest = match[2] ?? '';
  return { bucket: match[1], prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` };
}
