/**
 * The docker backend beside the local one: image build (cached always; cold, without Docker's
 * layer cache, with --cold: minutes of Debian packages, PyPI and the jars), harness start, and the
 * five STEDI jobs on the same landing data, side by side (ours = docker, reference = local).
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

interface Timed {
  startSeconds: number;
  jobs: Record<string, number>;
  totalSeconds: number;
  rows: Record<string, number | null>;
}

async function runJobs(backend: StartedBackend, landing: string, runsRoot: string): Promise<Omit<Timed, 'startSeconds'>> {
  const mark = performance.now();
  const run = await runPipeline({ backend, definition: loadPipelineDefinition(), landingDir: landing, runsRoot });
  const failed = run.record.jobs.filter((job) => job.state !== 'SUCCEEDED');
  if (failed.length > 0) throw new Error(`jobs did not succeed on ${backend.kind}: ${failed.map((job) => `${job.name} ${job.state}`).join(', ')}`);
  return {
    jobs: Object.fromEntries(run.record.jobs.map((job) => [job.name, job.seconds])),
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
  console.log(`image build: cold ${coldSeconds === undefined ? '(not measured: --cold)' : `${coldSeconds.toFixed(1)} s`}, cached ${cachedSeconds.toFixed(2)} s (content tags found)`);

  const measure = async (start: () => Promise<StartedBackend>): Promise<Timed> => {
    mark = performance.now();
    const backend = await start();
    const startSeconds = since(mark);
    try {
      return { startSeconds, ...(await runJobs(backend, landing, runsRoot)) };
    } finally {
      await backend.stop();
    }
  };
  const onDocker = await measure(() => new DockerHarness().withProgress(silentProgress).start());
  const onLocal = await measure(() => new LocalHarness().withProgress(silentProgress).start());
  if (JSON.stringify(onDocker.rows) !== JSON.stringify(onLocal.rows)) console.log(`ROW COUNTS DIFFER: docker ${JSON.stringify(onDocker.rows)} local ${JSON.stringify(onLocal.rows)}`);

  printComparison(`docker backend (ours) vs local backend (reference), landing ${landing}`, [
    { label: 'harness start (emulator + Spark)', ours: onDocker.startSeconds, reference: onLocal.startSeconds },
    ...Object.keys(onLocal.jobs).map((job) => ({ label: `job ${job}`, ours: onDocker.jobs[job] ?? 0, reference: onLocal.jobs[job] ?? 0 })),
    { label: 'whole run (stage, jobs, count)', ours: onDocker.totalSeconds, reference: onLocal.totalSeconds },
  ]);
  fs.rmSync(runsRoot, { recursive: true, force: true });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
