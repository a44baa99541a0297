// S3 object helpers live in the table layer (table/s3), which both pipeline/ and athena/ read through.
export { listKeys, deletePrefix, forEachLimited, downloadPrefix } from '../table/s3/s3-objects';
