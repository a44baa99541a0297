import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StediError } from '../common/errors';
import { sampleCatalogTable, sampleRunRecord } from '../common/run-dir/testing/samples';
import { loadPipelineDefinition } from './definition';
import { downstreamJobs, planRerun, rerunNeedsJob } from './rerun';
import { tableInputOf } from './restore-run';

const definition = loadPipelineDefinition();

/** A saved run with the given catalog tables (database stedi) and `latest` pointing at it. */
function savedRun(tables: string[]): { runsRoot: string; runDir: string } {
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rerun-plan-'));
  const record = sampleRunRecord();
  const runDir = path.join(runsRoot, record.runId as string);
  fs.mkdirSync(path.join(runDir, 'catalog', 'stedi'), { recursive: true });
  fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify(record));
  for (const table of tables) fs.writeFileSync(path.join(runDir, 'catalog', 'stedi', `${table}.json`), JSON.stringify({ ...sampleCatalogTable(), Name: table }));
  fs.symlinkSync(record.runId as string, path.join(runsRoot, 'latest'));
  return { runsRoot, runDir };
}

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return (error as StediError).code;
  }
  return undefined;
};

describe('downstreamJobs', () => {
  const jobs = [
    { name: 'a', inputs: ['l'], outputs: ['t1'] },
    { name: 'b', inputs: ['t1'], outputs: ['t2'] },
    { name: 'c', inputs: ['l'], outputs: ['t3'] },
    { name: 'd', inputs: ['t2', 't3'], outputs: ['t4'] },
  ];
  it('follows outputs to readers transitively and leaves unrelated jobs out', () => {
    expect(downstreamJobs(jobs[0]!, jobs).map((j) => j.name)).toEqual(['a', 'b', 'd']);
    expect(downstreamJobs(jobs[2]!, jobs).map((j) => j.name)).toEqual(['c', 'd']);
    expect(downstreamJobs(jobs[3]!, jobs).map((j) => j.name)).toEqual(['d']);
  });
});

describe('planRerun', () => {
  const everything = definition.tables.map((t) => t.name);

  it('chooses the job, or the job and its dependants, on the latest run by default', () => {
    const { runsRoot, runDir } = savedRun(everything);
    const one = planRerun(definition, { job: 'step_trainer_trusted', runsRoot });
    expect(one.jobs).toEqual(['step_trainer_trusted']);
    expect(one.fromRunDir).toBe(fs.realpathSync(runDir));
    expect(one.landingLabel).toBe('profile:stedi-2023:42');
    // The saved run's expectations carry over (sampleRunRecord: 956 and 482).
    expect(one.expected).toEqual({ customer_landing: 956, customer_trusted: 482 });
    const chain = planRerun(definition, { job: 'customer_trusted_to_curated', downstream: true, fromRun: path.basename(runDir), runsRoot });
    expect(chain.jobs).toEqual(['customer_trusted_to_curated', 'step_trainer_trusted', 'machine_learning_curated']);
  });

  it('refuses an unknown job, a missing run and a run that lacks an input, by code', () => {
    const { runsRoot } = savedRun(['customer_landing', 'step_trainer_landing']);
    expect(codeOf(() => planRerun(definition, { job: 'nope', runsRoot }))).toBe('JOB_UNKNOWN');
    expect(codeOf(() => planRerun(definition, { job: 'step_trainer_trusted', fromRun: 'no-such-run', runsRoot }))).toBe('RUN_NOT_FOUND');
    // step_trainer_trusted reads customers_curated, which this run never saved.
    expect(codeOf(() => planRerun(definition, { job: 'step_trainer_trusted', runsRoot }))).toBe('RERUN_INPUT_MISSING');
    // The first job of the pipeline needs only landing tables.
    expect(planRerun(definition, { job: 'customer_landing_to_trusted', runsRoot }).jobs).toEqual(['customer_landing_to_trusted']);
  });

  it('refuses --downstream and --from-run without --job', () => {
    expect(codeOf(() => rerunNeedsJob({ downstream: true }))).toBe('RERUN_NEEDS_JOB');
    expect(codeOf(() => rerunNeedsJob({ fromRun: 'latest' }))).toBe('RERUN_NEEDS_JOB');
    expect(rerunNeedsJob({})).toBeUndefined();
  });
});

describe('tableInputOf', () => {
  it('keeps what CreateTable takes and drops what GetTable adds', () => {
    const input = tableInputOf(sampleCatalogTable() as never);
    expect(Object.keys(input).sort()).toEqual(['Name', 'Parameters', 'PartitionKeys', 'StorageDescriptor', 'TableType']);
  });
});
