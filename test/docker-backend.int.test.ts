/**
 * The docker backend against the local one: the same pipeline definition on the same generated
 * dataset gives the same counts, the same gate outcomes and the same table contents (rows
 * compared sorted). The local side is the shared harness; the docker side is a DockerHarness
 * (moto and Glue containers, images built on first use). Skipped, saying why, when no Docker
 * engine answers (`.ci/docker-setup.sh` starts one on a CI runner that can).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRunRecord } from '../common/run-dir';
import { generateDataset, type Expectations } from '../fixtures';
import { loadDockerBackend, silentProgress, type SharedHarnessClient, type StartedBackend, type StartedDockerHarness } from '../harness';
import { HARNESS_LABEL, isStale, PID_LABEL, SESSION_LABEL } from '../harness/docker/lifecycle';
import { dockerUnavailableReasonSync } from '../harness/docker/docker-engine';
import { runPipeline, type PipelineRun } from '../pipeline';
import { runQualityGate, type GateResult } from '../quality-rules';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';
import { jsonOf, renamedStediDefinition, sortedRows } from './stedi-parity';

const unavailable = process.env.STEDI_SKIP_INTEGRATION === '1' ? 'STEDI_SKIP_INTEGRATION=1' : dockerUnavailableReasonSync();
if (unavailable) console.warn(`skipping the docker backend suite: ${unavailable}`);
const describeDocker = unavailable ? describe.skip : describeIntegration;

const DATABASE = 'stedi_docker_parity';
const BUCKET = 'stedi-docker-parity';




const gateOutcomes = (gate: GateResult): string[] => gate.outcomes.map((o) => jsonOf([o.table, o.rule, o.outcome, o.evaluatedMetrics])).sort();

/**
 * Names of the containers and networks carrying a label (the Engine API, as `docker ps -a
 * --filter label=...`), optionally only those whose labels pass `keep`.
 */
async function labelled(label: string, keep: (labels: Record<string, string> | undefined) => boolean = () => true): Promise<{ containers: string[]; networks: string[] }> {
  const { connectDocker } = loadDockerBackend();
  const { docker } = await connectDocker();
  const filters = { label: [label] };
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => keep(c.Labels)).map((c) => c.Names[0] ?? c.Id);
  const networks = (await docker.listNetworks({ filters })).filter((n) => keep(n.Labels)).map((n) => n.Name);
  return { containers, networks };
}

/** Left by this test process, or by a harness process that is gone (other live harnesses, e.g. a parallel suite, are theirs). */
const oursOrStale = (labels: Record<string, string> | undefined): boolean => labels?.[PID_LABEL] === String(process.pid) || isStale(labels);

describeDocker('the docker backend gives what the local backend gives', () => {
  let local: SharedHarnessClient;
  let docker: StartedDockerHarness;
  let session: string;
  const definition = renamedStediDefinition({ database: DATABASE, bucket: BUCKET });
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-parity-runs-'));
  let expectations: Expectations;
  let landing: string;
  const runs: Partial<Record<'local' | 'docker', { run: PipelineRun; gate: GateResult }>> = {};

  beforeAll(async () => {
    local = sharedHarness();
    landing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docker-parity-data-')), 'landing');
    expectations = (await generateDataset({ profile: 'stedi-2023', customers: 40, seed: 11, out: landing, progress: false })).expectations;
    const { DockerHarness } = loadDockerBackend();
    // A cold first build takes minutes (Debian packages, PyPI, the jars); later runs find the images.
    docker = await new DockerHarness().withProgress(silentProgress).withLogDir(fs.mkdtempSync(path.join(os.tmpdir(), 'docker-parity-logs-'))).start();
    session = docker.session;
  }, 3_600_000);

  afterAll(async () => {
    await docker?.stop();
    local?.stop();
  });

  async function runOn(kind: 'local' | 'docker', backend: StartedBackend): Promise<{ run: PipelineRun; gate: GateResult }> {
    const run = await runPipeline({ backend, definition, landingDir: landing, expected: expectations.tables, runsRoot });
    const gate = await runQualityGate({ runDir: run.runDir });
    runs[kind] = { run, gate };
    return runs[kind] as { run: PipelineRun; gate: GateResult };
  }

  it('runs every job in the containers, with the generator’s expected counts', async () => {
    const { run } = await runOn('docker', docker);
    expect(run.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual(definition.jobs.map((job) => [job.name, 'SUCCEEDED', undefined]));
    // The generator's expectations are the ground truth (its own plan, not the pipeline's output).
    expect(Object.fromEntries(Object.entries(run.record.tables).map(([name, table]) => [name, table.rows]))).toEqual(expectations.tables);
    const saved = readRunRecord(run.runDir);
    expect(saved.status).toBe('SUCCEEDED');
    // run.json names the backend and the images, ids as the engine itself reports them for the tags.
    const { connectDocker } = loadDockerBackend();
    const engine = (await connectDocker()).docker;
    const idOf = async (ref: string): Promise<string> => (await engine.getImage(ref).inspect()).Id;
    expect(saved.backend).toEqual({
      kind: 'docker',
      emulator: 'moto',
      glueJobs: 'job-server',
      images: { emulator: { ref: expect.stringMatching(/^stedi-moto:[0-9a-f]{16}$/), id: await idOf(docker.images.moto.tag) }, glue: { ref: expect.stringMatching(/^stedi-glue:[0-9a-f]{16}$/), id: await idOf(docker.images.glue.tag) } },
      containers: docker.containers,
    });
    expect(fs.readFileSync(path.join(run.runDir, 'logs', 'job-server.log'), 'utf8')).toMatch(/./);
  }, 1_800_000);

  it('gives the same counts, gate outcomes and table contents as the local backend', async () => {
    const onDocker = runs.docker ?? (await runOn('docker', docker));
    const onLocal = await runOn('local', local);
    const countsOf = (run: PipelineRun): Record<string, number | null> => Object.fromEntries(Object.entries(run.record.tables).map(([name, table]) => [name, table.rows]));
    expect(countsOf(onDocker.run)).toEqual(countsOf(onLocal.run));
    expect(readRunRecord(onLocal.run.runDir).backend).toEqual({ kind: 'local' });
    expect(onDocker.gate.exitCode).toBe(onLocal.gate.exitCode);
    expect(gateOutcomes(onDocker.gate)).toEqual(gateOutcomes(onLocal.gate));
    for (const table of definition.tables.map((t) => t.name)) {
      const [dockerRows, localRows] = [await sortedRows(onDocker.run, DATABASE, table), await sortedRows(onLocal.run, DATABASE, table)];
      expect([table, dockerRows.length]).toEqual([table, (expectations.tables as Record<string, number | null>)[table]]);
      expect([table, dockerRows]).toEqual([table, localRows]);
    }
  }, 1_800_000);

  it('leaves no container or network with the harness label once stopped', async () => {
    expect((await labelled(`${SESSION_LABEL}=${session}`)).containers).toHaveLength(2); // moto and Glue, while running
    await docker.stop();
    expect(await labelled(`${SESSION_LABEL}=${session}`)).toEqual({ containers: [], networks: [] });
    // Nothing else of this process's, and nothing of a harness process that is gone (the next start would sweep it).
    expect(await labelled(HARNESS_LABEL, oursOrStale)).toEqual({ containers: [], networks: [] });
  }, 120_000);
});

/** The emulator container killed in the middle of a run (its own harness, no Glue container). */
describeDocker('the docker backend when its emulator container dies', () => {
  let harness: StartedDockerHarness;

  beforeAll(async () => {
    const { DockerHarness } = loadDockerBackend();
    harness = await new DockerHarness().withoutSpark().withProgress(silentProgress).start();
  }, 3_600_000);
  afterAll(() => harness?.stop());

  it('leaves a readable run record naming the dead container', async () => {
    const landing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docker-fault-data-')), 'landing');
    await generateDataset({ profile: 'stedi-2023', customers: 5, seed: 3, out: landing, progress: false });
    const { connectDocker } = loadDockerBackend();
    const { docker } = await connectDocker();
    let killed: Promise<unknown> | undefined;
    const run = await runPipeline({
      backend: harness,
      definition: renamedStediDefinition({ database: DATABASE, bucket: BUCKET }),
      landingDir: landing,
      runsRoot: fs.mkdtempSync(path.join(os.tmpdir(), 'docker-fault-runs-')),
      onEvent: (event) => {
        if (event.type === 'staged' && !killed) killed = docker.getContainer(harness.containers.emulator).kill();
      },
    });
    await killed;
    const saved = readRunRecord(run.runDir);
    expect(saved.status).toBe('FAILED');
    expect(saved.error).toContain(`the emulator container ${harness.containers.emulator} (moto) is not running`);
    // Killed while staging: jobs are skipped, or (if staging finished first) refused with the same words.
    expect(saved.jobs.filter((job) => job.state === 'SUCCEEDED')).toEqual([]);
  }, 600_000);
});
