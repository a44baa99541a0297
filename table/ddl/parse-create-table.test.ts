import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import { parseCreateTable } from './parse-create-table';
import { renderCreateTable } from './render-create-table';
import { parseHiveType, formatHiveType } from './hive-type';

const DDL_DIR = path.join(__dirname, '..', '..', 'pipeline', 'ddl');
const LANDING = ['customer_landing', 'accelerometer_landing', 'step_trainer_landing'];

function parseError(sql: string, source = 'bad.sql'): InputError {
  try {
    parseCreateTable(sql, source);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the DDL to be rejected');
}

describe('parseCreateTable on the STEDI landing DDL', () => {
  it('reads customer_landing as Athena stores it in Glue', () => {
    const file = path.join(DDL_DIR, 'customer_landing.sql');
    const { database, tableInput } = parseCreateTable(fs.readFileSync(file, 'utf8'), file);
    expect(database).toBe('stedi');
    expect(tableInput.Name).toBe('customer_landing');
    expect(tableInput.TableType).toBe('EXTERNAL_TABLE');
    expect(tableInput.Parameters).toEqual({ EXTERNAL: 'TRUE', classification: 'json' });
    expect(tableInput.PartitionKeys).toEqual([]);
    const sd = tableInput.StorageDescriptor!;
    expect(sd.Columns).toEqual([
      { Name: 'customername', Type: 'string' },
      { Name: 'email', Type: 'string' },
      { Name: 'phone', Type: 'string' },
      { Name: 'birthday', Type: 'string' },
      { Name: 'serialnumber', Type: 'string' },
      { Name: 'registrationdate', Type: 'bigint' },
      { Name: 'lastupdatedate', Type: 'bigint' },
      { Name: 'sharewithresearchasofdate', Type: 'bigint' },
      { Name: 'sharewithpublicasofdate', Type: 'bigint' },
      { Name: 'sharewithfriendsasofdate', Type: 'bigint' },
    ]);
    expect(sd.Location).toBe('s3://stedi-lakehouse/customer/landing/');
    expect(sd.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
    expect(sd.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
    expect(sd.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'ignore.malformed.json': 'FALSE', 'dots.in.keys': 'FALSE', 'case.insensitive': 'TRUE', mapping: 'TRUE' },
    });
  });

  it('reads the accelerometer and step-trainer columns and locations', () => {
    const accel = parseCreateTable(fs.readFileSync(path.join(DDL_DIR, 'accelerometer_landing.sql'), 'utf8')).tableInput;
    expect(accel.StorageDescriptor!.Columns!.map((c) => `${c.Name} ${c.Type}`)).toEqual([
      'user string', 'timestamp bigint', 'x double', 'y double', 'z double',
    ]);
    expect(accel.StorageDescriptor!.Location).toBe('s3://stedi-lakehouse/accelerometer/landing/');
    const step = parseCreateTable(fs.readFileSync(path.join(DDL_DIR, 'step_trainer_landing.sql'), 'utf8')).tableInput;
    expect(step.StorageDescriptor!.Columns!.map((c) => `${c.Name} ${c.Type}`)).toEqual([
      'sensorreadingtime bigint', 'serialnumber string', 'distancefromobject int',
    ]);
    expect(step.StorageDescriptor!.Location).toBe('s3://stedi-lakehouse/step_trainer/landing/');
  });

  it.each(LANDING)('round-trips %s: DDL → catalog → DDL → catalog gives the same table', (name) => {
    const first = parseCreateTable(fs.readFileSync(path.join(DDL_DIR, `${name}.sql`), 'utf8'), `${name}.sql`);
    const rendered = renderCreateTable(first.tableInput, first.database ?? 'stedi');
    const second = parseCreateTable(rendered, `${name} (rendered)`);
    expect(second.database).toBe(first.database);
    expect(second.tableInput).toEqual(first.tableInput);
    // A second render is byte-identical: the rendering is a fixed point.
    expect(renderCreateTable(second.tableInput, 'stedi')).toBe(rendered);
  });
});

describe('parseCreateTable clauses', () => {
  const full = `
    -- a table with every supported clause
    CREATE EXTERNAL TABLE IF NOT EXISTS events /* unqualified */ (
      \`Id\` BIGINT COMMENT 'primary id',
      tags array<string>,
      readings ARRAY<STRUCT<at: bigint, \`value\`: double>>,
      attrs map<string,int>,
      price decimal(10, 2),
      code char(3)
    )
    COMMENT 'it''s a table'
    PARTITIONED BY (dt string, hour int)
    ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
    WITH SERDEPROPERTIES ("case.insensitive" = FALSE, 'mapping.id' = 'ID', 'paths' = 'Id,tags')
    STORED AS TEXTFILE
    LOCATION 's3://bucket/events/'
    TBLPROPERTIES ('classification'='json', 'has_encrypted_data'='false');
  `;

  it('maps types, comments, partitions, SerDe properties and table properties', () => {
    const { database, tableInput } = parseCreateTable(full, 'events.sql');
    expect(database).toBeUndefined();
    expect(tableInput.Name).toBe('events');
    expect(tableInput.StorageDescriptor!.Columns).toEqual([
      { Name: 'id', Type: 'bigint', Comment: 'primary id' },
      { Name: 'tags', Type: 'array<string>' },
      { Name: 'readings', Type: 'array<struct<at:bigint,value:double>>' },
      { Name: 'attrs', Type: 'map<string,int>' },
      { Name: 'price', Type: 'decimal(10,2)' },
      { Name: 'code', Type: 'char(3)' },
    ]);
    expect(tableInput.PartitionKeys).toEqual([
      { Name: 'dt', Type: 'string' },
      { Name: 'hour', Type: 'int' },
    ]);
    expect(tableInput.Parameters).toEqual({
      EXTERNAL: 'TRUE', comment: "it's a table", classification: 'json', has_encrypted_data: 'false',
    });
    expect(tableInput.StorageDescriptor!.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'case.insensitive': 'FALSE', 'mapping.id': 'ID', paths: 'Id,tags' },
    });
    expect(tableInput.StorageDescriptor!.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
  });

  it('round-trips a table with every clause', () => {
    const first = parseCreateTable(full, 'events.sql');
    const second = parseCreateTable(renderCreateTable(first.tableInput, 'analytics'), 'rendered.sql');
    expect(second.database).toBe('analytics');
    expect(second.tableInput).toEqual(first.tableInput);
  });

  it('maps STORED AS PARQUET to the Parquet SerDe and formats', () => {
    const { tableInput } = parseCreateTable(
      "CREATE EXTERNAL TABLE `db`.`t` (a int) STORED AS PARQUET LOCATION 's3://b/t/' TBLPROPERTIES ('classification'='parquet')",
    );
    expect(tableInput.StorageDescriptor!.SerdeInfo!.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(tableInput.StorageDescriptor!.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    expect(tableInput.StorageDescriptor!.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
    expect(tableInput.Parameters!.classification).toBe('parquet');
  });

  it('maps ROW FORMAT DELIMITED to LazySimpleSerDe, unescaping the delimiters', () => {
    const { tableInput } = parseCreateTable(
      "CREATE EXTERNAL TABLE t (a string, b int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' " +
        "COLLECTION ITEMS TERMINATED BY '\\002' LINES TERMINATED BY '\\n' LOCATION 's3://b/t/'",
    );
    expect(tableInput.StorageDescriptor!.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': '\t', 'serialization.format': '\t', 'escape.delim': '\\', 'collection.delim': '\u0002', 'line.delim': '\n' },
    });
    const again = parseCreateTable(renderCreateTable(tableInput, 'db'));
    expect(again.tableInput).toEqual(tableInput);
  });

  it('round-trips hive types through their canonical spelling', () => {
    for (const text of ['bigint', 'array<struct<a:int,b:map<string,array<double>>>>', 'decimal(38,10)', 'varchar(20)']) {
      expect(formatHiveType(parseHiveType(text))).toBe(text);
    }
    expect(formatHiveType(parseHiveType('INTEGER'))).toBe('int');
    expect(formatHiveType(parseHiveType('decimal'))).toBe('decimal(10,0)');
  });
});

describe('parseCreateTable errors', () => {
  it('refuses CLUSTERED BY by name, with file, line and column', () => {
    const error = parseError("CREATE EXTERNAL TABLE t (a int)\n  CLUSTERED BY (a) INTO 4 BUCKETS\nLOCATION 's3://b/t/'", 'my.sql');
    expect(error.code).toBe('DDL_UNSUPPORTED');
    expect(error.message).toContain('my.sql:2:3');
    expect(error.message).toContain('CLUSTERED BY');
  });

  it.each([
    ['CREATE TABLE t (a int)', 'CREATE TABLE without EXTERNAL'],
    ["CREATE EXTERNAL TABLE t (a int) STORED AS SEQUENCEFILE LOCATION 's3://b/t/'", 'STORED AS SEQUENCEFILE'],
    ["CREATE EXTERNAL TABLE t (a int) STORED BY 'x.Handler'", 'STORED BY'],
    ['CREATE EXTERNAL TABLE t (a uniontype<int,string>)', 'uniontype'],
    ['CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (a)', 'PARTITIONED BY (column, ...) without types'],
    ['CREATE EXTERNAL TABLE t (a int NOT NULL)', 'NOT'],
    ['CREATE EXTERNAL TABLE t AS SELECT 1', 'AS SELECT'],
  ])('%s → DDL_UNSUPPORTED naming %s', (sql, clause) => {
    const error = parseError(sql);
    expect(error.code).toBe('DDL_UNSUPPORTED');
    expect(error.message).toContain(clause);
    expect(error.message).toMatch(/^bad\.sql:\d+:\d+: /);
  });

  it.each([
    ["CREATE EXTERNAL TABLE t (a int, b string LOCATION 's3://b/t/'", "expected ',' or ')' after column b", '1:42'],
    ['CREATE EXTERNAL TABLE t (a integr)', "unknown column type 'integr'", '1:28'],
    ["CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/' COMMENT 'x'", 'COMMENT must come before LOCATION', '1:52'],
    ["CREATE EXTERNAL TABLE t (a int) LOCATION '/local/path'", 'LOCATION must be an s3://', '1:42'],
    ['CREATE EXTERNAL TABLE t (a int, A string)', 'column a is declared twice', '1:33'],
    ["CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES ('k'='v'", "expected ')' to close TBLPROPERTIES", '1:55'],
    ['CREATE EXTERNAL TABLE t (a array<int)', "expected '>' to close array<", '1:37'],
    ["CREATE EXTERNAL TABLE t (a int); CREATE EXTERNAL TABLE u (b int)", 'one CREATE EXTERNAL TABLE statement per file', '1:34'],
    ["CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/", 'unterminated string literal', '1:42'],
    ['SELECT 1', 'expected CREATE EXTERNAL TABLE', '1:1'],
  ])('%s → DDL_SYNTAX', (sql, message, position) => {
    const error = parseError(sql);
    expect(error.code).toBe('DDL_SYNTAX');
    expect(error.message).toContain(message);
    expect(error.message).toContain(`bad.sql:${position}:`);
  });
});
