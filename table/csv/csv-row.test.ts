/**
 * Delimited text tables as Athena reads them: OpenCSVSerde (separatorChar/quoteChar/escapeChar,
 * https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html) and LazySimpleSerDe (field.delim,
 * `\N` for NULL, https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html), with the
 * `skip.header.line.count` table property skipping the first lines of every object.
 */
import { readTable } from '../read-table';
import { tableFixture } from '../testing/table-fixture';
import { splitDelimited } from './csv-row';

describe('splitDelimited', () => {
  it('keeps quoted separators and doubled quotes in OpenCSV fields', () => {
    expect(splitDelimited('a,"b,c","say ""hi""",', { kind: 'open-csv', separator: ',', quote: '"', escape: '\\' })).toEqual(['a', 'b,c', 'say "hi"', '']);
  });
  it('honours an escape character and a custom separator', () => {
    expect(splitDelimited('a|b\\|c|d', { kind: 'lazy-simple', separator: '|', escape: '\\' })).toEqual(['a', 'b|c', 'd']);
  });
});

describe('OpenCSVSerde table with a header', () => {
  const ddl =
    "CREATE EXTERNAL TABLE db.people (name string, age int, score double) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' " +
    "WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='\"') LOCATION 's3://b/people/' TBLPROPERTIES ('skip.header.line.count'='1')";

  it('skips the header of every object, reads quoted fields, and types the columns', async () => {
    const fixture = tableFixture(ddl, {
      'a.csv': 'name,age,score\n"Doe, Jane",41,1.5\nBob,x,2\n',
      'b.csv': 'name,age,score\nCy,7\n\n',
    });
    try {
      const data = await readTable(fixture);
      expect(data.rows).toEqual([['Doe, Jane', 41, 1.5], ['Bob', null, 2], ['Cy', 7, null]]);
      expect(data.ledger).toMatchObject({
        rows: 3,
        skipped: 3,
        reasons: { 'header-line': 2, 'blank-line': 1, 'value-not-coercible': 1, 'column-count-mismatch': 1 },
      });
      // Hive's lazy readers return NULL for a bad number rather than failing: no bad cell.
      expect(data.badCells).toEqual([]);
    } finally {
      fixture.cleanup();
    }
  });
});

describe('LazySimpleSerDe table', () => {
  it("splits on field.delim and reads \\N as NULL", async () => {
    const ddl = "CREATE EXTERNAL TABLE db.t (a string, b bigint) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LOCATION 's3://b/t/'";
    const fixture = tableFixture(ddl, { 'part-0': 'x\t1\n\\N\t\\N\ny\t\n' });
    try {
      const data = await readTable(fixture);
      expect(data.storage.reader).toBe('lazy-simple');
      expect(data.rows).toEqual([['x', 1n], [null, null], ['y', null]]);
      expect(data.ledger.rows).toBe(3);
    } finally {
      fixture.cleanup();
    }
  });
});
