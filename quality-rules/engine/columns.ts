/**
 * Fast reads of one Arrow chunk (`Data`): validity from the bitmap, numbers from the typed
 * value buffer, strings sliced straight out of the UTF-8 buffer. Analyzers loop over these
 * instead of `Vector.get`, which resolves the chunk for every row.
 */
import type * as arrow from 'apache-arrow';
import { RuleEvaluationError } from './types';
import { kindOfArrowType, isNumericKind, type ColumnKind, type ColumnSpec } from '../load/schema';

export interface ChunkReader {
  readonly kind: ColumnKind;
  readonly length: number;
  /** Nulls in the chunk: 0 lets loops skip the bitmap. */
  readonly nullCount: number;
  isValid(i: number): boolean;
  /** Numeric view: numbers, epoch ms for timestamps, days for dates, 0/1 for booleans. */
  number(i: number): number;
  /** Text view: the string itself, or the value's canonical text. */
  text(i: number): string;
  /** The raw buffer for numeric kinds (int64/timestamp as BigInt64Array), offset applied by `base`. */
  readonly values: ArrayLike<number | bigint> | undefined;
  readonly base: number;
}

export function chunkReader(data: arrow.Data, kind = kindOfArrowType(data.type)): ChunkReader {
  const base = data.offset;
  const bitmap = data.nullBitmap;
  const nullCount = bitmap && bitmap.length > 0 ? data.nullCount : 0;
  const isValid =
    nullCount === 0
      ? () => true
      : (i: number) => {
          const j = base + i;
          return ((bitmap![j >> 3]! >> (j & 7)) & 1) === 1;
        };
  if (kind === 'string') {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = (i: number): string => buffer.toString('utf8', offsets[base + i]!, offsets[base + i + 1]!);
    return { kind, length: data.length, nullCount, isValid, number: (i) => Number(text(i)), text, values: undefined, base };
  }
  if (kind === 'boolean') {
    const bits = data.values as Uint8Array;
    const number = (i: number): number => {
      const j = base + i;
      return (bits[j >> 3]! >> (j & 7)) & 1;
    };
    return { kind, length: data.length, nullCount, isValid, number, text: (i) => (number(i) ? 'true' : 'false'), values: undefined, base };
  }
  const values = data.values as ArrayLike<number | bigint>;
  const number = (i: number): number => Number(values[base + i]!);
  const text =
    kind === 'timestamp'
      ? (i: number) => new Date(number(i)).toISOString()
      : kind === 'date'
        ? (i: number) => new Date(number(i) * 86_400_000).toISOString().slice(0, 10)
        : (i: number) => String(values[base + i]!);
  return { kind, length: data.length, nullCount, isValid, number, text, values, base };
}

/** Resolves a rule's column name against the table, case-insensitively as Spark and Athena do. */
export function resolveColumn(columns: ColumnSpec[], name: string, table: string): ColumnSpec {
  const exact = columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!exact) {
    throw new RuleEvaluationError(
      `column ${JSON.stringify(name)} does not exist in table ${table} (columns: ${columns.map((c) => c.name).join(', ') || 'none'})`,
    );
  }
  return exact;
}

export function columnIndex(batch: arrow.RecordBatch, name: string): number {
  const index = batch.schema.fields.findIndex((f) => f.name === name);
  if (index < 0) throw new RuleEvaluationError(`column ${name} is missing from a record batch`);
  return index;
}

export { isNumericKind };
