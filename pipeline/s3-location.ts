// S3 locations live in the table layer (table/s3), which both pipeline/ and athena/ read through.
export { parseS3Location, type S3Location } from '../table/s3/s3-location';
