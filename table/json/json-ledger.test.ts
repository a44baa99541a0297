/**
 * The JSON SerDe reader and its ledger, one kind of bad input at a time. Expected rows and
 * ledger entries come from each test's own construction. Reference for the rules: Athena
 * engine 3 runs Trino's OpenX reader — trinodb/trino lib/trino-hive-formats/src/main/java/io/
 * trino/hive/formats/line/openxjson/README.md ("Line Format" rules 1-3, ROW duplicate keys) and
 * OpenXJsonDeserializer.java; the HIVE_CURSOR_ERROR text is the one in
 * https://repost.aws/knowledge-center/athena-hive-cursor-error.
 */
import { readTable } from '../read-table';
import { openxDdl, tableFixture } from '../testing/table-fixture';

const COLUMNS = 'id bigint, name string';

async function read(objects: Record<string, string | Buffer>, properties?: string, options = {}) {
  const fixture = tableFixture(openxDdl(COLUMNS, properties), objects);
  try {
    return await readTable(fixture, options);
  } finally {
    fixture.cleanup();
  }
}

describe('JSON lines: clean input', () => {
  it('reads one row per line, bigint as bigint, in file order with origins', async () => {
    const data = await read({ 'a.json': '{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n' });
    expect(data.rows).toEqual([[1n, 'a'], [2n, 'b']]);
    expect(data.origins).toEqual([{ key: 'a.json', line: 1 }, { key: 'a.json', line: 2 }]);
    expect(data.ledger).toMatchObject({ rows: 2, records: 2, accepted: 2, acceptedWithIssues: 0, rejected: 0, skipped: 0, objectsWithIssues: [] });
  });

  it('matches camelCase keys to lower-case columns and coerces numbers given as strings', async () => {
    const data = await read({ 'a.json': '{"ID": "7", "Name": "x"}\n{"iD": 8, "NAME": 9}\n' });
    expect(data.rows).toEqual([[7n, 'x'], [8n, '9']]);
    expect(data.ledger.accepted).toBe(2);
  });

  it('ends lines at LF, CRLF and a lone CR, as Hadoop\'s LineReader does, with the file\'s line numbers', async () => {
    // LineReader: "A line can be terminated by one of the following: '\\n' (LF), '\\r' (CR), or '\\r\\n' (CR+LF)."
    const data = await read({ 'a.json': '{"id": 1}\r\n{"id": 2}\r{"id": 3}\n{"id": 4}', 'b.json': '\r\n{"id": 5}\r\r{"id": 6}\r\n' });
    expect(data.rows).toEqual([[1n, null], [2n, null], [3n, null], [4n, null], [5n, null], [6n, null]]);
    expect(data.origins).toEqual([
      { key: 'a.json', line: 1 },
      { key: 'a.json', line: 2 },
      { key: 'a.json', line: 3 },
      { key: 'a.json', line: 4 },
      { key: 'b.json', line: 2 },
      { key: 'b.json', line: 4 },
    ]);
    expect(data.ledger.skipped).toBe(2); // b.json lines 1 and 3 are blank
  });

  it('counts an empty object as a row, and an empty file as nothing', async () => {
    const data = await read({ 'a.json': '{}\n', 'b.json': '' });
    expect(data.rows).toEqual([[null, null]]);
    expect(data.ledger).toMatchObject({ rows: 1, objects: 2, lines: 1 });
  });
});

describe('JSON lines: accepted with issues', () => {
  it('trailing content after the object ("},") is ignored and noted', async () => {
    const data = await read({ 'a.json': '{"id": 1, "name": "a"},\n{"id": 2, "name": "b"}\n' });
    expect(data.rows).toEqual([[1n, 'a'], [2n, 'b']]);
    expect(data.ledger.rows).toBe(2);
    expect(data.ledger.reasons).toEqual({ 'trailing-content': 1 });
    expect(data.ledger.objectsWithIssues[0]?.examples[0]).toMatchObject({ key: 'a.json', line: 1, outcome: 'accepted-with-issues', reason: 'trailing-content' });
  });

  it('a UTF-8 BOM is stripped and noted; the row keeps its values', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id": 5, "name": "bom"}\n{"id": 6}\n')]);
    const data = await read({ 'a.json': bom });
    expect(data.rows).toEqual([[5n, 'bom'], [6n, null]]);
    expect(data.ledger.reasons).toEqual({ bom: 1 });
  });

  it('a duplicated key keeps the last value and the ledger says which', async () => {
    const data = await read({ 'a.json': '{"id": 1, "name": "first", "Name": "last"}\n' });
    expect(data.rows).toEqual([[1n, 'last']]);
    const example = data.ledger.objectsWithIssues[0]?.examples[0];
    expect(example).toMatchObject({ reason: 'duplicate-key', column: 'name' });
    expect(example?.detail).toContain('"last"');
  });

  it('invalid UTF-8 bytes are replaced with U+FFFD and noted', async () => {
    const line = Buffer.concat([Buffer.from('{"id": 3, "name": "ab'), Buffer.from([0xff, 0xfe]), Buffer.from('c"}\n')]);
    const data = await read({ 'a.json': line });
    expect(data.rows).toEqual([[3n, 'ab\ufffd\ufffdc']]);
    expect(data.ledger.reasons).toEqual({ 'invalid-utf8-replaced': 1 });
  });

  it('a float where a bigint is expected is NULL, a bad cell for Athena, and located', async () => {
    const data = await read({ 'a.json': '{"id": 1.5, "name": "f"}\n{"id": "abc", "name": "s"}\n' });
    expect(data.rows).toEqual([[null, 'f'], [null, 's']]);
    expect(data.badCells.map((b) => [b.row, b.column])).toEqual([[0, 0], [1, 0]]);
    expect(data.badCells[0]?.message).toContain("HIVE_BAD_DATA: Error parsing field value '1.5'");
    expect(data.ledger).toMatchObject({ rows: 2, acceptedWithIssues: 2, reasons: { 'value-not-coercible': 2 } });
  });

  it('a line that is not JSON (CSV content in a .json file) is an all-NULL row, as Athena reads it', async () => {
    const data = await read({ 'a.json': 'id,name\n1,a\n{"id": 2, "name": "b"}\n' });
    expect(data.rows).toEqual([[null, null], [null, null], [2n, 'b']]);
    expect(data.ledger).toMatchObject({ rows: 3, reasons: { 'not-a-json-object': 2 } });
  });

  it('a JSON array line maps its elements to the columns by position and is noted', async () => {
    const data = await read({ 'a.json': '[9, "arr"]\n' });
    expect(data.rows).toEqual([[9n, 'arr']]);
    expect(data.ledger.reasons).toEqual({ 'json-array-line': 1 });
  });
});

describe('JSON lines: skipped and rejected', () => {
  it('blank and whitespace-only lines are skipped, not all-NULL rows, and located', async () => {
    const data = await read({ 'a.json': '{"id": 1}\n\n   \t\n{"id": 2}\n' });
    expect(data.rows).toEqual([[1n, null], [2n, null]]);
    expect(data.ledger).toMatchObject({ rows: 2, skipped: 2, lines: 4, reasons: { 'blank-line': 2 } });
    expect(data.ledger.objectsWithIssues[0]?.examples.map((e) => e.line)).toEqual([2, 3]);
  });

  it('a truncated last line makes Athena refuse the table: rows is null and the refusal names file and line', async () => {
    const data = await read({ 'a.json': '{"id": 1}\n{"id": 2}\n{"id": 3, "na' });
    expect(data.ledger.rows).toBeNull();
    expect(data.ledger.records).toBe(2);
    expect(data.ledger.athenaRefuses).toMatchObject({ key: 'a.json', line: 3, code: 'HIVE_CURSOR_ERROR' });
    expect(data.ledger.athenaRefuses?.message).toContain('Row is not a valid JSON Object');
    expect(data.ledger.reasons).toEqual({ 'malformed-json': 1 });
  });

  it("with 'ignore.malformed.json'='TRUE' the malformed line is an all-NULL row and Athena counts it", async () => {
    const data = await read({ 'a.json': '{"id": 1}\n{"id": 2' }, "'ignore.malformed.json'='TRUE'");
    expect(data.ledger.rows).toBe(2);
    expect(data.rows).toEqual([[1n, null], [null, null]]);
    expect(data.ledger.reasons).toEqual({ 'malformed-json-ignored': 1 });
  });

  it('a 50 MB object is over the row-size limit: rejected, and Athena refuses the table', async () => {
    const big = `{"id": 1, "name": "${'x'.repeat(50 * 1024 * 1024)}"}`;
    const data = await read({ 'big.json': `{"id": 0}\n${big}\n{"id": 2}\n` });
    expect(data.rows).toEqual([[0n, null], [2n, null]]);
    expect(data.ledger).toMatchObject({ rows: null, records: 2, rejected: 1, reasons: { 'row-too-large': 1 } });
    expect(data.ledger.athenaRefuses).toMatchObject({ key: 'big.json', line: 2 });
  });

  it('keeps every object with issues and at most N example lines per reason (N configurable)', async () => {
    const bad = Array.from({ length: 30 }, (_, i) => `{"id": ${i}},`).join('\n');
    const data = await read({ 'a.json': bad, 'b.json': '{"id": 1}\n', 'c.json': '{"id": 1},\n' }, undefined, { examplesPerReason: 5 });
    expect(data.ledger.objectsWithIssues.map((o) => o.key)).toEqual(['a.json', 'c.json']);
    expect(data.ledger.objectsWithIssues[0]?.reasons).toEqual({ 'trailing-content': 30 });
    expect(data.ledger.objectsWithIssues[0]?.examples).toHaveLength(5);
    expect(data.ledger.rows).toBe(32);
  });
});

// Hive JSON SerDe (org.apache.hive.hcatalog.data.JsonSerDe) as Athena runs it: Jackson, strict JSON
// (trinodb/trino lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/json/JsonDeserializer.java).
describe('Hive JSON SerDe', () => {
  const hiveDdl = "CREATE EXTERNAL TABLE db.h (id bigint, name string) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://b/h/'";

  async function readHive(content: string) {
    const fixture = tableFixture(hiveDdl, { 'a.json': content });
    try {
      return await readTable(fixture);
    } finally {
      fixture.cleanup();
    }
  }

  it('reads strict JSON lines, ignores trailing content, keeps the last duplicate', async () => {
    const data = await readHive('{"id": 1, "name": "a"},\n{"id": 2, "name": "x", "name": "y"}\n');
    expect(data.rows).toEqual([[1n, 'a'], [2n, 'y']]);
    expect(data.ledger.reasons).toEqual({ 'trailing-content': 1, 'duplicate-key': 1 });
  });

  it.each([["{'id': 1}", 'single quotes'], ['{"id": bare}', 'a bare word'], ['id,name', 'a non-JSON line']])('refuses %s (%s) where OpenX would not', async (line) => {
    const data = await readHive(`{"id": 1}\n${line}\n`);
    expect(data.ledger.rows).toBeNull();
    expect(data.ledger.athenaRefuses).toMatchObject({ key: 'a.json', line: 2, code: 'HIVE_CURSOR_ERROR' });
  });
});
