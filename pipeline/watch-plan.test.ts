/**
 * The change → rerun mapping of `stedi dev --watch`, on the bundled STEDI definition. Expected
 * job lists are read off stedi.pipeline.yaml's declared inputs and outputs by hand:
 * customer_landing_to_trusted → accelerometer_landing_to_trusted → customer_trusted_to_curated →
 * step_trainer_trusted → machine_learning_curated, with machine_learning_curated also reading
 * accelerometer_trusted.
 */
import * as path from 'node:path';
import { loadPipelineDefinition } from './definition';
import { planForChanges, watchedPaths } from './watch-plan';

const definition = loadPipelineDefinition(path.join(__dirname, 'stedi.pipeline.yaml'));
const ROOT = path.resolve(__dirname, '..');
const LANDING = '/tmp/some-landing';
const script = (name: string): string => path.join(ROOT, 'glue-scripts', `${name}.py`);
const plan = (...changed: string[]) => planForChanges(definition, changed, { landingDir: LANDING });

describe('planForChanges', () => {
  it('a job script: that job and its downstream, in DAG order, nothing restaged', () => {
    expect(plan(script('step_trainer_trusted'))).toMatchObject({ kind: 'jobs', jobs: ['step_trainer_trusted', 'machine_learning_curated'], restage: [] });
    expect(plan(script('machine_learning_curated'))).toMatchObject({ kind: 'jobs', jobs: ['machine_learning_curated'] });
    expect(plan(script('customer_trusted_to_curated'))).toMatchObject({ jobs: ['customer_trusted_to_curated', 'step_trainer_trusted', 'machine_learning_curated'] });
  });

  it('the first job script: every job', () => {
    expect(plan(script('customer_landing_to_trusted'))).toMatchObject({
      kind: 'jobs',
      jobs: ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_trusted', 'machine_learning_curated'],
    });
  });

  it('two scripts in one batch: the union of their downstreams, once', () => {
    expect(plan(script('machine_learning_curated'), script('step_trainer_trusted'), script('step_trainer_trusted'))).toMatchObject({ kind: 'jobs', jobs: ['step_trainer_trusted', 'machine_learning_curated'] });
  });

  it('landing data of a table: restage it, then the jobs reading it and their downstream', () => {
    const result = plan(path.join(LANDING, 'step_trainer', 'landing', 'part-0.json'));
    expect(result).toMatchObject({ kind: 'jobs', jobs: ['step_trainer_trusted', 'machine_learning_curated'], restage: ['step_trainer_landing'] });
    expect(plan(path.join(LANDING, 'accelerometer', 'landing', 'x', 'deep.json'))).toMatchObject({
      restage: ['accelerometer_landing'],
      jobs: ['accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_trusted', 'machine_learning_curated'],
    });
  });

  it('the DDL of a landing table: the same as its data', () => {
    expect(plan(path.join(__dirname, 'ddl', 'customer_landing.sql'))).toMatchObject({ kind: 'jobs', restage: ['customer_landing'], jobs: definition.jobs.map((j) => j.name) });
  });

  it('a rules file: the gate only', () => {
    expect(plan(path.join(ROOT, 'quality-rules', 'stedi', 'customer_trusted.dqdl'))).toEqual({ kind: 'gate', reasons: ['customer_trusted.dqdl: rules'] });
    // A new ruleset in the rules folder counts too.
    expect(plan(path.join(ROOT, 'quality-rules', 'stedi', 'new_table.dqdl'))).toMatchObject({ kind: 'gate' });
  });

  it('the definition, or another file of the landing directory: the whole pipeline; it wins over the rest of a batch', () => {
    expect(plan(definition.file)).toMatchObject({ kind: 'full' });
    expect(plan(path.join(LANDING, 'expectations.json'))).toMatchObject({ kind: 'full' });
    expect(plan(script('step_trainer_trusted'), definition.file, path.join(ROOT, 'quality-rules', 'stedi', 'customer_trusted.dqdl'))).toMatchObject({ kind: 'full' });
  });

  it('jobs beat the gate alone: a script and a rules file rerun the jobs (the gate follows every run)', () => {
    expect(plan(script('machine_learning_curated'), path.join(ROOT, 'quality-rules', 'stedi', 'customer_trusted.dqdl'))).toMatchObject({ kind: 'jobs', jobs: ['machine_learning_curated'] });
  });

  it('unrelated files: nothing', () => {
    expect(plan(path.join(ROOT, 'README.md'), '/tmp/elsewhere/x.py', path.join(LANDING, '..', 'sibling', 'y.json'))).toEqual({ kind: 'none' });
  });

  it('watches the definition, every script, DDL and rules file, and the landing directory', () => {
    const watched = watchedPaths(definition, { landingDir: LANDING });
    expect(watched.files).toEqual(expect.arrayContaining([definition.file, script('step_trainer_trusted'), path.join(__dirname, 'ddl', 'customer_landing.sql'), path.join(ROOT, 'quality-rules', 'stedi', 'customer_trusted.dqdl')]));
    expect(watched.files).toHaveLength(1 + 5 + 3 + 8);
    expect(watched.dirs).toEqual([LANDING]);
  });
});
