import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { orderJobs } from './dag';
import { DEFAULT_PIPELINE_FILE, loadPipelineDefinition } from './definition';

function writeDefinition(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  fs.writeFileSync(path.join(dir, 'job.py'), 'print("hi")\n');
  fs.writeFileSync(path.join(dir, 'raw.sql'), 'CREATE EXTERNAL TABLE raw (a string) LOCATION \'s3://bucket-a/raw/\'\n');
  const file = path.join(dir, 'pipeline.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}

describe('pipeline definition', () => {
  it('loads the STEDI pipeline and orders its jobs from inputs and outputs', () => {
    const definition = loadPipelineDefinition(DEFAULT_PIPELINE_FILE);
    const order = orderJobs(definition.jobs).map((job) => job.name);
    const before = (a: string, b: string): boolean => order.indexOf(a) < order.indexOf(b);
    expect(before('customer_landing_to_trusted', 'accelerometer_landing_to_trusted')).toBe(true);
    expect(before('accelerometer_landing_to_trusted', 'customer_trusted_to_curated')).toBe(true);
    expect(before('customer_trusted_to_curated', 'step_trainer_trusted')).toBe(true);
    expect(before('step_trainer_trusted', 'machine_learning_curated')).toBe(true);
    expect(definition.datasets['stedi-2023']?.machine_learning_curated).toBe(43681);
  });

  it('names the path of a bad key', () => {
    const file = writeDefinition(`schemaVersion: 1
name: p
database: db
buckets: [bucket-a]
tables:
  - { name: raw, zone: landing, ddl: raw.sql, landing: raw }
  - { name: out, zone: sideways }
jobs: []
`);
    expect(() => loadPipelineDefinition(file)).toThrow(/tables\[1\]\.zone/);
  });

  it('rejects jobs that read undeclared tables or write a table twice', () => {
    const file = writeDefinition(`schemaVersion: 1
name: p
database: db
buckets: [bucket-a]
tables:
  - { name: raw, zone: landing, ddl: raw.sql, landing: raw }
  - { name: out, zone: trusted }
jobs:
  - { name: a, script: job.py, inputs: [ghost], outputs: [out] }
  - { name: b, script: job.py, inputs: [raw], outputs: [out] }
`);
    expect(() => loadPipelineDefinition(file)).toThrow(/jobs\[0\]\.inputs\[0\]: ghost is not a declared table[\s\S]*jobs\[1\]\.outputs\[0\]: out is already written by a/);
  });

  it('reports a dependency cycle naming the jobs', () => {
    const file = writeDefinition(`schemaVersion: 1
name: p
database: db
buckets: [bucket-a]
tables:
  - { name: raw, zone: landing, ddl: raw.sql, landing: raw }
  - { name: x, zone: trusted }
  - { name: y, zone: trusted }
jobs:
  - { name: make_x, script: job.py, inputs: [y], outputs: [x] }
  - { name: make_y, script: job.py, inputs: [x], outputs: [y] }
`);
    expect(() => orderJobs(loadPipelineDefinition(file).jobs)).toThrow(/make_x, make_y depend on each other/);
  });
});
