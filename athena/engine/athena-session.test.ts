import * as fs from 'node:fs';
import { InputError } from '../../common/errors';
import { queryRun } from '../query-run';
import { JSON_SERDE, makeRunDir } from '../test-support/run-fixture';

const CUSTOMERS_DDL = `CREATE EXTERNAL TABLE \`stedi\`.\`customers\` (
  customername string, email string, registrationdate bigint, sharewithresearchasofdate bigint, score double, active boolean)
${JSON_SERDE}
LOCATION 's3://bucket/customers/' TBLPROPERTIES ('classification'='json')`;

// camelCase keys as the devices write them; some records lack the consent key altogether.
const CUSTOMERS_PART1 = [
  '{"customerName":"Ann","email":"ann@x.test","registrationDate":1655564376361,"shareWithResearchAsOfDate":1655564376361,"score":1.5,"active":true}',
  '{"customerName":"Bob","email":"bob@x.test","registrationDate":"1655564414415","score":"2"}',
  '',
].join('\n');
const CUSTOMERS_PART2 = [
  '{"CUSTOMERNAME":"Cy","Email":null,"registrationDate":9007199254740993,"shareWithResearchAsOfDate":null,"active":"TRUE"}',
  '{"customername":"Di","extraKey":{"nested":[1,2]}}',
].join('\n');

const ERRORS_DDL = `CREATE EXTERNAL TABLE stedi.readings (id int, label string)
${JSON_SERDE}
LOCATION 's3://bucket/readings/'`;

let runDir: string;

beforeAll(() => {
  runDir = makeRunDir([
    { ddl: CUSTOMERS_DDL, files: { 'part-0.json': CUSTOMERS_PART1, 'sub/part-1.json': CUSTOMERS_PART2, '_SUCCESS': '', '.hidden.json': '{"customerName":"Ghost"}' } },
    { ddl: ERRORS_DDL, files: { 'a.json': '{"id": 1, "label": "one"}\n{"id": 0.54, "label": "bad"}\n{"id": "7", "label": "seven"}\n' } },
  ]);
});

afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

async function queryError(sql: string): Promise<InputError> {
  try {
    await queryRun({ runDir, sql });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected "${sql}" to be refused`);
}

describe('queryRun over a JSON SerDe table with camelCase keys and missing keys', () => {
  it('reads with the catalog schema: case-insensitive keys, absent keys as NULL, quoted numbers coerced', async () => {
    const result = await queryRun({ runDir, sql: 'SELECT customername, email, registrationdate, sharewithresearchasofdate, score, active FROM customers ORDER BY customername' });
    expect(result.columns).toEqual([
      { name: 'customername', type: 'varchar' },
      { name: 'email', type: 'varchar' },
      { name: 'registrationdate', type: 'bigint' },
      { name: 'sharewithresearchasofdate', type: 'bigint' },
      { name: 'score', type: 'double' },
      { name: 'active', type: 'boolean' },
    ]);
    expect(result.rows).toEqual([
      ['Ann', 'ann@x.test', 1655564376361, 1655564376361, 1.5, true],
      ['Bob', 'bob@x.test', 1655564414415, null, 2, null],
      // 2^53 + 1 survives exactly (as text, since a JS number cannot hold it).
      ['Cy', null, '9007199254740993', null, null, true],
      ['Di', null, null, null, null, null],
    ]);
    expect(result.rowCount).toBe(4);
  });

  it('counts NULL consent the way Athena does and names unaliased expressions _colN', async () => {
    const result = await queryRun({ runDir, sql: 'SELECT COUNT(*), COUNT(sharewithresearchasofdate) AS consented FROM "stedi"."customers" WHERE 1 = 1;' });
    expect(result.columns).toEqual([{ name: '_col0', type: 'bigint' }, { name: 'consented', type: 'bigint' }]);
    expect(result.rows).toEqual([[4, 1]]);
    const nulls = await queryRun({ runDir, sql: 'select count(*) from CUSTOMERS where ShareWithResearchAsOfDate is null' });
    expect(nulls.rows).toEqual([[3]]);
  });

  it('accepts the awsdatacatalog prefix and integer division as Trino does', async () => {
    const result = await queryRun({ runDir, sql: 'SELECT COUNT(*) / 3 AS third FROM awsdatacatalog.stedi.customers' });
    expect(result.rows).toEqual([[1]]);
  });
});

describe('values Athena cannot coerce', () => {
  it('fails only queries that read the bad column, with HIVE_BAD_DATA naming the value and object', async () => {
    const count = await queryRun({ runDir, sql: 'SELECT COUNT(*), COUNT(label) FROM readings' });
    expect(count.rows).toEqual([[3, 3]]);
    const error = await queryError('SELECT id FROM readings');
    expect(error.code).toBe('HIVE_BAD_DATA');
    expect(error.message).toContain("Error parsing field value '0.54'");
    expect(error.message).toContain('a.json line 2');
  });
});

describe('malformed JSON lines', () => {
  const ddl = (ignore: string): string =>
    `CREATE EXTERNAL TABLE stedi.events (id int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' ` +
    `WITH SERDEPROPERTIES ('ignore.malformed.json'='${ignore}') LOCATION 's3://b/events/'`;
  const content = '{"id": 1}\n{"id": 2\nnot json at all\n{"id": 4}\n';

  it('fail the query with HIVE_CURSOR_ERROR naming the object and line when ignore.malformed.json is FALSE', async () => {
    const dir = makeRunDir([{ ddl: ddl('FALSE'), files: { 'e.json': content } }]);
    try {
      await expect(queryRun({ runDir: dir, sql: 'SELECT COUNT(*) FROM events' })).rejects.toMatchObject({
        code: 'HIVE_CURSOR_ERROR',
        message: expect.stringContaining('e.json line 2'),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('read as all-NULL rows and are reported as warnings when ignore.malformed.json is TRUE', async () => {
    const dir = makeRunDir([{ ddl: ddl('TRUE'), files: { 'e.json': content } }]);
    try {
      const result = await queryRun({ runDir: dir, sql: 'SELECT id FROM events ORDER BY id NULLS LAST' });
      expect(result.rows).toEqual([[1], [4], [null], [null]]);
      expect(result.warnings.join('\n')).toContain('1 malformed JSON line(s)');
      expect(result.warnings.join('\n')).toContain("1 line(s) do not start with '{' or '['");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('read-only', () => {
  it.each([
    'DROP TABLE customers',
    'INSERT INTO customers VALUES (1)',
    'CREATE TABLE x AS SELECT 1',
    "COPY customers TO '/tmp/out.csv'",
    "ATTACH '/tmp/x.db' AS x",
    'PRAGMA database_list',
    'INSTALL httpfs',
    'SET threads = 1',
    'CALL pragma_version()',
    'DELETE FROM customers',
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    'EXPLAIN ANALYZE DROP TABLE customers',
    '/* harmless? */ DROP TABLE customers',
  ])('refuses %s with QUERY_NOT_READ_ONLY', async (sql) => {
    const error = await queryError(sql);
    expect(error.code).toBe('QUERY_NOT_READ_ONLY');
    expect(error.message).toMatch(/read-only|file access/);
  });

  it('still explains a SELECT', async () => {
    const result = await queryRun({ runDir, sql: 'EXPLAIN SELECT COUNT(*) FROM customers' });
    expect(result.rowCount).toBeGreaterThan(0);
  });

  it('refuses a second statement hidden after a SELECT', async () => {
    const error = await queryError('SELECT 1; DROP TABLE customers');
    expect(error.code).toBe('QUERY_MULTIPLE_STATEMENTS');
  });
});

describe('unknown tables and metadata statements', () => {
  it('lists the tables that exist when a table is unknown', async () => {
    const error = await queryError('SELECT * FROM customer_trusted');
    expect(error.code).toBe('QUERY_UNKNOWN_TABLE');
    expect(error.message).toContain('stedi.customer_trusted');
    expect(error.message).toContain('stedi.customers, stedi.readings');
    const qualified = await queryError('SELECT * FROM other.customers');
    expect(qualified.code).toBe('QUERY_UNKNOWN_TABLE');
    expect(qualified.message).toContain('stedi.customers, stedi.readings');
  });

  it('answers SHOW TABLES, DESCRIBE and SHOW CREATE TABLE from the catalog', async () => {
    expect((await queryRun({ runDir, sql: 'SHOW TABLES' })).rows).toEqual([['customers'], ['readings']]);
    expect((await queryRun({ runDir, sql: "SHOW TABLES IN stedi 'read*'" })).rows).toEqual([['readings']]);
    const describe = await queryRun({ runDir, sql: 'DESCRIBE stedi.readings' });
    expect(describe.columns.map((c) => c.name)).toEqual(['col_name', 'data_type', 'comment']);
    expect(describe.rows).toEqual([['id', 'int', ''], ['label', 'string', '']]);
    const ddl = await queryRun({ runDir, sql: 'SHOW CREATE TABLE readings' });
    expect(ddl.rows[0]).toEqual(['CREATE EXTERNAL TABLE `stedi`.`readings`(']);
  });
});
