/**
 * Decompressing a text object by its codec (format.ts decides the codec from the suffix):
 * - gzip (.gz) and deflate (.deflate, zlib-wrapped as Hadoop's DefaultCodec writes it): node:zlib;
 *   concatenated gzip members are read as one stream, as Hadoop's GzipCodec does;
 * - bzip2 (.bz2): `seek-bzip` (pure JS), multi-stream;
 * - snappy (.snappy): Hadoop's BlockCompressorStream framing, which is what Spark/Glue text output
 *   with compression=snappy holds — repeated blocks of a 4-byte big-endian uncompressed length,
 *   then chunks of a 4-byte big-endian compressed length + raw snappy bytes until the block's
 *   uncompressed length is reached — each chunk decoded with `snappyjs`.
 * zstd, lz4 and lzo are named and refused (an unreadable object in the ledger).
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import Bunzip from 'seek-bzip';
import * as snappy from 'snappyjs';
import type { Codec } from './format';

export class CorruptObjectError extends Error {}

export function readObjectHead(file: string, bytes: number): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const read = fs.readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

function u32(buffer: Uint8Array, offset: number): number {
  return ((buffer[offset] as number) * 0x1000000) + (((buffer[offset + 1] as number) << 16) | ((buffer[offset + 2] as number) << 8) | (buffer[offset + 3] as number));
}

/** Decodes Hadoop-framed snappy (BlockCompressorStream) into the original bytes. */
export function decodeHadoopSnappy(data: Uint8Array): Buffer {
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (offset + 4 > data.length) throw new CorruptObjectError(`truncated Hadoop snappy block header at byte ${offset}`);
    const blockLength = u32(data, offset);
    offset += 4;
    let produced = 0;
    while (produced < blockLength) {
      if (offset + 4 > data.length) throw new CorruptObjectError(`truncated Hadoop snappy chunk header at byte ${offset} (block of ${blockLength} bytes, ${produced} decoded)`);
      const chunkLength = u32(data, offset);
      offset += 4;
      if (offset + chunkLength > data.length) throw new CorruptObjectError(`Hadoop snappy chunk of ${chunkLength} bytes at byte ${offset} runs past the end of the object`);
      let chunk: Uint8Array;
      try {
        chunk = snappy.uncompress(data.subarray(offset, offset + chunkLength));
      } catch (error) {
        throw new CorruptObjectError(`invalid snappy chunk at byte ${offset}: ${(error as Error).message}`);
      }
      parts.push(chunk);
      produced += chunk.length;
      offset += chunkLength;
    }
    if (produced !== blockLength) throw new CorruptObjectError(`Hadoop snappy block declared ${blockLength} bytes but decoded ${produced}`);
  }
  return Buffer.concat(parts);
}

/** The object's bytes, decompressed. Throws CorruptObjectError with the codec's complaint. */
export function decompress(bytes: Buffer, codec: Codec): Buffer {
  try {
    switch (codec) {
      case 'none':
        return bytes;
      case 'gzip':
        return zlib.gunzipSync(bytes);
      case 'deflate':
        return bytes.length === 0 ? bytes : zlib.inflateSync(bytes);
      case 'bzip2':
        return bytes.length === 0 ? bytes : Bunzip.decode(bytes, undefined, true);
      case 'snappy':
        return decodeHadoopSnappy(bytes);
      default:
        throw new CorruptObjectError(`${codec} compression is not supported by the table layer (gzip, bzip2, snappy, deflate are)`);
    }
  } catch (error) {
    if (error instanceof CorruptObjectError) throw error;
    throw new CorruptObjectError(`${codec}: ${(error as Error).message}`);
  }
}

/** Reads a whole object and decompresses it. */
export function readDecompressed(file: string, codec: Codec): Buffer {
  return decompress(fs.readFileSync(file), codec);
}
