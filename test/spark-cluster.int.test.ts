/**
 * A real Spark standalone cluster (`stedi cluster up`: a master and two workers on 127.0.0.1,
 * from the provisioned PySpark's classes) against `local[*]`: the STEDI pipeline on the same
 * generated stedi-2023 dataset gives the same counts and the same table contents (rows compared
 * sorted). The `local[*]` side is the jest preset's shared harness; the cluster side is a
 * LocalHarness whose job server's master is the cluster. That the jobs ran on the workers is
 * shown by the master (its /json/ lists our application with the workers' cores) and by the
 * executors' own logs in each worker's work dir; `down` must leave no process of the cluster.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset, type Expectations } from '../fixtures';
import { LocalHarness, silentProgress, type SharedHarnessClient, type StartedBackend, type StartedLocalHarness } from '../harness';
import { fetchMasterJson, RunningSparkCluster, SparkStandaloneCluster } from '../harness/cluster';
import { runPipeline, type PipelineRun } from '../pipeline';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';
import { renamedStediDefinition, sortedRows } from './stedi-parity';

const DATABASE = 'stedi_cluster_parity';
const BUCKET = 'stedi-cluster-parity';




const countsOf = (run: PipelineRun): Record<string, number | null> => Object.fromEntries(Object.entries(run.record.tables).map(([name, table]) => [name, table.rows]));

/** Every process whose command line or working directory lies in `dir` (the cluster's daemons and executors). */
function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (cmdline.includes(dir) || cwd.startsWith(dir)) found.push(`${entry}: ${cmdline.slice(0, 120)}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** The executors' stderr files under a worker's work dir: app-<id>/<executor id>/stderr. */
function executorLogs(workDir: string): string[] {
  if (!fs.existsSync(workDir)) return [];
  return fs.readdirSync(workDir).filter((app) => app.startsWith('app-')).flatMap((app) =>
    fs.readdirSync(path.join(workDir, app)).map((executor) => path.join(workDir, app, executor, 'stderr')).filter((file) => fs.existsSync(file)),
  );
}

describeIntegration('the STEDI pipeline on a two-worker Spark standalone cluster', () => {
  let local: SharedHarnessClient;
  let cluster: RunningSparkCluster;
  let onCluster: StartedLocalHarness | undefined;
  const clusterRunsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-parity-state-'));
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-parity-runs-'));
  const definition = renamedStediDefinition({ database: DATABASE, bucket: BUCKET });
  let expectations: Expectations;
  let landing: string;
  const runs: Partial<Record<'cluster' | 'local', PipelineRun>> = {};

  beforeAll(async () => {
    local = sharedHarness();
    landing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-parity-data-')), 'landing');
    expectations = (await generateDataset({ profile: 'stedi-2023', customers: 60, seed: 13, out: landing, progress: false })).expectations;
    cluster = await new SparkStandaloneCluster(clusterRunsDir).withWorkers(2).withCores(1).withMemory('1g').withProgress(silentProgress).start();
    onCluster = await new LocalHarness().withSparkMaster(cluster.masterUrl).withProgress(silentProgress).start();
  }, 900_000);

  afterAll(async () => {
    await onCluster?.stop();
    await RunningSparkCluster.find(clusterRunsDir)?.stop();
    local?.stop();
  });

  async function runOn(kind: 'cluster' | 'local', backend: StartedBackend): Promise<PipelineRun> {
    runs[kind] ??= await runPipeline({ backend, definition, landingDir: landing, expected: expectations.tables, runsRoot });
    return runs[kind] as PipelineRun;
  }

  it('runs every job on the cluster, with the generator’s expected counts', async () => {
    expect(onCluster?.sparkInfo?.master).toBe(cluster.masterUrl);
    const run = await runOn('cluster', onCluster as StartedLocalHarness);
    expect(run.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual(definition.jobs.map((job) => [job.name, 'SUCCEEDED', undefined]));
    // The generator's expectations are the ground truth (its own plan, not the pipeline's output).
    expect(countsOf(run)).toEqual(expectations.tables);
  }, 1_800_000);

  it('ran the jobs on the workers: the master lists the application, each worker’s executor ran tasks', async () => {
    await runOn('cluster', onCluster as StartedLocalHarness);
    const master = await fetchMasterJson(cluster.masterUiUrl);
    expect(master.aliveworkers).toBe(2);
    const apps = [...master.activeapps, ...master.completedapps].filter((app) => app.name === 'stedi-glue-job-server');
    expect(apps.map((app) => [app.state, app.cores])).toEqual([['RUNNING', 2]]);
    for (const worker of cluster.state.processes.filter((p) => p.role === 'worker')) {
      const logs = executorLogs(worker.workDir as string);
      // Spark's executor logs each task it finishes; the Python layer arrived as the shipped zip.
      const ranTasks = logs.filter((log) => /Finished task .* in stage/.test(fs.readFileSync(log, 'utf8')));
      expect([worker.name, ranTasks.length > 0]).toEqual([worker.name, true]);
      expect([worker.name, ranTasks.some((log) => fs.existsSync(path.join(path.dirname(log), 'stedi-glue-layer.zip')))]).toEqual([worker.name, true]);
    }
  }, 1_800_000);

  it('gives the same counts and table contents as local[*]', async () => {
    const clusterRun = await runOn('cluster', onCluster as StartedLocalHarness);
    const localRun = await runOn('local', local);
    expect(countsOf(clusterRun)).toEqual(countsOf(localRun));
    for (const table of definition.tables.map((t) => t.name)) {
      const [clusterRows, localRows] = [await sortedRows(clusterRun, DATABASE, table), await sortedRows(localRun, DATABASE, table)];
      expect([table, clusterRows.length]).toEqual([table, (expectations.tables as Record<string, number | null>)[table]]);
      expect([table, clusterRows]).toEqual([table, localRows]);
    }
  }, 1_800_000);

  it('`down` leaves no process of the cluster: no daemon, no executor', async () => {
    await onCluster?.stop();
    onCluster = undefined;
    // The driver stopped: the master records the application as finished.
    const master = await fetchMasterJson(cluster.masterUiUrl);
    expect(master.completedapps.filter((app) => app.name === 'stedi-glue-job-server').map((app) => app.state)).toEqual(['FINISHED']);
    expect(processesUnder(cluster.state.dir).length).toBeGreaterThanOrEqual(3); // master + two workers, still up
    await RunningSparkCluster.find(clusterRunsDir)?.stop();
    expect(processesUnder(cluster.state.dir)).toEqual([]);
    expect(cluster.state.processes.filter((p) => fs.existsSync(`/proc/${p.pid}`) && fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('java'))).toEqual([]);
    expect(RunningSparkCluster.find(clusterRunsDir)).toBeUndefined();
  }, 120_000);
});
