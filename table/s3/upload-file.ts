/**
 * Uploads a local file to S3: one PutObject up to a part's size, a multipart upload of 16 MiB
 * parts above it. A PutObject body is held whole by the SDK and several times over by the
 * emulator while it handles it (moto: ~4 copies), so a 1 GB landing file would cost GiBs; parts
 * keep every request body at 16 MiB, as the sink's uploads do (harness/python/stedi_glue/
 * staged_upload.py). S3's rules: parts of 5 MiB to 5 GiB except the last, at most 10,000
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html); the object's ETag is then
 * `<md5 of the part MD5s>-<parts>`, as AWS shows for any multipart object.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as fs from 'node:fs';

export const UPLOAD_PART_BYTES = 16 * 2 ** 20;
const MAX_PARTS = 10_000;

/** The part size for `size` bytes: UPLOAD_PART_BYTES, or more when that would need over 10,000 parts. */
export function uploadPartBytes(size: number, partBytes = UPLOAD_PART_BYTES): number {
  return Math.max(partBytes, Math.ceil(size / MAX_PARTS));
}

/** Uploads `file` to s3://bucket/key; a multipart upload that fails is aborted (no parts left behind). */
export async function uploadFile(s3: S3Client, bucket: string, key: string, file: string, partBytes = UPLOAD_PART_BYTES): Promise<void> {
  const size = fs.statSync(file).size;
  if (size <= partBytes) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(file) }));
    return;
  }
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const fd = fs.openSync(file, 'r');
  try {
    const step = uploadPartBytes(size, partBytes);
    const parts: Array<{ PartNumber: number; ETag: string | undefined }> = [];
    for (let offset = 0, number = 1; offset < size; offset += step, number++) {
      const body = Buffer.allocUnsafe(Math.min(step, size - offset));
      fs.readSync(fd, body, 0, body.length, offset);
      const answer = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: number, Body: body }));
      parts.push({ PartNumber: number, ETag: answer.ETag });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
    throw error;
  } finally {
    fs.closeSync(fd);
  }
}
