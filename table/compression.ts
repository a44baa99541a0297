/**
 * Decompressing a text object by its codec (format.ts decides the codec from the suffix), as a
 * stream of chunks, so an object of any size costs a bounded amount of memory:
 * - gzip (.gz) and deflate (.deflate, zlib-wrapped as Hadoop's DefaultCodec writes it): node:zlib
 *   streams; concatenated gzip members are read as one stream, as Hadoop's GzipCodec does;
 * - snappy (.snappy): Hadoop's BlockCompressorStream framing, which is what Spark/Glue text output
 *   with compression=snappy holds — repeated blocks of a 4-byte big-endian uncompressed length,
 *   then chunks of a 4-byte big-endian compressed length + raw snappy bytes until the block's
 *   uncompressed length is reached — read block by block, each chunk decoded with `snappyjs`;
 * - bzip2 (.bz2): `seek-bzip` (pure JS), multi-stream. It decodes whole buffers only, so a bzip2
 *   object is the one case read whole (its compressed and decompressed bytes both in memory).
 * zstd, lz4 and lzo are named and refused (an unreadable object in the ledger).
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import Bunzip from 'seek-bzip';
import * as snappy from 'snappyjs';
import type { Codec } from './format';

export class CorruptObjectError extends Error {}

/** Compressed bytes read from a file at a time. */
const READ_BYTES = 2 ** 20;

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

/** Sequential reads of exact lengths from a buffer or a file; fewer bytes only at the end. */
interface ByteSource {
  offset: number;
  read(length: number): Uint8Array;
  atEnd(): boolean;
}

function bufferSource(data: Uint8Array): ByteSource {
  return {
    offset: 0,
    read(length) {
      const bytes = data.subarray(this.offset, this.offset + length);
      this.offset += bytes.length;
      return bytes;
    },
    atEnd() {
      return this.offset >= data.length;
    },
  };
}

function fileSource(fd: number): ByteSource {
  const size = fs.fstatSync(fd).size;
  return {
    offset: 0,
    read(length) {
      const bytes = Buffer.allocUnsafe(Math.min(length, Math.max(0, size - this.offset)));
      let filled = 0;
      while (filled < bytes.length) {
        const read = fs.readSync(fd, bytes, filled, bytes.length - filled, this.offset + filled);
        if (read === 0) break;
        filled += read;
      }
      this.offset += filled;
      return bytes.subarray(0, filled);
    },
    atEnd() {
      return this.offset >= size;
    },
  };
}

function u32(buffer: Uint8Array, offset: number): number {
  return ((buffer[offset] as number) * 0x1000000) + (((buffer[offset + 1] as number) << 16) | ((buffer[offset + 2] as number) << 8) | (buffer[offset + 3] as number));
}

/** The decoded chunks of Hadoop-framed snappy, one compressed chunk in memory at a time. */
function* hadoopSnappyChunks(source: ByteSource): Generator<Uint8Array> {
  while (!source.atEnd()) {
    const blockAt = source.offset;
    const blockHeader = source.read(4);
    if (blockHeader.length < 4) throw new CorruptObjectError(`truncated Hadoop snappy block header at byte ${blockAt}`);
    const blockLength = u32(blockHeader, 0);
    let produced = 0;
    while (produced < blockLength) {
      const chunkAt = source.offset;
      const chunkHeader = source.read(4);
      if (chunkHeader.length < 4) throw new CorruptObjectError(`truncated Hadoop snappy chunk header at byte ${chunkAt} (block of ${blockLength} bytes, ${produced} decoded)`);
      const chunkLength = u32(chunkHeader, 0);
      const compressed = source.read(chunkLength);
      if (compressed.length < chunkLength) throw new CorruptObjectError(`Hadoop snappy chunk of ${chunkLength} bytes at byte ${chunkAt + 4} runs past the end of the object`);
      let chunk: Uint8Array;
      try {
        chunk = snappy.uncompress(compressed);
      } catch (error) {
        throw new CorruptObjectError(`invalid snappy chunk at byte ${chunkAt + 4}: ${(error as Error).message}`);
      }
      produced += chunk.length;
      yield chunk;
    }
    if (produced !== blockLength) throw new CorruptObjectError(`Hadoop snappy block declared ${blockLength} bytes but decoded ${produced}`);
  }
}

/** Decodes Hadoop-framed snappy (BlockCompressorStream) held in memory into the original bytes. */
export function decodeHadoopSnappy(data: Uint8Array): Buffer {
  return Buffer.concat([...hadoopSnappyChunks(bufferSource(data))]);
}

function* fileChunks(file: string, chunkBytes: number): Generator<Buffer> {
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const read = fs.readSync(fd, chunk, 0, chunkBytes, null);
      if (read === 0) return;
      yield chunk.subarray(0, read);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function* snappyFileChunks(file: string): Generator<Uint8Array> {
  const fd = fs.openSync(file, 'r');
  try {
    yield* hadoopSnappyChunks(fileSource(fd));
  } finally {
    fs.closeSync(fd);
  }
}

/** A zlib stream's output; its complaints (Z_DATA_ERROR, "unexpected end of file") are CorruptObjectErrors, the file's own errors are not. */
async function* inflated(file: string, inflater: zlib.Gunzip | zlib.Inflate, codec: Codec): AsyncGenerator<Buffer> {
  const source = fs.createReadStream(file, { highWaterMark: READ_BYTES });
  let fileError: Error | undefined;
  source.on('error', (error) => {
    fileError = error;
    inflater.destroy(error);
  });
  source.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    if (fileError) throw fileError;
    throw new CorruptObjectError(`${codec}: ${(error as Error).message}`);
  } finally {
    source.destroy();
    inflater.destroy();
  }
}

/**
 * The object's decompressed bytes in chunks of a bounded size (bzip2 excepted, see above). A
 * corrupt object throws CorruptObjectError with the codec's complaint when the iteration reaches
 * the corruption: the chunks before it have been yielded.
 */
export async function* decompressedChunks(file: string, codec: Codec, chunkBytes = READ_BYTES): AsyncGenerator<Uint8Array> {
  switch (codec) {
    case 'none':
      yield* fileChunks(file, chunkBytes);
      return;
    case 'gzip':
      yield* inflated(file, zlib.createGunzip({ chunkSize: Math.max(64, chunkBytes) }), codec);
      return;
    case 'deflate':
      if (fs.statSync(file).size === 0) return;
      yield* inflated(file, zlib.createInflate({ chunkSize: Math.max(64, chunkBytes) }), codec);
      return;
    case 'snappy':
      yield* snappyFileChunks(file);
      return;
    case 'bzip2': {
      const bytes = fs.readFileSync(file);
      if (bytes.length === 0) return;
      try {
        yield Bunzip.decode(bytes, undefined, true);
      } catch (error) {
        throw new CorruptObjectError(`bzip2: ${(error as Error).message}`);
      }
      return;
    }
    default:
      throw new CorruptObjectError(`${codec} compression is not supported by the table layer (gzip, bzip2, snappy, deflate are)`);
  }
}
