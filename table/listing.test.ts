/**
 * Listing rules: Hadoop's FileInputFormat hidden-file filter (names starting with `_` or `.`)
 * applies to every path segment, S3 console `_$folder$` markers and `key/` directory objects are
 * not data; a partitioned table reads only `key=value/` paths. Every skipped object is named.
 */
import { readTable } from './read-table';
import { skippedKeyReason } from './listing';
import { containedPath, PathEscapeError } from '../common/contained-path';
import { openxDdl, tableFixture } from './testing/table-fixture';
import * as os from 'node:os';
import * as path from 'node:path';

describe('listing', () => {
  it('skips hidden and marker objects and says why', async () => {
    const fixture = tableFixture(openxDdl('id int'), {
      'part-0.json': '{"id": 1}\n',
      '_SUCCESS': '',
      '.part-0.json.crc': 'crc',
      'sub/part-1.json': '{"id": 2}\n',
      'sub/_temporary/x.json': '{"id": 3}\n',
      'landing_$folder$': '',
    });
    try {
      const data = await readTable(fixture);
      expect(data.rows).toEqual([[1], [2]]);
      expect(data.ledger.skippedObjects).toEqual([
        { key: '.part-0.json.crc', reason: 'hidden-dot' },
        { key: '_SUCCESS', reason: 'hidden-underscore' },
        { key: 'landing_$folder$', reason: 'folder-marker' },
        { key: 'sub/_temporary/x.json', reason: 'hidden-underscore' },
      ]);
    } finally {
      fixture.cleanup();
    }
  });

  it('classifies S3 keys by the same rules', () => {
    expect(skippedKeyReason('a/')).toBe('empty-directory-marker');
    expect(skippedKeyReason('x/_SUCCESS')).toBe('hidden-underscore');
    expect(skippedKeyReason('.hidden/a.json')).toBe('hidden-dot');
    expect(skippedKeyReason('a_$folder$')).toBe('folder-marker');
    expect(skippedKeyReason('dt=2024/a.json')).toBeUndefined();
  });

  it('reads partition values from key=value paths and names objects outside them', async () => {
    const ddl = "CREATE EXTERNAL TABLE db.t (id int) PARTITIONED BY (dt string, n int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/t/'";
    const fixture = tableFixture(ddl, { 'dt=2024-01-01/n=5/a.json': '{"id": 1}\n', 'stray.json': '{"id": 2}\n' });
    try {
      const data = await readTable(fixture);
      expect(data.rows).toEqual([[1, '2024-01-01', 5]]);
      expect(data.ledger.skippedObjects).toEqual([{ key: 'stray.json', reason: 'outside-partitions' }]);
    } finally {
      fixture.cleanup();
    }
  });
});

describe('containedPath', () => {
  const root = path.join(os.tmpdir(), 'stedi-root');
  it('joins plain names under the root', () => {
    expect(containedPath(root, ['stedi', 'my table'], 'table')).toBe(path.join(root, 'stedi', 'my table'));
  });
  it.each([['..'], ['../../x'], ['/etc/passwd'], ['a\0b'], ['.'], [''], ['a/../../b']])('refuses %j with PATH_ESCAPES_DESTINATION', (name) => {
    expect(() => containedPath(root, ['db', name], 'table name')).toThrow(PathEscapeError);
    try {
      containedPath(root, ['db', name], 'table name');
    } catch (error) {
      expect((error as PathEscapeError).code).toBe('PATH_ESCAPES_DESTINATION');
    }
  });
});
