/**
 * Value keys for referential integrity's reference set, without a JS object per key.
 *
 * Numeric values are compared as 64-bit patterns held in two int32 halves: int64 columns by
 * their own bits (read through an Int32Array view, so no BigInt is ever allocated), other
 * numbers by the bits of their float64 value. Set membership uses an open-addressing hash
 * table over them. Strings and multi-column keys fall back to JS Sets. (Value frequencies
 * group in DuckDB: analyzers/frequencies.ts.)
 */
import type { ChunkReader } from './columns';

const scratchFloat = new Float64Array(1);
const scratchInt = new Int32Array(scratchFloat.buffer);

/** How a column's values become 64-bit keys: its raw int64 bits, or the bits of its float64 value. */
export type NumericKeyMode = 'int64' | 'float64';

export function numericKeyMode(kinds: string[]): NumericKeyMode | undefined {
  const numeric = ['bigint', 'timestamp', 'int', 'smallint', 'tinyint', 'double', 'float', 'date', 'boolean'];
  if (!kinds.every((k) => numeric.includes(k))) return undefined;
  return kinds.every((k) => k === 'bigint' || k === 'timestamp') ? 'int64' : 'float64';
}

/** Reads row `i` of a chunk as a key; `out[0]` low half, `out[1]` high half. */
export function keyReader(reader: ChunkReader, mode: NumericKeyMode): (i: number, out: Int32Array) => void {
  if (mode === 'int64' && reader.values instanceof BigInt64Array) {
    const v = reader.values;
    const halves = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    const base = reader.base;
    return (i, out) => {
      out[0] = halves[(base + i) * 2]!;
      out[1] = halves[(base + i) * 2 + 1]!;
    };
  }
  return (i, out) => {
    const n = reader.number(i);
    scratchFloat[0] = n === 0 ? 0 : n; // -0 and 0 are one value
    out[0] = scratchInt[0]!;
    out[1] = scratchInt[1]!;
  };
}

/**
 * An open-addressing hash set of 64-bit keys. Each slot is four int32s (low half, high half,
 * used flag, padding) so a probe touches one cache line: with a million keys the table is far
 * larger than the CPU cache and memory latency, not hashing, is the cost of a lookup.
 */
export class KeySet {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  private slot(lo: number, hi: number): number {
    // murmur3's 32-bit finalizer: sequential ids must not cluster under linear probing.
    let h = lo ^ Math.imul(hi, 0x27d4eb2d);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    let s = (h & this.mask) * 4;
    const slots = this.slots;
    while (slots[s + 2] === 1 && !(slots[s] === lo && slots[s + 1] === hi)) s = (s + 4) & (this.mask * 4 + 3);
    return s;
  }

  add(lo: number, hi: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    const s = this.slot(lo, hi);
    if (this.slots[s + 2] === 1) return;
    this.slots[s] = lo;
    this.slots[s + 1] = hi;
    this.slots[s + 2] = 1;
    this.size++;
  }

  has(lo: number, hi: number): boolean {
    return this.slots[this.slot(lo, hi) + 2] === 1;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length / 4 - 1;
    this.size = 0;
    for (let s = 0; s < old.length; s += 4) if (old[s + 2] === 1) this.add(old[s]!, old[s + 1]!);
  }
}

/** Text key of a multi-column or string row; `\u0001` separates columns, `\u0000` marks NULL. */
export function compositeKey(readers: ChunkReader[], i: number): string {
  let key = '';
  for (let c = 0; c < readers.length; c++) {
    const r = readers[c]!;
    if (c > 0) key += '\u0001';
    key += r.isValid(i) ? r.text(i) : '\u0000';
  }
  return key;
}
