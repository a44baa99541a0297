import type { QueryResult } from '../engine/result';
import { epochMillisColumns, formatEpochMillis } from './epoch-dates';

const result = (columns: [string, string][], rows: QueryResult['rows']): QueryResult => ({
  columns: columns.map(([name, type]) => ({ name, type })),
  rows,
  rowCount: rows.length,
  database: 'db',
  warnings: [],
});

describe('epoch-millisecond columns', () => {
  it('finds bigint columns whose every sampled value is epoch ms, nulls allowed, by value not by name', () => {
    const sample = result(
      [['timestamp', 'bigint'], ['id', 'bigint'], ['seconds', 'bigint'], ['text', 'varchar'], ['empty', 'bigint'], ['big', 'bigint']],
      [
        [1655564444103, 1, 1655564444, '1655564444103', null, '1655564444103'],
        [null, 2, 1655564445, '1655564445103', null, '1655564445103'],
      ],
    );
    // seconds are not ms; a varchar column is text; an all-null column says nothing; a bigint beyond 2^53 arrives as text.
    expect([...epochMillisColumns(sample)]).toEqual([0, 5]);
  });

  it('refuses a column with one value outside 2000..2100', () => {
    expect(epochMillisColumns(result([['t', 'bigint']], [[1655564444103], [42]])).size).toBe(0);
  });

  it('formats as Athena prints a timestamp with time zone', () => {
    // `2020-11-19 21:40:27.184 UTC` is Athena's rendering (https://qiita.com/yoshiyama_hana/items/98360d34227cfcdd00b2).
    // 1655564444103 ms: day 19161 after 1970-01-01 (2022-06-18), 54,044.103 s into it (15:00:44.103), worked by hand.
    expect(formatEpochMillis(1655564444103)).toBe('2022-06-18 15:00:44.103 UTC');
    expect(formatEpochMillis(946684800000)).toBe('2000-01-01 00:00:00.000 UTC');
    expect(formatEpochMillis(12)).toBeNull();
  });
});
