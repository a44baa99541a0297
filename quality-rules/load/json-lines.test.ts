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

describe('JSON-lines loading', () => {
  it('matches keys case-insensitively, reads absent keys as NULL and coerces values', () => {
    fs.writeFileSync(
      path.join(dir, 'part-0.json'),
      ['{"serialNumber":"s1","sensorReadingTime":"1655564444103","distanceFromObject":218}', '', '{"SERIALNUMBER":"s2"}'].join('\n'),
    );
    const loaded = loadJsonLinesDirectory('step', dir, { serialnumber: 'string', sensorreadingtime: 'bigint', distancefromobject: 'int' });
    expect(loaded.table.numRows).toBe(2);
    expect(loaded.table.toArray().map((r) => r.toJSON())).toEqual([
      { serialnumber: 's1', sensorreadingtime: 1655564444103n, distancefromobject: 218 },
      { serialnumber: 's2', sensorreadingtime: null, distancefromobject: null },
    ]);
    expect(loaded.rejectedRecords).toBe(0);
  });

  it('counts malformed records instead of dropping them silently, and reports where they are', () => {
    fs.writeFileSync(path.join(dir, 'a.json'), '{"user":"a","timestamp":1}\n{"user":"b",\n[1,2]\n{"user":"c","timestamp":"soon"}\n');
    const loaded = loadJsonLinesDirectory('acc', dir, { user: 'string', timestamp: 'bigint' });
    expect(loaded.table.numRows).toBe(2);
    expect(loaded.rejectedRecords).toBe(2);
    expect(loaded.invalidValues).toBe(1);
    expect(loaded.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['a.json:2', 'a.json:3', 'a.json:4']);
    expect(loaded.problems[0]!.reason).toMatch(/^malformed JSON/);
    expect(loaded.problems[1]!.reason).toBe('not a JSON object');
    expect(loaded.problems[2]!.reason).toBe('column timestamp: "soon" is not a valid bigint');
  });

  it('skips _SUCCESS, _temporary and hidden files, reads nested and gzipped objects', () => {
    fs.writeFileSync(path.join(dir, '_SUCCESS'), '');
    fs.writeFileSync(path.join(dir, '.part-0.json.crc'), 'garbage');
    fs.mkdirSync(path.join(dir, '_temporary'));
    fs.writeFileSync(path.join(dir, '_temporary', 'part-9.json'), '{"a":9}\n');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'part-1.json.gz'), zlib.gzipSync('{"a":1}\n{"a":2}\n'));
    const loaded = loadJsonLinesDirectory('t', dir, { a: 'int' });
    expect(loaded.table.getChild('a')!.toArray()).toEqual(new Int32Array([1, 2]));
    expect(loaded.rejectedRecords).toBe(0);
  });
});
