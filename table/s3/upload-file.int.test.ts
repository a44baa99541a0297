/**
 * uploadFile against the real emulator (stedi_moto): a file above the part size goes multipart,
 * reads back byte-identical, lists at its size and carries S3's multipart ETag (the MD5 of the
 * parts' MD5s, "-" and the part count: docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html);
 * a small file stays one PutObject with the plain MD5 ETag; a failed upload leaves no upload open.
 */
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SharedHarnessClient } from '../../harness';
import { describeIntegration, sharedHarness } from '../../harness/testing/integration';
import { uploadFile, uploadPartBytes } from './upload-file';

const BUCKET = 'upload-file-test';
const MiB = 2 ** 20;
const md5 = (bytes: Uint8Array): Buffer => crypto.createHash('md5').update(bytes).digest();

describeIntegration('uploadFile', () => {
  let backend: SharedHarnessClient;
  let dir: string;

  beforeAll(async () => {
    backend = sharedHarness();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-file-'));
    await backend.s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  });
  afterAll(async () => {
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function read(key: string): Promise<Buffer> {
    const object = await backend.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  it('sends a file above the part size as parts, and it reads back byte for byte with the multipart ETag', async () => {
    const partBytes = 5 * MiB; // S3's smallest part
    const content = crypto.randomBytes(12 * MiB + 123); // 3 parts: 5, 5 and 2 MiB + 123 bytes
    const file = path.join(dir, 'big.json');
    fs.writeFileSync(file, content);
    await uploadFile(backend.s3, BUCKET, 'landing/big.json', file, partBytes);

    expect((await read('landing/big.json')).equals(content)).toBe(true);
    const listed = await backend.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'landing/big.json' }));
    expect(listed.Contents?.[0]?.Size).toBe(content.length);
    const parts = [0, 1, 2].map((i) => content.subarray(i * partBytes, Math.min(content.length, (i + 1) * partBytes)));
    expect(listed.Contents?.[0]?.ETag).toBe(`"${md5(Buffer.concat(parts.map(md5))).toString('hex')}-3"`);
  });

  it('sends a small file as one PutObject, its ETag the MD5 of its bytes', async () => {
    const content = Buffer.from('{"a":1}\n{"a":2}\n');
    const file = path.join(dir, 'small.json');
    fs.writeFileSync(file, content);
    await uploadFile(backend.s3, BUCKET, 'landing/small.json', file);
    const listed = await backend.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'landing/small.json' }));
    expect(listed.Contents?.[0]?.ETag).toBe(`"${md5(content).toString('hex')}"`);
  });

  it('aborts a multipart upload whose part fails, leaving none open', async () => {
    // Parts under S3's 5 MiB minimum: the emulator refuses to complete (EntityTooSmall).
    const file = path.join(dir, 'refused.json');
    fs.writeFileSync(file, crypto.randomBytes(3 * MiB));
    await expect(uploadFile(backend.s3, BUCKET, 'landing/refused.json', file, MiB)).rejects.toThrow();
    const open = await backend.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect((open.Uploads ?? []).filter((u) => u.Key === 'landing/refused.json')).toEqual([]);
  });

  it('raises the part size only when 16 MiB parts would pass 10,000', () => {
    expect(uploadPartBytes(100 * MiB)).toBe(16 * MiB);
    expect(uploadPartBytes(200_000 * MiB)).toBe(20 * MiB);
  });
});
