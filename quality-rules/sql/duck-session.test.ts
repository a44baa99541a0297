/**
 * The gate's DuckDB within the smallest budget (STEDI_GATE_MEMORY_MB=0: DuckDB's floor of 128 MB)
 * still groups tables far larger than its memory, spilling instead of failing. With a 64 MB
 * floor, DuckDB 1.5 failed this very statement ("Out of Memory Error: could not allocate block"),
 * as it failed IsPrimaryKey over a 100× accelerometer_trusted in `stedi check`.
 */
import { duckErrorLine, DuckSession } from './duck-session';

describe('the gate DuckDB session at the smallest memory budget', () => {
  const saved = process.env.STEDI_GATE_MEMORY_MB;
  let session: DuckSession | undefined;
  beforeAll(async () => {
    process.env.STEDI_GATE_MEMORY_MB = '0';
    session = await DuckSession.open();
  });
  afterAll(async () => {
    session?.close();
    if (saved === undefined) delete process.env.STEDI_GATE_MEMORY_MB;
    else process.env.STEDI_GATE_MEMORY_MB = saved;
  });

  it('groups 8M rows of five columns by all five without running out of memory', async () => {
    const duck = session!;
    expect((await duck.query(`SELECT current_setting('memory_limit')`)).rows[0]![0]).toMatch(/^12[0-9]\.\d MiB$/);
    // Random doubles, as incompressible as sensor readings: every row is its own group (three
    // random 52-bit fractions colliding is not a case to expect).
    await duck.query(
      `CREATE TABLE readings AS SELECT 'user' || (i % 9000)::VARCHAR || '@example.com' AS "user", 1655564444000 + i * 7 AS "timestamp", random() AS x, random() AS y, random() AS z FROM range(8200000) r(i)`,
    );
    // The statement the gate's frequency analyzer runs (engine/analyzers/frequencies.ts).
    await duck.query(`CREATE TEMP TABLE groups AS SELECT count(*) AS n, min(rowid) AS first FROM readings GROUP BY "user", "timestamp", x, y, z`);
    const { rows } = await duck.query(`SELECT count(*), count(*) FILTER (WHERE n = 1) FROM groups`);
    expect(rows[0]!.map(Number)).toEqual([8_200_000, 8_200_000]);
  }, 120_000);
});

describe('a DuckDB error as the gate reports it', () => {
  it('is its first line, and an out-of-memory error names the knob that raises the limit', () => {
    expect(duckErrorLine(new Error('Binder Error: column "x" not found\nLINE 1: select x'))).toBe('Binder Error: column "x" not found');
    const oom = duckErrorLine(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (60.8 MiB/61.0 MiB used)\n\nPossible solutions: ...'));
    expect(oom).toMatch(/^Out of Memory Error: could not allocate block of size 256\.0 KiB \(60\.8 MiB\/61\.0 MiB used\) — .*raise STEDI_GATE_MEMORY_MB$/);
  });
});
