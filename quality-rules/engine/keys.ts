/**
 * Numeric value keys for uniqueness and referential integrity, without a JS object per row.
 *
 * Numeric values are compared as 64-bit patterns held in two int32 halves: int64 columns by
 * their own bits (read through an Int32Array view, so no BigInt is ever allocated), other
 * numbers by the bits of their float64 value. Counting duplicates of one numeric column sorts
 * those patterns (8 bytes a row; the order is irrelevant, only equal runs matter) and set
 * membership uses an open-addressing hash table over them. Strings and multi-column keys group
 * in DuckDB (analyzers/frequencies.ts) or, for a reference set, fall back to JS Sets.
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

/** A growable list of 64-bit keys. */
export class KeyList {
  private halves = new Int32Array(2 * 1024);
  length = 0;

  push(lo: number, hi: number): void {
    if (this.length * 2 === this.halves.length) {
      const bigger = new Int32Array(this.halves.length * 2);
      bigger.set(this.halves);
      this.halves = bigger;
    }
    this.halves[this.length * 2] = lo;
    this.halves[this.length * 2 + 1] = hi;
    this.length++;
  }

  /**
   * Counts distinct keys and keys seen exactly once; reports the most repeated keys (as
   * their int64 bit pattern) for messages.
   */
  countRuns(topN = 3): { distinct: number; singletons: number; top: Array<{ bits: bigint; count: number }> } {
    const sorted = new BigInt64Array(this.halves.buffer, 0, this.length).sort();
    const halves = new Int32Array(sorted.buffer, sorted.byteOffset, this.length * 2);
    let distinct = 0;
    let singletons = 0;
    const top: Array<{ index: number; count: number }> = [];
    let i = 0;
    while (i < this.length) {
      const lo = halves[i * 2]!;
      const hi = halves[i * 2 + 1]!;
      let j = i + 1;
      while (j < this.length && halves[j * 2] === lo && halves[j * 2 + 1] === hi) j++;
      const count = j - i;
      distinct++;
      if (count === 1) singletons++;
      else if (top.length < topN || count > top[top.length - 1]!.count) {
        top.push({ index: i, count });
        top.sort((a, b) => b.count - a.count);
        if (top.length > topN) top.pop();
      }
      i = j;
    }
    return { distinct, singletons, top: top.map((t) => ({ bits: sorted[t.index]!, count: t.count })) };
  }
}

/** Turns a key's bit pattern back into the value it was read from, for messages. */
export function keyToValue(bits: bigint, mode: NumericKeyMode): number | bigint {
  if (mode === 'int64') return bits;
  const view = new BigInt64Array(1);
  view[0] = bits;
  return new Float64Array(view.buffer)[0]!;
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
    const capacity = KeySet.capacityFor(expected);
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  private static capacityFor(expected: number): number {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    return capacity;
  }

  /** Bytes the table of a set made for `expected` keys takes. */
  static bytesFor(expected: number): number {
    return KeySet.capacityFor(expected) * 4 * Int32Array.BYTES_PER_ELEMENT;
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
