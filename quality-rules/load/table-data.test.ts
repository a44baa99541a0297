import * as fs from 'node:fs';
import { BatchSpool, dataBytes, gateMemoryBytes } from './batch-spool';
import { tableFromRows } from './rows';
import { TableDataWriter } from './table-data';

const SCHEMA = { id: 'bigint', email: 'string', at: 'timestamp', ok: 'boolean' } as const;

function rows(from: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { id: n, email: n % 3 === 0 ? null : `user${String(n).padStart(6, '0')}@x.example`, at: 1_690_000_000_000 + n, ok: n % 2 === 0 };
  });
}

const batchOf = (from: number, count: number) => tableFromRows(rows(from, count), SCHEMA).batches[0]!;

describe('table data: record batches in memory or spooled to disk', () => {
  it('spools every batch beyond the budget and reads the same values back, in order', () => {
    const spool = new BatchSpool(0);
    const first = batchOf(0, 5);
    const writer = new TableDataWriter(first.schema, spool);
    writer.add(first);
    writer.add(batchOf(5, 7));
    writer.add(batchOf(12, 3));
    const data = writer.finish();

    const files = fs.readdirSync(spool.folder()).filter((f) => f.endsWith('.arrows'));
    expect(files).toHaveLength(1);
    expect(data.numRows).toBe(15);
    expect([...data.batches].map((b) => b.numRows)).toEqual([5, 7, 3]);
    const read = data.toArrow().toArray().map((r) => r.toJSON());
    const expected = tableFromRows(rows(0, 15), SCHEMA).toArray().map((r) => r.toJSON());
    expect(read).toEqual(expected);

    // Row 13 is the second row of the third batch.
    const { batch, index } = data.batchAt(13);
    expect(index).toBe(1);
    expect(batch.getChild('id')!.get(index)).toBe(13n);

    data.release();
    expect(fs.readdirSync(spool.folder()).filter((f) => f.endsWith('.arrows'))).toEqual([]);
    expect(() => [...data.batches]).toThrow(/released/);
    spool.dispose();
  });

  it('keeps batches in memory while they fit the budget, and gets the budget back on release', () => {
    const first = batchOf(0, 100);
    const spool = new BatchSpool(dataBytes(first.data));
    const a = new TableDataWriter(first.schema, spool);
    a.add(first);
    a.add(batchOf(100, 100));
    const kept = a.finish();
    expect(fs.readdirSync(spool.folder()).filter((f) => f.endsWith('.arrows'))).toHaveLength(1);

    const b = new TableDataWriter(first.schema, spool);
    b.add(batchOf(200, 100));
    b.finish();
    expect(fs.readdirSync(spool.folder()).filter((f) => f.endsWith('.arrows'))).toHaveLength(2);

    kept.release();
    const c = new TableDataWriter(first.schema, spool);
    c.add(batchOf(300, 100));
    c.finish();
    // Back within budget: the third table's batch stayed in memory, so no new spool file.
    expect(fs.readdirSync(spool.folder()).filter((f) => f.endsWith('.arrows'))).toHaveLength(1);
    const folder = spool.folder();
    spool.dispose();
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('rejects a budget that is not a whole number of MiB, naming the variable', () => {
    expect(gateMemoryBytes({ STEDI_GATE_MEMORY_MB: '64' })).toBe(64 * 2 ** 20);
    expect(gateMemoryBytes({})).toBe(256 * 2 ** 20);
    expect(() => gateMemoryBytes({ STEDI_GATE_MEMORY_MB: '1.5g' })).toThrow(/STEDI_GATE_MEMORY_MB must be a whole number of MiB.*"1.5g"/);
  });
});
