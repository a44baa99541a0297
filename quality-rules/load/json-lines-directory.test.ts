import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadJsonLinesDirectory } from './run-table';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-lines-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// A directory of JSON lines read as a table with the OpenX JSON SerDe, through the table layer.
// Semantics (Athena engine 3 reads OpenX tables with Trino's reader): trinodb/trino
// lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/openxjson/README.md.
describe('a directory of JSON lines as a table', () => {
  it('matches keys case-insensitively, reads absent keys as NULL and quoted numbers as numbers', async () => {
    fs.writeFileSync(
      path.join(dir, 'part-0.json'),
      ['{"serialNumber":"s1","sensorReadingTime":"1655564444103","distanceFromObject":218}', '', '{"SERIALNUMBER":"s2"}'].join('\n'),
    );
    const loaded = await loadJsonLinesDirectory('step', dir, { serialnumber: 'string', sensorreadingtime: 'bigint', distancefromobject: 'int' });
    expect(loaded.table.numRows).toBe(2);
    expect(loaded.table.toArrow().toArray().map((r) => r.toJSON())).toEqual([
      { serialnumber: 's1', sensorreadingtime: 1655564444103n, distancefromobject: 218 },
      { serialnumber: 's2', sensorreadingtime: null, distancefromobject: null },
    ]);
    expect(loaded.rejectedRecords).toBe(0);
    // The blank line is skipped and accounted for, not a row.
    expect(loaded.ledger).toMatchObject({ lines: 3, records: 2, accepted: 2, skipped: 1, reasons: { 'blank-line': 1 } });
  });

  it('keeps every line in a count or in the ledger, located: rejected, NULL row, trailing content, unreadable value', async () => {
    fs.writeFileSync(
      path.join(dir, 'a.json'),
      ['{"user":"a","timestamp":1}', '{"user":"b",', 'not json', '{"user":"c","timestamp":"soon"}', '{"user":"d","timestamp":4},'].join('\n'),
    );
    const loaded = await loadJsonLinesDirectory('acc', dir, { user: 'string', timestamp: 'bigint' });
    // README rule 2: a line starting with '{' that does not parse fails the query (rejected, in no row);
    // rule 1: a line not starting with '{' or '[' is a row of NULLs; rule 3: text after the object is ignored.
    expect(loaded.table.toArrow().toArray().map((r) => r.toJSON())).toEqual([
      { user: 'a', timestamp: 1n },
      { user: null, timestamp: null },
      { user: 'c', timestamp: null },
      { user: 'd', timestamp: 4n },
    ]);
    expect(loaded.rejectedRecords).toBe(1);
    expect(loaded.invalidValues).toBe(1);
    expect(loaded.ledger).toMatchObject({ lines: 5, records: 4, accepted: 1, acceptedWithIssues: 3, rejected: 1, rows: null });
    expect(loaded.problems.map((p) => `${p.file}:${p.line} ${p.reason.split(':')[0]}`).sort()).toEqual([
      'a.json:2 malformed-json',
      'a.json:3 not-a-json-object',
      'a.json:4 value-not-coercible',
      'a.json:5 trailing-content',
    ]);
  });

  it('skips _SUCCESS, _temporary and hidden files and says so, reads nested and gzipped objects', async () => {
    fs.writeFileSync(path.join(dir, '_SUCCESS'), '');
    fs.writeFileSync(path.join(dir, '.part-0.json.crc'), 'garbage');
    fs.mkdirSync(path.join(dir, '_temporary'));
    fs.writeFileSync(path.join(dir, '_temporary', 'part-9.json'), '{"a":9}\n');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'part-1.json.gz'), zlib.gzipSync('{"a":1}\n{"a":2}\n'));
    const loaded = await loadJsonLinesDirectory('t', dir, { a: 'int' });
    expect(loaded.table.toArrow().getChild('a')!.toArray()).toEqual(new Int32Array([1, 2]));
    expect(loaded.files).toEqual(['sub/part-1.json.gz']);
    expect(loaded.ledger!.skippedObjects.map((s) => `${s.key} ${s.reason}`).sort()).toEqual(['.part-0.json.crc hidden-dot', '_SUCCESS hidden-underscore', '_temporary/part-9.json hidden-underscore']);
  });
});
