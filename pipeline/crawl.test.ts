/**
 * Partition naming as a Glue crawler does it: "For Apache Hive-style partitioned paths in key=val
 * style, crawlers automatically populate the column name using the key name. Otherwise, it uses
 * default names like partition_0, partition_1, and so on."
 * (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-partitions.html), the
 * folder levels below the table's root being the partitions
 * (https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html, whose
 * example s3://sales/year=2019/month=Jan/day=1 gives keys year, month, day).
 */
import { crawlPartitions } from './crawl';

const LOCATION = 's3://lake/silver/orders/';
const under = (...keys: string[]): string[] => keys.map((key) => `silver/orders/${key}`);

describe('crawlPartitions', () => {
  it('names Hive-style key=value folders by their keys, one partition per folder (the AWS docs example)', () => {
    const keys = under('year=2019/month=Jan/day=1/a.json', 'year=2019/month=Jan/day=2/b.json', 'year=2019/month=Feb/day=1/c.json', 'year=2019/month=Feb/day=2/d.json', 'year=2019/month=Feb/day=2/e.json');
    const found = crawlPartitions(LOCATION, keys, []);
    expect(found.keys).toEqual(['year', 'month', 'day']);
    expect(found.partitions).toEqual([
      { values: ['2019', 'Feb', '1'], location: 's3://lake/silver/orders/year=2019/month=Feb/day=1/' },
      { values: ['2019', 'Feb', '2'], location: 's3://lake/silver/orders/year=2019/month=Feb/day=2/' },
      { values: ['2019', 'Jan', '1'], location: 's3://lake/silver/orders/year=2019/month=Jan/day=1/' },
      { values: ['2019', 'Jan', '2'], location: 's3://lake/silver/orders/year=2019/month=Jan/day=2/' },
    ]);
    expect(found.skipped).toEqual([]);
  });

  it('names plain folders partition_0, partition_1, ... with the folder names as values', () => {
    const found = crawlPartitions(LOCATION, under('2026/11/a.json', '2026/12/b.json'), []);
    expect(found.keys).toEqual(['partition_0', 'partition_1']);
    expect(found.partitions.map((p) => p.values)).toEqual([['2026', '11'], ['2026', '12']]);
  });

  it('mixes both per level, as each folder level is named on its own', () => {
    expect(crawlPartitions(LOCATION, under('region=eu/2026/a.json'), []).keys).toEqual(['region', 'partition_1']);
  });

  it('uses the keys the DDL declares, taking values from key=value and from plain folders', () => {
    const found = crawlPartitions(LOCATION, under('order_date=2026-11-01/part-0.json', '2026-11-02/part-0.json'), ['Order_Date']);
    expect(found.keys).toEqual(['order_date']);
    // Sorted by folder: '2026-11-02/' before 'order_date=2026-11-01/'.
    expect(found.partitions.map((p) => p.values)).toEqual([['2026-11-02'], ['2026-11-01']]);
  });

  it('skips, naming them, files at the wrong depth or under a folder that names another key', () => {
    const found = crawlPartitions(LOCATION, under('order_date=2026-11-01/a.json', 'loose.json', 'order_date=2026-11-01/extra/b.json', 'day=2026-11-03/c.json'), ['order_date']);
    expect(found.partitions.map((p) => p.values)).toEqual([['2026-11-01']]);
    expect(found.skipped).toEqual([
      { key: 'silver/orders/loose.json', reason: 'directly under LOCATION, but the table has 1 partition key(s) (order_date)' },
      { key: 'silver/orders/order_date=2026-11-01/extra/b.json', reason: '2 folder level(s) deep, but the table has 1 partition key(s) (order_date)' },
      { key: 'silver/orders/day=2026-11-03/c.json', reason: 'folder day=2026-11-03 names key day, but partition key 1 is order_date' },
    ]);
  });

  it('ignores Spark and Hadoop markers, hidden files, folder placeholders and keys outside LOCATION', () => {
    const keys = [
      ...under('d=1/part-0.json', 'd=1/_SUCCESS', '_SUCCESS', '_temporary/0/x.json', 'd=2/.part-1.json.crc', 'd=3_$folder$', 'd=4/'),
      'silver/orders_other/d=9/x.json',
    ];
    const found = crawlPartitions(LOCATION, keys, []);
    expect(found.keys).toEqual(['d']);
    expect(found.partitions.map((p) => p.values)).toEqual([['1']]);
    expect(found.skipped).toEqual([]);
  });

  it('takes the folder depth most files share when the DDL declares no keys', () => {
    const found = crawlPartitions(LOCATION, under('a=1/x.json', 'a=2/y.json', 'stray.json'), []);
    expect(found.keys).toEqual(['a']);
    expect(found.skipped.map((s) => s.key)).toEqual(['silver/orders/stray.json']);
  });

  it('finds no partitions for an unpartitioned table', () => {
    expect(crawlPartitions(LOCATION, under('part-0.json', 'part-1.json'), [])).toEqual({ keys: [], partitions: [], skipped: [] });
  });

  it('unescapes values as Hive escapes path names (Spark writes a ":" as %3A)', () => {
    const found = crawlPartitions(LOCATION, under('ts=2026-11-01 10%3A00%3A00/a.json'), ['ts']);
    expect(found.partitions[0]?.values).toEqual(['2026-11-01 10:00:00']);
    expect(found.partitions[0]?.location).toBe('s3://lake/silver/orders/ts=2026-11-01 10%3A00%3A00/');
  });

  it('accepts a LOCATION without its trailing slash and s3a://', () => {
    expect(crawlPartitions('s3a://lake/silver/orders', under('d=1/a.json'), []).partitions).toEqual([{ values: ['1'], location: 's3://lake/silver/orders/d=1/' }]);
  });
});
