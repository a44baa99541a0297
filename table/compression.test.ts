/**
 * Compressed text objects. Each test compresses with a tool independent of the decoder under test
 * (node:zlib, the system `bzip2`, snappyjs's compressor with Hadoop framing built here) — and a
 * snappy object written by real Spark (`df.write.option("compression","snappy").json(...)`,
 * PySpark 3.5, 30 rows {"id": i, "name": "row-i"}) checks the framing against what Glue writes.
 * Hadoop's BlockCompressorStream framing: a 4-byte big-endian uncompressed length per block, then
 * chunks of 4-byte big-endian compressed length + raw snappy (apache/hadoop
 * hadoop-common/src/main/java/org/apache/hadoop/io/compress/BlockCompressorStream.java).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as snappy from 'snappyjs';
import { CorruptObjectError, decodeHadoopSnappy, decompressedChunks } from './compression';
import { readTable } from './read-table';
import { openxDdl, tableFixture } from './testing/table-fixture';

const lines = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `{"id": ${from + i}, "name": "row-${from + i}"}\n`).join('');

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Hadoop block framing: blocks of `blockSize` input bytes, each split into chunks of `chunkSize`. */
function hadoopSnappy(input: Buffer, blockSize: number, chunkSize: number): Buffer {
  const parts: Buffer[] = [];
  for (let b = 0; b < input.length; b += blockSize) {
    const block = input.subarray(b, b + blockSize);
    parts.push(u32(block.length));
    for (let c = 0; c < block.length; c += chunkSize) {
      const compressed = Buffer.from(snappy.compress(block.subarray(c, c + chunkSize)));
      parts.push(u32(compressed.length), compressed);
    }
  }
  return Buffer.concat(parts);
}

async function ids(objects: Record<string, Buffer | string>): Promise<{ ids: unknown[]; rows: number | null; reasons: object }> {
  const fixture = tableFixture(openxDdl('id bigint, name string'), objects);
  try {
    const data = await readTable(fixture);
    return { ids: data.rows.map((r) => r[0]), rows: data.ledger.rows, reasons: data.ledger.reasons };
  } finally {
    fixture.cleanup();
  }
}

const range = (n: number, from = 0): bigint[] => Array.from({ length: n }, (_, i) => BigInt(from + i));

describe('compressed JSON objects', () => {
  it('reads .gz, including concatenated gzip members', async () => {
    const two = Buffer.concat([zlib.gzipSync(lines(3)), zlib.gzipSync(lines(2, 3))]);
    expect(await ids({ 'part-0.json.gz': two })).toMatchObject({ ids: range(5), rows: 5 });
  });

  it('reads .deflate (zlib stream, Hadoop DefaultCodec)', async () => {
    expect(await ids({ 'part-0.json.deflate': zlib.deflateSync(lines(4)) })).toMatchObject({ ids: range(4), rows: 4 });
  });

  const bzip2 = spawnSync('bzip2', ['--version']).error === undefined;
  (bzip2 ? it : it.skip)('reads .bz2 written by the system bzip2', async () => {
    const compressed = spawnSync('bzip2', ['-c'], { input: lines(100) }).stdout;
    expect(await ids({ 'part-0.json.bz2': compressed })).toMatchObject({ ids: range(100), rows: 100 });
  });

  it('reads Hadoop-framed snappy with several blocks and several chunks per block', async () => {
    const input = Buffer.from(lines(500));
    const framed = hadoopSnappy(input, 4096, 1000);
    expect(decodeHadoopSnappy(framed).equals(input)).toBe(true);
    expect(await ids({ 'part-0.json.snappy': framed })).toMatchObject({ ids: range(500), rows: 500 });
  });

  it('reads a .json.snappy object written by real Spark', async () => {
    const sample = fs.readFileSync(path.join(__dirname, 'testing', 'spark-30-rows.json.snappy'));
    expect(await ids({ 'part-00000-c000.json.snappy': sample })).toMatchObject({ ids: range(30), rows: 30 });
  });

  it('a corrupt object is an unreadable object: rejected, and Athena refuses the table', async () => {
    const fixture = tableFixture(openxDdl('id bigint'), { 'ok.json': lines(1), 'bad.json.gz': Buffer.from('not gzip at all') });
    try {
      const data = await readTable(fixture);
      expect(data.ledger.rows).toBeNull();
      expect(data.ledger.athenaRefuses).toMatchObject({ key: 'bad.json.gz', line: 0, code: 'HIVE_CURSOR_ERROR' });
      expect(data.ledger.reasons).toEqual({ 'unreadable-object': 1 });
      expect(data.ledger.records).toBe(1);
    } finally {
      fixture.cleanup();
    }
  });

  it('a gzip object cut short mid-stream: the lines before the cut are read and counted, the object is unreadable after them, and Athena refuses the table', async () => {
    // 20,000 lines of ~30 bytes compress to far more than the 64 bytes cut off the end, so the
    // cut falls within the deflate data, after many whole lines (gzip's trailer is 8 bytes).
    const whole = zlib.gzipSync(lines(20_000));
    const fixture = tableFixture(openxDdl('id bigint, name string'), { 'cut.json.gz': whole.subarray(0, whole.length - 64) });
    try {
      const data = await readTable(fixture);
      expect(data.ledger.rows).toBeNull();
      expect(data.ledger.reasons).toEqual({ 'unreadable-object': 1 });
      const ids = data.rows.map((r) => Number(r[0]));
      expect(ids.length).toBeGreaterThan(10_000);
      expect(ids.length).toBeLessThan(20_000);
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i));
      expect(data.ledger.records).toBe(ids.length);
      expect(data.ledger.athenaRefuses).toMatchObject({ key: 'cut.json.gz', line: 0, code: 'HIVE_CURSOR_ERROR' });
      expect(data.ledger.athenaRefuses?.message).toContain(`after line ${ids.length}`);
    } finally {
      fixture.cleanup();
    }
  });

  describe('decompression streams: an object is never held whole (bzip2 excepted)', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'codec-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    // 8 MiB of text; a whole-object decompression would hand it over as one chunk.
    const text = Buffer.from(lines(250_000));
    const bound = 2 ** 20;

    it.each([
      ['gzip', 'part-0.json.gz', () => zlib.gzipSync(text)],
      ['deflate', 'part-0.json.deflate', () => zlib.deflateSync(text)],
      ['snappy', 'part-0.json.snappy', () => hadoopSnappy(text, 256 * 1024, 64 * 1024)],
    ] as const)('%s comes out in chunks of at most 1 MiB that add up to the original bytes', async (codec, name, compress) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, compress());
      const sizes: number[] = [];
      const parts: Uint8Array[] = [];
      for await (const chunk of decompressedChunks(file, codec)) {
        sizes.push(chunk.length);
        parts.push(chunk);
      }
      expect(Math.max(...sizes)).toBeLessThanOrEqual(bound);
      expect(Buffer.concat(parts).equals(text)).toBe(true);
    });
  });

  it('truncated snappy framing is named', () => {
    const framed = hadoopSnappy(Buffer.from(lines(10)), 4096, 4096);
    expect(() => decodeHadoopSnappy(framed.subarray(0, framed.length - 3))).toThrow(CorruptObjectError);
  });
});
