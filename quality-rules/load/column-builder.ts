/**
 * Growable Arrow columns. We build the buffers ourselves (values, validity bitmap, UTF-8
 * offsets) rather than through `vectorFromArray`, because that helper guesses from JS values
 * (a number in a DateDay column is read as milliseconds) and we want the catalog's type, exactly.
 */
import * as arrow from 'apache-arrow';
import type { CellValue } from './coerce';
import { arrowSchemaOf, arrowTypeOf, type ColumnKind, type ColumnSpec } from './schema';

type NumericArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | BigInt64Array;

export class ColumnBuilder {
  private length = 0;
  private nulls = 0;
  private validity = new Uint8Array(128);
  private values: NumericArray | Uint8Array;
  private offsets?: Int32Array;
  private bytes = 0;

  constructor(readonly kind: ColumnKind) {
    this.values = ColumnBuilder.allocate(kind, 1024);
    if (kind === 'string') {
      this.offsets = new Int32Array(1025);
      this.values = Buffer.allocUnsafe(16 * 1024);
    }
  }

  private static allocate(kind: ColumnKind, n: number): NumericArray | Uint8Array {
    switch (kind) {
      case 'bigint':
      case 'timestamp':
        return new BigInt64Array(n);
      case 'int':
      case 'date':
        return new Int32Array(n);
      case 'smallint':
        return new Int16Array(n);
      case 'tinyint':
        return new Int8Array(n);
      case 'double':
        return new Float64Array(n);
      case 'float':
        return new Float32Array(n);
      case 'boolean':
        return new Uint8Array(Math.ceil(n / 8));
      case 'string':
        return new Uint8Array(n);
    }
  }

  private grow(): void {
    const capacity = this.kind === 'boolean' ? this.values.length * 8 : this.kind === 'string' ? this.offsets!.length - 1 : this.values.length;
    if (this.length < capacity) return;
    const next = capacity * 2;
    if (this.kind === 'string') {
      const offsets = new Int32Array(next + 1);
      offsets.set(this.offsets!);
      this.offsets = offsets;
    } else {
      const values = ColumnBuilder.allocate(this.kind, next);
      (values as Uint8Array).set(this.values as Uint8Array);
      this.values = values;
    }
    if (this.validity.length * 8 < next) {
      const validity = new Uint8Array(Math.ceil(next / 8) * 2);
      validity.set(this.validity);
      this.validity = validity;
    }
  }

  /** Appends one value already in the kind's representation (see coerce.ts), or null. */
  append(value: CellValue): void {
    this.grow();
    const i = this.length++;
    if (value === null) {
      this.nulls++;
      if (this.kind === 'string') this.offsets![i + 1] = this.bytes;
      return;
    }
    this.validity[i >> 3]! |= 1 << (i & 7);
    switch (this.kind) {
      case 'string': {
        // Written straight into the values buffer (no array per string): a UTF-16 unit is at most 3 UTF-8 bytes.
        const text = String(value);
        const needed = this.bytes + text.length * 3;
        if (needed > this.values.length) {
          const bigger = Buffer.allocUnsafe(Math.max(this.values.length * 2, needed));
          bigger.set(this.values as Uint8Array);
          this.values = bigger;
        }
        this.bytes += (this.values as Buffer).write(text, this.bytes, 'utf8');
        this.offsets![i + 1] = this.bytes;
        return;
      }
      case 'boolean':
        if (value) (this.values as Uint8Array)[i >> 3]! |= 1 << (i & 7);
        return;
      case 'bigint':
      case 'timestamp':
        (this.values as BigInt64Array)[i] = typeof value === 'bigint' ? value : BigInt(value as number);
        return;
      default:
        (this.values as Float64Array)[i] = Number(value);
    }
  }

  finish(): arrow.Data {
    const type = arrowTypeOf(this.kind);
    const length = this.length;
    const nullBitmap = this.nulls > 0 ? this.validity.slice(0, Math.ceil(length / 8)) : undefined;
    if (this.kind === 'string') {
      return arrow.makeData({
        type: type as arrow.Utf8,
        length,
        nullCount: this.nulls,
        nullBitmap,
        valueOffsets: this.offsets!.slice(0, length + 1),
        // A copy (Uint8Array's slice; a Buffer's would be a view keeping the whole growable buffer).
        data: Uint8Array.prototype.slice.call(this.values, 0, this.bytes),
      });
    }
    const values = this.kind === 'boolean' ? (this.values as Uint8Array).slice(0, Math.ceil(length / 8)) : this.values.slice(0, length);
    return arrow.makeData({ type, length, nullCount: this.nulls, nullBitmap, data: values } as Parameters<typeof arrow.makeData>[0]);
  }
}

/** Assembles finished columns into one record batch of `schema`. */
export function batchFromColumns(schema: arrow.Schema, data: arrow.Data[], length: number): arrow.RecordBatch {
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children: data });
  return new arrow.RecordBatch(schema, struct);
}

/** Assembles finished columns into a one-batch Arrow table with the given schema. */
export function tableFromColumns(columns: ColumnSpec[], data: arrow.Data[], length: number): arrow.Table {
  const schema = arrowSchemaOf(columns);
  if (columns.length === 0) return new arrow.Table(schema);
  return new arrow.Table(schema, [batchFromColumns(schema, data, length)]);
}
