/**
 * `--glue-image` and `--emulator localstack` on the real Docker engine.
 *
 * The AWS Glue libs images and LocalStack's cannot be pulled here (no image registry), so:
 * - both options are shown to fail fast, naming the missing image and what it needs, before any
 *   container starts and without leaving a network behind;
 * - the spark-submit-per-job code path runs with the harness's own Glue image standing in for a
 *   "Glue libs image". That image really has `spark-submit` (PySpark's) and an awsglue package on
 *   its PYTHONPATH (ours, not AWS's). What this PROVES: each job runs as `spark-submit <script>
 *   <Glue arguments>` in its own labelled container on the harness network, with the script
 *   mounted into the workspace, getResolvedOptions sees --JOB_NAME and the job's arguments, boto3
 *   reaches the emulator by its alias through AWS_ENDPOINT_URL with the fake credentials, a
 *   raised exception is FAILED with its type, message and traceback, the next job still runs,
 *   and no per-job container is left. What it does NOT prove: that AWS's image accepts this
 *   command (its entrypoint, user and workspace are taken from AWS's documentation), that its
 *   awsglue reads the catalog through AWS_ENDPOINT_URL, or the s3a settings (the stand-in's
 *   spark-submit has no hadoop-aws jar on its classpath, so no S3 data is read here).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { loadDockerBackend, silentProgress, type StartedDockerHarness } from '../harness';
import { dockerUnavailableReasonSync } from '../harness/docker/docker-engine';
import { HARNESS_LABEL, SESSION_LABEL } from '../harness/docker/lifecycle';
import { describeIntegration } from '../harness/testing/integration';

const unavailable = process.env.STEDI_SKIP_INTEGRATION === '1' ? 'STEDI_SKIP_INTEGRATION=1' : dockerUnavailableReasonSync();
if (unavailable) console.warn(`skipping the docker --glue-image suite: ${unavailable}`);
const describeDocker = unavailable ? describe.skip : describeIntegration;

async function labelledNetworks(): Promise<string[]> {
  const { docker } = await loadDockerBackend().connectDocker();
  return (await docker.listNetworks({ filters: { label: [HARNESS_LABEL] } })).map((n) => n.Name);
}

describeDocker('images the docker backend cannot pull', () => {
  it('--glue-image of an image the engine lacks is GLUE_IMAGE_NOT_FOUND before anything starts', async () => {
    const { DockerHarness } = loadDockerBackend();
    const before = await labelledNetworks();
    await expect(new DockerHarness().withProgress(silentProgress).withGlueImage('public.ecr.aws/glue/aws-glue-libs:5').start()).rejects.toMatchObject({
      code: 'GLUE_IMAGE_NOT_FOUND',
      message: expect.stringContaining('`docker pull public.ecr.aws/glue/aws-glue-libs:5` it first'),
    });
    expect(await labelledNetworks()).toEqual(before);
  }, 120_000);

  it('LocalStack (token set) without its image names the image, the registry and the paid token, and leaves nothing', async () => {
    const { DockerHarness, DEFAULT_LOCALSTACK_IMAGE } = loadDockerBackend();
    const saved = process.env.LOCALSTACK_AUTH_TOKEN;
    process.env.LOCALSTACK_AUTH_TOKEN = 'not-a-real-token';
    try {
      const before = await labelledNetworks();
      // No withEmulator(): the token alone selects LocalStack.
      await expect(new DockerHarness().withoutSpark().withProgress(silentProgress).start()).rejects.toMatchObject({
        code: 'EMULATOR_IMAGE_NOT_FOUND',
        message: expect.stringMatching(new RegExp(`LocalStack image ${DEFAULT_LOCALSTACK_IMAGE.replace(/[./]/g, '\\$&')} is not on this Docker engine[\\s\\S]*registry[\\s\\S]*LOCALSTACK_AUTH_TOKEN`)),
      });
      expect(await labelledNetworks()).toEqual(before);
    } finally {
      if (saved === undefined) delete process.env.LOCALSTACK_AUTH_TOKEN;
      else process.env.LOCALSTACK_AUTH_TOKEN = saved;
    }
  }, 600_000);
});

describeDocker('--glue-image with the harness Glue image standing in for a Glue libs image', () => {
  let harness: StartedDockerHarness;
  const scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'glue-image-scripts-'));

  beforeAll(async () => {
    const { DockerHarness, ensureImages, connectDocker } = loadDockerBackend();
    const { docker } = await connectDocker();
    const standIn = (await ensureImages(docker, silentProgress)).glue.tag;
    harness = await new DockerHarness().withProgress(silentProgress).withGlueImage(standIn).start();
    fs.writeFileSync(
      path.join(scripts, 'probe.py'),
      `import sys
import boto3
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
args = getResolvedOptions(sys.argv, ["JOB_NAME", "marker"])
sc = SparkContext.getOrCreate()
print("spark counted", sc.parallelize(range(7)).count())
buckets = sorted(b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"])
print("job", args["JOB_NAME"], "marker", args["marker"], "buckets", ",".join(buckets))
`,
    );
    fs.writeFileSync(path.join(scripts, 'explode.py'), 'raise ValueError("deliberate failure m-7")\n');
  }, 3_600_000);
  afterAll(() => harness?.stop());

  it('runs each job as spark-submit in its own container against the emulator, failures alone', async () => {
    await harness.s3.send(new CreateBucketCommand({ Bucket: 'glue-image-standin' }));
    const failed = await harness.runJob({ jobName: 'explode', script: path.join(scripts, 'explode.py') });
    expect(failed.state).toBe('FAILED');
    expect(failed.error?.type).toBe('ValueError');
    expect(failed.error?.message).toContain('deliberate failure m-7');
    expect(failed.error?.traceback).toMatch(/Traceback[\s\S]*explode\.py/);

    const probe = await harness.runJob({ jobName: 'probe_job', script: path.join(scripts, 'probe.py'), arguments: { '--marker': 'm-42' } });
    expect([probe.state, probe.error]).toEqual(['SUCCEEDED', null]);
    expect(probe.output).toContain('spark counted 7');
    // The bucket the host created, listed by the job's boto3 through AWS_ENDPOINT_URL=http://emulator:5000.
    expect(probe.output).toContain('job probe_job marker m-42 buckets glue-image-standin');

    const described = harness.describeBackend();
    expect(described.glueJobs).toBe('spark-submit');
    expect(described.images?.glue?.ref).toBe(harness.images.glue.tag);
    // Only the emulator is left: every job's container was removed.
    const { docker } = await loadDockerBackend().connectDocker();
    const left = (await docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${harness.session}`] } })).map((c) => c.Names[0]?.replace(/^\//, ''));
    expect(left).toEqual([harness.containers.emulator]);
  }, 1_200_000);
});
