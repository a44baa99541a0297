import { parseHiveType } from '../ddl/hive-type';
import { BadValue, decodeJsonValue, jsonSerdeOptions, lookupField } from './json-serde';
import { JsonObject, JsonSyntaxError, parseJsonLine, parseJsonLineDetailed, renderJson } from './json-line';

const defaults = jsonSerdeOptions({});
const lower = (k: string): string => k.toLowerCase();

function decode(json: string, type: string, options = defaults): unknown {
  const parsed = parseJsonLine(`{"v": ${json}}`, lower) as JsonObject;
  const value = lookupField(parsed, 'v', options);
  return value === undefined || value === null ? null : decodeJsonValue(value, parseHiveType(type), options);
}

describe('parseJsonLine', () => {
  it('keeps number text exactly and tells quoted from unquoted values', () => {
    const parsed = parseJsonLine('{"a": 9223372036854775807, "b": "9", "c": 1.50, \'d\': bare, "e": null}', lower) as JsonObject;
    expect(renderJson(parsed)).toBe('{"a":9223372036854775807,"b":"9","c":1.50,"d":bare,"e":null}');
  });

  // Athena's OpenX reader keeps the last value of a duplicated key (trinodb/trino
  // lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/openxjson/README.md, ROW).
  it('keeps the last value of a key duplicated after case folding and names the key', () => {
    const folded = parseJsonLineDetailed('{"URL": 1, "url": 2}', lower);
    expect(renderJson(folded.value)).toBe('{"url":2}');
    expect(folded.duplicateKeys).toEqual(['url']);
    expect(parseJsonLineDetailed('{"URL": 1, "url": 2}', (k) => k).duplicateKeys).toEqual([]);
  });

  it.each(['{"a": 1', '{"a" 1}', '{"a": "x\\q"}', '{"a": [1, 2}'])('rejects %s', (line) => {
    expect(() => parseJsonLine(line, lower)).toThrow(JsonSyntaxError);
  });

  it('ignores text after the top-level value', () => {
    expect(renderJson(parseJsonLine('{"a":1} trailing', lower))).toBe('{"a":1}');
  });
});

describe('Athena JSON SerDe coercions', () => {
  it.each([
    ['42', 'int', 42],
    ['"42"', 'int', 42],
    ['"+7"', 'bigint', 7n],
    ['"0x1F"', 'bigint', 31n],
    ['-9223372036854775808', 'bigint', -9223372036854775808n],
    ['"1.5"', 'double', 1.5],
    ['1e3', 'double', 1000],
    ['"NaN"', 'double', NaN],
    ['"TRUE"', 'boolean', true],
    ['"yes"', 'boolean', false],
    ['12', 'string', '12'],
    ['1.0', 'string', '1.0'],
    ['{"A": [1, "x"]}', 'string', '{"A":[1,"x"]}'],
    ['"abcdef"', 'varchar(3)', 'abc'],
  ])('%s as %s → %p', (json, type, expected) => {
    expect(decode(json, type)).toEqual(expected);
  });

  it.each([
    ['0.54', 'int', 'For input string: "0.54"'],
    ['"abc"', 'bigint', 'For input string: "abc"'],
    ['""', 'int', 'For input string: ""'],
    ['2147483648', 'int', 'out of range for int'],
    ['{"a": 1}', 'double', 'JSONObject can not be coerced to DOUBLE'],
    ['[1]', 'bigint', 'JSONArray can not be coerced to BIGINT'],
    ['"1,5"', 'double', 'For input string: "1,5"'],
    ['"2023-02-30"', 'date', 'For input string'],
  ])('%s as %s is HIVE_BAD_DATA (%s)', (json, type, message) => {
    expect(() => decode(json, type)).toThrow(BadValue);
    expect(() => decode(json, type)).toThrow(message);
  });

  it('rounds decimals half up to the declared scale and refuses values over the precision', () => {
    expect(decode('"12.345"', 'decimal(5,2)')).toBe('12.35');
    expect(decode('-1.005e1', 'decimal(5,2)')).toBe('-10.05');
    expect(decode('"0.5"', 'decimal(5,2)')).toBe('0.50');
    expect(() => decode('"12345.6"', 'decimal(5,2)')).toThrow(BadValue);
  });

  it('reads dates and timestamps in the SerDe formats', () => {
    // 2022-06-18 is day 19161 since 1970-01-01 (Date.UTC(2022, 5, 18) / 86400000).
    expect(decode('"2022-06-18"', 'date')).toBe(Date.UTC(2022, 5, 18) / 86_400_000);
    expect(decode('19161', 'date')).toBe(19161);
    const millis = (json: string): unknown => decode(json, 'timestamp');
    expect(millis('1655564376361')).toBe(1655564376361n); // 13 digits: milliseconds
    expect(millis('1655564376')).toBe(1655564376000n); // fewer: seconds
    expect(millis('"1655564376.5"')).toBe(1655564376500n);
    expect(millis('"2022-06-18 14:59:36.361"')).toBe(BigInt(Date.UTC(2022, 5, 18, 14, 59, 36, 361)));
    expect(millis('"2022-06-18T16:59:36.361+02:00"')).toBe(BigInt(Date.UTC(2022, 5, 18, 14, 59, 36, 361)));
  });

  it('decodes arrays, maps and structs, wrapping a lone value into a one-element array', () => {
    expect(decode('[1, "2", null]', 'array<int>')).toEqual([1, 2, null]);
    expect(decode('5', 'array<int>')).toEqual([5]);
    expect(decode('""', 'array<int>')).toBeNull();
    expect(decode('{"a": "1", "b": 2}', 'map<string,bigint>')).toEqual(new Map<string, bigint>([['a', 1n], ['b', 2n]]));
    expect(decode('{"X": 1.5, "Label": "p"}', 'struct<x:double,label:string,missing:int>')).toEqual({
      x: 1.5, label: 'p', missing: null,
    });
  });
});

describe('key matching', () => {
  const object = (line: string, options = defaults): JsonObject =>
    parseJsonLine(line, options.caseInsensitive ? lower : (k) => k) as JsonObject;

  it('matches camelCase keys to lower-case columns unless case.insensitive is FALSE', () => {
    expect(lookupField(object('{"shareWithResearchAsOfDate": 1}'), 'sharewithresearchasofdate', defaults)).toBeDefined();
    const sensitive = jsonSerdeOptions({ 'case.insensitive': 'FALSE' });
    expect(lookupField(object('{"shareWithResearchAsOfDate": 1}', sensitive), 'sharewithresearchasofdate', sensitive)).toBeUndefined();
  });

  it('applies mapping.<column> and ignores the bare mapping property the Glue console writes', () => {
    const options = jsonSerdeOptions({ mapping: 'TRUE', 'mapping.ts': 'timestamp' });
    expect(lookupField(object('{"timestamp": 5}'), 'ts', options)).toBeDefined();
    expect(options.mappings.size).toBe(1);
  });

  it('matches dotted keys to underscored columns only with dots.in.keys', () => {
    const line = '{"device.id": "d1"}';
    expect(lookupField(object(line), 'device_id', defaults)).toBeUndefined();
    const dots = jsonSerdeOptions({ 'dots.in.keys': 'TRUE' });
    expect(lookupField(object(line, dots), 'device_id', dots)).toBeDefined();
  });
});
