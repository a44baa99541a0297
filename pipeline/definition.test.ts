import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_PIPELINE_FILE, loadPipelineDefinition } from './definition';

const RAW_DDL = "CREATE EXTERNAL TABLE raw (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://bucket-a/raw/'\n";

/** A definition in a fresh folder with a job script, a landing DDL and any extra files given. */
function writeDefinition(yaml: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  fs.writeFileSync(path.join(dir, 'job.py'), 'print("hi")\n');
  fs.writeFileSync(path.join(dir, 'raw.sql'), RAW_DDL);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const file = path.join(dir, 'pipeline.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}

const HEAD = `schemaVersion: 1
name: p
database: db
buckets: [bucket-a]
`;
const RAW_TABLE = '  - { name: raw, zone: landing, ddl: raw.sql, landing: raw }\n';

function problemsOf(file: string): string {
  try {
    loadPipelineDefinition(file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} loaded without an error`);
}

describe('pipeline definition', () => {
  it('loads the STEDI pipeline with its jobs in dependency order and its declared ruleset', () => {
    const definition = loadPipelineDefinition(DEFAULT_PIPELINE_FILE);
    expect(definition.jobs.map((job) => job.name)).toEqual([
      'customer_landing_to_trusted',
      'accelerometer_landing_to_trusted',
      'customer_trusted_to_curated',
      'step_trainer_trusted',
      'machine_learning_curated',
    ]);
    expect(definition.datasets['stedi-2023']?.machine_learning_curated).toBe(43681);
    // One rules file per table, from the folder the definition names (quality-rules/stedi).
    const stediDir = path.resolve(path.dirname(DEFAULT_PIPELINE_FILE), '..', 'quality-rules', 'stedi');
    expect(definition.rules).toEqual(
      fs.readdirSync(stediDir).filter((f) => f.endsWith('.dqdl')).sort().map((f) => ({ table: f.replace(/\.dqdl$/, ''), file: path.join(stediDir, f) })),
    );
  });

  it('names the path of a bad key', () => {
    const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: out, zone: trusted, colour: blue }\njobs:\n  - { name: j, script: job.py, outputs: [out], timeout: 0 }\n`);
    const message = problemsOf(file);
    expect(message).toMatch(/tables\[1\]: Unrecognized key\(s\) in object: 'colour'/);
    expect(message).toMatch(/jobs\[0\]\.timeout: at least 1 minute/);
  });

  it('takes any zone name as a label; only landing is staged', () => {
    const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: s, zone: silver }\n  - { name: g, zone: Gold }\n  - { name: c, zone: clean, landing: somewhere }\n`);
    expect(problemsOf(file)).toMatch(/tables\[3\]\.landing: only tables in zone landing are staged from landing files \(c is in zone clean\)/);
    const ok = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: s, zone: silver }\n  - { name: g, zone: Gold }\n`);
    expect(loadPipelineDefinition(ok).tables.map((t) => t.zone)).toEqual(['landing', 'silver', 'Gold']);
  });

  it('accepts Glue names with hyphens, spaces and upper case, lower-cased as Glue keeps them', () => {
    // Glue API "single-line string pattern" (https://docs.aws.amazon.com/glue/latest/webapi/API_DataQualityTargetTable.html),
    // names lower-cased for Hive compatibility (CreateTable: "this name is entirely lowercase").
    const file = writeDefinition(
      `schemaVersion: 1\nname: p\ndatabase: Retail-Analytics\nbuckets: [bucket-a]\ntables:\n  - { name: raw, zone: landing, ddl: raw.sql, landing: raw }\n  - { name: Orders By Region, zone: gold }\njobs:\n  - { name: enrich-orders, script: job.py, inputs: [RAW], outputs: [orders by REGION] }\ndatasets:\n  week: { Orders By Region: 3 }\n`,
      { 'raw.sql': RAW_DDL.replace('TABLE raw', 'TABLE `Retail-Analytics`.`Raw`') },
    );
    const definition = loadPipelineDefinition(file);
    expect(definition.database).toBe('retail-analytics');
    expect(definition.tables.map((t) => `${t.database}.${t.name}`)).toEqual(['retail-analytics.raw', 'retail-analytics.orders by region']);
    expect(definition.jobs[0]).toMatchObject({ name: 'enrich-orders', inputs: ['raw'], outputs: ['orders by region'] });
    expect(definition.datasets.week).toEqual({ 'orders by region': 3 });
  });

  it('refuses names Glue refuses: a line break, more than 255 bytes', () => {
    const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: "two\\nlines", zone: gold }\n  - { name: ${'é'.repeat(128)}, zone: gold }\n`);
    const message = problemsOf(file);
    expect(message).toMatch(/tables\[1\]\.name: "two\\nlines" is not a single-line Glue name/);
    expect(message).toMatch(/tables\[2\]\.name: .* is 256 bytes long \(Glue allows at most 255\)/);
  });

  it('names a table declared twice under two spellings of one Glue name', () => {
    const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: Out, zone: gold }\n  - { name: out, zone: gold }\n`);
    expect(problemsOf(file)).toMatch(/tables\[2\]\.name: out is declared twice/);
  });

  it('rejects jobs that read undeclared tables or write a table twice', () => {
    const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: out, zone: trusted }\njobs:\n  - { name: a, script: job.py, inputs: [ghost], outputs: [out] }\n  - { name: b, script: job.py, inputs: [raw], outputs: [out] }\n`);
    expect(problemsOf(file)).toMatch(/jobs\[0\]\.inputs\[0\]: ghost is not a declared table[\s\S]*jobs\[1\]\.outputs\[0\]: out is already written by a/);
  });

  it('reports a dependency cycle naming the jobs and the tables that link them', () => {
    const file = writeDefinition(
      `${HEAD}tables:\n${RAW_TABLE}  - { name: x, zone: trusted }\n  - { name: y, zone: trusted }\njobs:\n  - { name: make_x, script: job.py, inputs: [y], outputs: [x] }\n  - { name: make_y, script: job.py, inputs: [x], outputs: [y] }\n`,
    );
    expect(() => loadPipelineDefinition(file)).toThrow(expect.objectContaining({ code: 'PIPELINE_CYCLE' }));
    expect(problemsOf(file)).toMatch(/make_x, make_y depend on each other in a cycle: make_(x|y) -\([xy]\)-> make_(x|y) -\([xy]\)-> make_(x|y)/);
  });

  describe('ddl on any table', () => {
    const ORDERS = "CREATE EXTERNAL TABLE db.orders (id string) PARTITIONED BY (order_date string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://bucket-a/silver/orders/'\n";

    it('parses the DDL of a non-landing, partitioned, crawled table with the definition', () => {
      const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: orders, zone: silver, ddl: orders.sql, crawl: true }\n`, { 'orders.sql': ORDERS });
      const orders = loadPipelineDefinition(file).tables[1]!;
      expect(orders.crawl).toBe(true);
      expect(orders.ddlTable?.location).toBe('s3://bucket-a/silver/orders/');
      expect(orders.ddlTable?.tableInput.PartitionKeys).toEqual([{ Name: 'order_date', Type: 'string' }]);
    });

    it('names the key of a DDL syntax error, a missing DDL file, and a crawl without DDL or LOCATION', () => {
      const file = writeDefinition(
        `${HEAD}tables:\n${RAW_TABLE}  - { name: orders, zone: silver, ddl: orders.sql }\n  - { name: gone, zone: gold, ddl: nowhere.sql }\n  - { name: crawled, zone: gold, crawl: true }\n  - { name: nolocation, zone: gold, ddl: nolocation.sql, crawl: true }\n`,
        { 'orders.sql': 'CREATE EXTERNAL TABLE orders (id string,)\n', 'nolocation.sql': 'CREATE EXTERNAL TABLE nolocation (id string)\n' },
      );
      const message = problemsOf(file);
      expect(message).toMatch(/tables\[1\]\.ddl: .*orders\.sql:1:\d+: /);
      expect(message).toMatch(/tables\[2\]\.ddl: .*nowhere\.sql does not exist/);
      expect(message).toMatch(/tables\[3\]\.crawl: a crawled table needs ddl/);
      expect(message).toMatch(/tables\[4\]\.ddl: .*gives db\.nolocation no LOCATION; a crawled table needs one/);
    });

    it('names a DDL that creates another table than the one declared', () => {
      const file = writeDefinition(`${HEAD}tables:\n${RAW_TABLE}  - { name: orders, zone: silver, ddl: orders.sql }\n`, { 'orders.sql': ORDERS.replace('db.orders', 'other.orders') });
      expect(problemsOf(file)).toMatch(/tables\[1\]\.ddl: .*creates other\.orders, but the pipeline declares orders in database db/);
    });
  });

  describe('rules', () => {
    const RULES = 'Rules = [\n    RowCount > 0\n]\n';

    it('resolves pipeline-level folders and files by file name, and table-level files for their table', () => {
      const file = writeDefinition(
        `${HEAD}rules: [dq, extra/raw.dqdl]\ntables:\n${RAW_TABLE}  - name: Orders By Region\n    zone: gold\n    rules: [checks/anything.dqdl]\n`,
        { 'dq/orders by region.dqdl': RULES, 'dq/notes.txt': 'not a ruleset', 'extra/raw.dqdl': RULES, 'checks/anything.dqdl': RULES },
      );
      const dir = path.dirname(file);
      expect(loadPipelineDefinition(file).rules).toEqual([
        { table: 'orders by region', file: path.join(dir, 'dq', 'orders by region.dqdl') },
        { table: 'raw', file: path.join(dir, 'extra', 'raw.dqdl') },
        { table: 'orders by region', file: path.join(dir, 'checks', 'anything.dqdl') },
      ]);
    });

    it('has no rules when it declares none (no ruleset is a default)', () => {
      expect(loadPipelineDefinition(writeDefinition(`${HEAD}tables:\n${RAW_TABLE}`)).rules).toEqual([]);
    });

    it('names the key of a missing rules path, a ruleset for an undeclared table, an empty folder and a DQDL syntax error', () => {
      const file = writeDefinition(
        `${HEAD}rules: [missing, dq, empty]\ntables:\n${RAW_TABLE}  - { name: out, zone: gold, rules: bad.dqdl }\n`,
        { 'dq/ghost.dqdl': RULES, 'empty/readme.md': '', 'bad.dqdl': 'Rules = [\n    IsComplete "a" >,\n]\n' },
      );
      const dir = path.dirname(file);
      const message = problemsOf(file);
      expect(message).toContain(`rules[0]: ${path.join(dir, 'missing')} does not exist`);
      expect(message).toMatch(/rules\[1\]: .*ghost\.dqdl is for table ghost, which the pipeline does not declare \(tables: raw, out\)/);
      expect(message).toMatch(/rules\[2\]: folder .*empty has no \*\.dqdl files/);
      expect(message).toMatch(/tables\[1\]\.rules: .*bad\.dqdl: \d DQDL syntax errors?:\n\s+.*bad\.dqdl:2:\d+: /);
    });
  });
});
