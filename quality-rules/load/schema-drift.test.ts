import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadJsonLinesDirectory } from './run-table';
import { describeSchemaDrift, neededCoercionOfType } from './schema-drift';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-drift-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const ACCELEROMETER = { user: 'string', timestamp: 'bigint', x: 'double' } as const;

async function load(lines: string[], schema: Record<string, 'string' | 'bigint' | 'double' | 'int'> = ACCELEROMETER) {
  fs.writeFileSync(path.join(dir, 'part-0.json'), `${lines.join('\n')}\n`);
  return loadJsonLinesDirectory('t', dir, schema);
}

describe('schema drift in JSON records', () => {
  it('counts nothing on a clean feed, including one that writes camelCase keys throughout', async () => {
    expect((await load(['{"user":"a","timestamp":1,"x":0.5}', '{"user":"b","timestamp":2,"x":-1}'])).schemaDrift).toEqual({ records: 0, findings: [] });
    // The catalog lower-cases names; a feed that always writes serialNumber has not drifted.
    const camel = await load(['{"serialNumber":"s1","sensorReadingTime":1}', '{"serialNumber":"s2","sensorReadingTime":2}'], { serialnumber: 'string', sensorreadingtime: 'bigint' });
    expect(camel.schemaDrift.records).toBe(0);
  });

  it('counts records whose key differs by case from the rest of the table, once each, and still reads them', async () => {
    const loaded = await load([
      '{"user":"a","timestamp":1,"x":0}',
      '{"user":"a","timeStamp":2,"x":0}',
      '{"user":"b","timestamp":3,"x":0}',
      '{"USER":"c","timeStamp":4,"x":0}',
    ]);
    expect(loaded.table.toArrow().getChild('timestamp')!.toArray()).toEqual(new BigInt64Array([1n, 2n, 3n, 4n]));
    expect(loaded.invalidValues).toBe(0);
    // Record 4 drifts in two keys and counts once; "timestamp" and "timeStamp" tie 2-2, and the
    // catalog's spelling is then the expected one.
    expect(loaded.schemaDrift.records).toBe(2);
    expect(loaded.schemaDrift.findings).toEqual([
      { column: 'timestamp', kind: 'key-case', detail: 'key "timeStamp" for column timestamp (usually "timestamp")', records: 2, first: { file: 'part-0.json', line: 2 } },
      { column: 'user', kind: 'key-case', detail: 'key "USER" for column user (usually "user")', records: 1, first: { file: 'part-0.json', line: 4 } },
    ]);
  });

  it('counts records whose values needed a type change, but not values that could not be read', async () => {
    const loaded = await load([
      '{"user":"a","timestamp":1,"x":0.5}',
      '{"user":"a","timestamp":"2","x":"0.5"}',
      '{"user":7,"timestamp":3,"x":1}',
      '{"user":"b","timestamp":"soon","x":1}',
    ]);
    expect(loaded.table.toArrow().getChild('x')!.toArray()).toEqual(new Float64Array([0.5, 0.5, 1, 1]));
    expect(loaded.invalidValues).toBe(1);
    expect(loaded.schemaDrift.records).toBe(2);
    expect(loaded.schemaDrift.findings.map((f) => `${f.detail}: ${f.records} at line ${f.first.line}`)).toEqual([
      'string values in bigint column timestamp: 1 at line 2',
      'string values in double column x: 1 at line 2',
      'number values in string column user: 1 at line 3',
    ]);
    expect(describeSchemaDrift(loaded.schemaDrift, 2)).toBe(
      'string values in bigint column timestamp in 1 record(s) (first at part-0.json:2); string values in double column x in 1 record(s) (first at part-0.json:2); and 1 more',
    );
  });

  it('knows which JSON types each column kind expects', () => {
    const spec = (kind: 'string' | 'timestamp' | 'boolean' | 'date' | 'double', catalogType: string = kind) => ({ name: 'c', kind, catalogType });
    expect(neededCoercionOfType('string', spec('string'))).toBe(false);
    expect(neededCoercionOfType('numeric-string', spec('string'))).toBe(false);
    expect(neededCoercionOfType('object', spec('string', 'struct<a:int>'))).toBe(false);
    expect(neededCoercionOfType('object', spec('string'))).toBe(true);
    expect(neededCoercionOfType('string', spec('timestamp'))).toBe(false);
    expect(neededCoercionOfType('numeric-string', spec('timestamp'))).toBe(true);
    expect(neededCoercionOfType('number', spec('timestamp'))).toBe(false);
    expect(neededCoercionOfType('numeric-string', spec('double'))).toBe(true);
    expect(neededCoercionOfType('string', spec('boolean'))).toBe(true);
    expect(neededCoercionOfType('null', spec('boolean'))).toBe(false);
  });
});
