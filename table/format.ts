/**
 * Format and compression detection, one precedence rule for every consumer:
 *
 * 1. the SerDe library (StorageDescriptor.SerdeInfo.SerializationLibrary) — what Athena and Hive
 *    actually read the table with;
 * 2. the InputFormat (Parquet/ORC/Avro input formats name their format), when the SerDe is
 *    absent or unknown;
 * 3. the `classification` table parameter — only a hint Glue crawlers and Athena write;
 * otherwise the table is `unknown` and nothing reads it.
 *
 * Compression is per object and decided by the object's suffix (.gz, .bz2, .snappy, .deflate,
 * .zst, .lz4, .lzo), as Hadoop's CompressionCodecFactory and Trino's CompressionKind.forFile
 * do; Parquet carries its codec inside the file. A suffix-less object is read uncompressed.
 */
import type { StorageDescriptor } from '@aws-sdk/client-glue';
import {
  HIVE2_JSON_SERDE, HIVE_JSON_SERDE, LAZY_SIMPLE_SERDE, OPENX_JSON_SERDE, OPEN_CSV_SERDE, PARQUET_INPUT_FORMAT, PARQUET_SERDE,
} from './ddl/storage-formats';
import type { GlueTable } from './glue-table';

export type TableFormatName = 'json' | 'csv' | 'text' | 'parquet' | 'orc' | 'avro' | 'unknown';
/** The reader that implements the SerDe's rules. */
export type SerdeReader = 'openx-json' | 'hive-json' | 'open-csv' | 'lazy-simple' | 'parquet' | 'unsupported';
export type Codec = 'none' | 'gzip' | 'bzip2' | 'snappy' | 'deflate' | 'zstd' | 'lz4' | 'lzo';

export interface TableStorage {
  format: TableFormatName;
  reader: SerdeReader;
  /** The SerDe library as the catalog names it ('' if none). */
  serde: string;
  /** Which rule decided: the SerDe, the InputFormat, or the classification hint. */
  decidedBy: 'serde' | 'input-format' | 'classification' | 'none';
  /** SerDe properties (ignore.malformed.json, field.delim, ...). */
  serdeParameters: Record<string, string>;
  /** Table parameters (skip.header.line.count, compressionType, ...). */
  tableParameters: Record<string, string>;
}

function fromSerde(serde: string): { format: TableFormatName; reader: SerdeReader } | undefined {
  switch (serde) {
    case OPENX_JSON_SERDE:
      return { format: 'json', reader: 'openx-json' };
    case HIVE_JSON_SERDE:
    case HIVE2_JSON_SERDE:
      return { format: 'json', reader: 'hive-json' };
    case OPEN_CSV_SERDE:
      return { format: 'csv', reader: 'open-csv' };
    case LAZY_SIMPLE_SERDE:
      return { format: 'text', reader: 'lazy-simple' };
    case PARQUET_SERDE:
      return { format: 'parquet', reader: 'parquet' };
  }
  if (/orc/i.test(serde)) return { format: 'orc', reader: 'unsupported' };
  if (/avro/i.test(serde)) return { format: 'avro', reader: 'unsupported' };
  return undefined;
}

function fromInputFormat(input: string): { format: TableFormatName; reader: SerdeReader } | undefined {
  if (input === PARQUET_INPUT_FORMAT || /parquet/i.test(input)) return { format: 'parquet', reader: 'parquet' };
  if (/orc/i.test(input)) return { format: 'orc', reader: 'unsupported' };
  if (/avro/i.test(input)) return { format: 'avro', reader: 'unsupported' };
  return undefined;
}

function fromClassification(classification: string): { format: TableFormatName; reader: SerdeReader } | undefined {
  switch (classification.toLowerCase()) {
    case 'json':
      return { format: 'json', reader: 'openx-json' };
    case 'csv':
      return { format: 'csv', reader: 'lazy-simple' };
    case 'parquet':
      return { format: 'parquet', reader: 'parquet' };
    case 'orc':
      return { format: 'orc', reader: 'unsupported' };
    case 'avro':
      return { format: 'avro', reader: 'unsupported' };
  }
  return undefined;
}

export function detectTableStorage(table: GlueTable): TableStorage {
  const storage: StorageDescriptor = table.StorageDescriptor ?? {};
  const serde = storage.SerdeInfo?.SerializationLibrary ?? '';
  const base = { serde, serdeParameters: storage.SerdeInfo?.Parameters ?? {}, tableParameters: table.Parameters ?? {} };
  const bySerde = fromSerde(serde);
  if (bySerde) {
    // A LazySimpleSerDe table Glue classified as csv is comma-delimited text: same reader.
    const format = bySerde.reader === 'lazy-simple' && (table.Parameters?.classification ?? '').toLowerCase() === 'csv' ? 'csv' : bySerde.format;
    return { ...base, ...bySerde, format, decidedBy: 'serde' };
  }
  const byInput = fromInputFormat(storage.InputFormat ?? '');
  if (byInput) return { ...base, ...byInput, decidedBy: 'input-format' };
  const byClassification = fromClassification(table.Parameters?.classification ?? '');
  if (byClassification) return { ...base, ...byClassification, decidedBy: 'classification' };
  return { ...base, format: 'unknown', reader: 'unsupported', decidedBy: 'none' };
}

const CODEC_SUFFIXES: [RegExp, Codec][] = [
  [/\.gz$/i, 'gzip'],
  [/\.gzip$/i, 'gzip'],
  [/\.bz2$/i, 'bzip2'],
  [/\.snappy$/i, 'snappy'],
  [/\.deflate$/i, 'deflate'],
  [/\.zst$/i, 'zstd'],
  [/\.lz4$/i, 'lz4'],
  [/\.lzo(_deflate)?$/i, 'lzo'],
];

/** The codec of a text object, from its key's suffix. */
export function codecOfKey(key: string): Codec {
  for (const [pattern, codec] of CODEC_SUFFIXES) if (pattern.test(key)) return codec;
  return 'none';
}

/** What a file's own name or first bytes say it is, regardless of its table (for staging checks). */
export type FileKind = 'parquet' | 'json' | 'csv' | 'text' | 'orc' | 'avro' | 'unknown';

export function fileKindOf(key: string, head: Uint8Array): FileKind {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  if (head.length >= 3 && head[0] === 0x4f && head[1] === 0x52 && head[2] === 0x43) return 'orc';
  if (head.length >= 4 && head[0] === 0x4f && head[1] === 0x62 && head[2] === 0x6a && head[3] === 0x01) return 'avro';
  const name = key.replace(/\.(gz|gzip|bz2|snappy|deflate|zst|lz4|lzo)$/i, '').toLowerCase();
  if (/\.(json|jsonl|ndjson)$/.test(name)) return 'json';
  if (/\.(csv|tsv)$/.test(name)) return 'csv';
  if (/\.txt$/.test(name)) return 'text';
  if (/\.parquet$/.test(name)) return 'parquet';
  if (/\.orc$/.test(name)) return 'orc';
  if (/\.avro$/.test(name)) return 'avro';
  return 'unknown';
}

/**
 * Whether a file may be read as part of a table of `format`: its own suffix or magic must not
 * say it is something else. Unknown suffixes are accepted (Athena reads any object).
 */
export function fileMatchesFormat(kind: FileKind, format: TableFormatName): boolean {
  if (kind === 'unknown') return format !== 'parquet';
  switch (format) {
    case 'json':
      return kind === 'json' || kind === 'text';
    case 'csv':
    case 'text':
      return kind === 'csv' || kind === 'text';
    case 'parquet':
      return kind === 'parquet';
    default:
      return kind === format;
  }
}
