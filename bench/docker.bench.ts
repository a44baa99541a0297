/**
 * The docker backend beside the local one: image build (cached always; cold, without Docker's
 * layer cache, with --cold: minutes of Debian packages, PyPI and the jars), harness start, and the
 * five STEDI jobs on the same landing data, side by side (ours = docker, reference = local), in
 * wall seconds and in CPU seconds of the side that runs the jobs (the Glue container's cgroup;
 * the local job server's process tree): on a shared machine CPU moves far less with the load.
 *
 *   npx tsx bench/docker.bench.ts [LANDING_DIR] [--cold]   (default ../shared/data/stedi-2023)
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHarness, loadDockerBackend, silentProgress, stderrProgress, type StartedBackend } from '../harness';
import { loadPipelineDefinition, runPipeline } from '../pipeline';
import { printComparison, since } from './format';
import { treeCpuSeconds } from './process-cpu';

interface Timed {
  startSeconds: number;
  jobs: Record<string, number>;
  jobsCpu: Record<string, number>;
  totalSeconds: number;
  rows: Record<string, number | null>;
}

/** CPU seconds of a container so far, from its cgroup (v1 cpuacct, or v2 cpu.stat); undefined elsewhere. */
function containerCpuSeconds(id: string): number | undefined {
  const v1 = [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, `/sys/fs/cgroup/cpu,cpuacct/docker/${id}/cpuacct.usage`].find((file) => fs.existsSync(file));
  if (v1) return Number(fs.readFileSync(v1, 'utf8').trim()) / 1e9;
  const v2 = [`/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, `/sys/fs/cgroup/docker/${id}/cpu.stat`].find((file) => fs.existsSync(file));
  const usec = v2 ? /usage_usec (\d+)/.exec(fs.readFileSync(v2, 'utf8'))?.[1] : undefined;
  return usec === undefined ? undefined : Number(usec) / 1e6;
}

async function runJobs(backend: StartedBackend, landing: string, runsRoot: string, cpu: () => number | undefined): Promise<Omit<Timed, 'startSeconds'>> {
  const mark = performance.now();
  const cpuAtStart = new Map<string, number>();
  const jobsCpu: Record<string, number> = {};
  const run = await runPipeline({
    backend,
    definition: loadPipelineDefinition(),
    landingDir: landing,
    runsRoot,
    onEvent: (event) => {
      if (event.type === 'job-started') cpuAtStart.set(event.job, cpu() ?? Number.NaN);
      if (event.type === 'job-finished') jobsCpu[event.job.name] = (cpu() ?? Number.NaN) - (cpuAtStart.get(event.job.name) ?? Number.NaN);
    },
  });
  const failed = run.record.jobs.filter((job) => job.state !== 'SUCCEEDED');
  if (failed.length > 0) throw new Error(`jobs did not succeed on ${backend.kind}: ${failed.map((job) => `${job.name} ${job.state}`).join(', ')}`);
  return {
    jobs: Object.fromEntries(run.record.jobs.map((job) => [job.name, job.seconds])),
    jobsCpu,
    totalSeconds: since(mark),
    rows: Object.fromEntries(Object.entries(run.record.tables).map(([name, table]) => [name, table.rows])),
  };
}

async function main(): Promise<void> {
  const landing = path.resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023'));
  if (!fs.existsSync(landing)) throw new Error(`no landing data at ${landing}`);
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-bench-docker-'));
  const { connectDocker, ensureImages, DockerHarness } = loadDockerBackend();
  const { docker } = await connectDocker();

  let coldSeconds: number | undefined;
  if (process.argv.includes('--cold')) {
    const mark = performance.now();
    await ensureImages(docker, stderrProgress, { noCache: true });
    coldSeconds = since(mark);
  }
  let mark = performance.now();
  const images = await ensureImages(docker, stderrProgress);
  const cachedSeconds = since(mark);
  console.log(`images: base ${images.base.ref} (${images.base.source}); ${images.moto.tag}; ${images.glue.tag}`);
  const rebuilt = [images.moto, images.glue].filter((image) => image.built).map((image) => image.tag);
  const cachedHow = rebuilt.length > 0 ? `inputs changed since: rebuilt ${rebuilt.join(', ')} on Docker's layer cache` : 'content tags found';
  console.log(`image build: cold ${coldSeconds === undefined ? '(not measured: --cold)' : `${coldSeconds.toFixed(1)} s`}, cached ${cachedSeconds.toFixed(2)} s (${cachedHow})`);

  const measure = async <B extends StartedBackend>(start: () => Promise<B>, cpuOf: (backend: B) => Promise<() => number | undefined>): Promise<Timed> => {
    mark = performance.now();
    const backend = await start();
    const startSeconds = since(mark);
    try {
      return { startSeconds, ...(await runJobs(backend, landing, runsRoot, await cpuOf(backend))) };
    } finally {
      await backend.stop();
    }
  };
  const loadBefore = os.loadavg()[0];
  const onDocker = await measure(
    () => new DockerHarness().withProgress(silentProgress).start(),
    async (harness) => {
      const id = (await docker.getContainer(harness.containers.glue as string).inspect()).Id;
      return () => containerCpuSeconds(id);
    },
  );
  const onLocal = await measure(
    () => new LocalHarness().withProgress(silentProgress).start(),
    async (harness) => () => treeCpuSeconds(harness.sparkInfo?.pid),
  );
  if (JSON.stringify(onDocker.rows) !== JSON.stringify(onLocal.rows)) console.log(`ROW COUNTS DIFFER: docker ${JSON.stringify(onDocker.rows)} local ${JSON.stringify(onLocal.rows)}`);

  printComparison(`docker backend (ours) vs local backend (reference), landing ${landing}`, [
    { label: 'harness start (emulator + Spark)', ours: onDocker.startSeconds, reference: onLocal.startSeconds },
    ...Object.keys(onLocal.jobs).map((job) => ({ label: `job ${job}`, ours: onDocker.jobs[job] ?? 0, reference: onLocal.jobs[job] ?? 0 })),
    { label: 'whole run (stage, jobs, count)', ours: onDocker.totalSeconds, reference: onLocal.totalSeconds },
  ]);
  const cpuSum = (timed: Timed): number => Object.values(timed.jobsCpu).reduce((sum, value) => sum + value, 0);
  printComparison('CPU seconds of the Glue side: the Glue container (ours) vs the local job server process tree (reference)', [
    ...Object.keys(onLocal.jobsCpu).map((job) => ({ label: `job ${job}`, ours: onDocker.jobsCpu[job] ?? Number.NaN, reference: onLocal.jobsCpu[job] ?? Number.NaN })),
    { label: 'five jobs', ours: cpuSum(onDocker), reference: cpuSum(onLocal) },
  ]);
  console.log(`\nload average (1 min) on ${os.cpus().length} CPUs: ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`);
  fs.rmSync(runsRoot, { recursive: true, force: true });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
