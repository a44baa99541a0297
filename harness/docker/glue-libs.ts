import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import createDebug from 'debug';
import { EnvironmentError } from '../../common/errors';
import { CappedLogFile, LogCap } from '../emulator/capped-log';
import { assertJobTimeout } from '../job-server/glue-job-server';
import type { JobRun, JobRunError, JobRunRequest } from '../job-server/protocol';
import { defaultJobTimeoutMinutes } from '../runtime/pins';
import type { Dockerode } from './docker-engine';
import type { GlueRunner } from './glue-runner';
import { imageId } from './image-build';

const debug = createDebug('stedi:docker');

/**
 * `--glue-image IMAGE`: each job runs in a new container of a Glue libs image (e.g.
 * public.ecr.aws/glue/aws-glue-libs:5) with that image's own awsglue, started the documented way:
 * the script mounted into the image's workspace and `spark-submit <workspace>/src/<script>`
 * ("Develop and test AWS Glue jobs locally using a Docker image",
 * https://docs.aws.amazon.com/glue/latest/dg/develop-local-docker-image.html: Glue 5 runs as
 * `hadoop`, workspace /home/hadoop/workspace; the Glue 4 and older images run as `glue_user`,
 * workspace /home/glue_user/workspace, and take DISABLE_SSL=true). Instead of the user's
 * ~/.aws (which the docs mount), it gets fake credentials and the emulator's endpoint by its
 * network alias: AWS_ENDPOINT_URL for boto3 (the Glue catalog, Athena), s3a's endpoint,
 * path-style access and plain HTTP for Spark. Such images cannot be pulled on a machine without
 * an image registry: this is unit-tested as a command, and exercised with the harness's own
 * Glue image standing in (test/docker-glue-image.int.test.ts says what that proves).
 */
export interface GlueLibsJob {
  image: string;
  /** Absolute host path of the job script. */
  script: string;
  jobName: string;
  arguments?: Record<string, string>;
  /** The emulator as the container reaches it, e.g. http://emulator:5000. */
  endpoint: string;
  network: string;
  labels: Record<string, string>;
  containerName: string;
}

export interface GlueLibsContainerSpec {
  name: string;
  Image: string;
  Cmd: string[];
  Env: string[];
  Labels: Record<string, string>;
  HostConfig: { NetworkMode: string; Binds: string[] };
}

/** Where the image expects its workspace: Glue 5's `hadoop` user, or `glue_user` of the Glue 2-4 images. */
export function glueLibsWorkspace(image: string): string {
  return /glue_libs_[234]\./.test(image) ? '/home/glue_user/workspace' : '/home/hadoop/workspace';
}

/** The container of one job run: spark-submit of the script with Glue's arguments, against the emulator. */
export function glueLibsContainerSpec(job: GlueLibsJob): GlueLibsContainerSpec {
  const workspace = glueLibsWorkspace(job.image);
  const scriptInContainer = `${workspace}/src/${path.basename(job.script)}`;
  const conf = {
    // s3a (and s3:// mapped to it) against the emulator: its endpoint, path-style buckets, HTTP, fake keys.
    'spark.hadoop.fs.s3a.endpoint': job.endpoint,
    'spark.hadoop.fs.s3a.path.style.access': 'true',
    'spark.hadoop.fs.s3a.connection.ssl.enabled': 'false',
    'spark.hadoop.fs.s3a.access.key': 'testing',
    'spark.hadoop.fs.s3a.secret.key': 'testing',
    'spark.hadoop.fs.s3a.aws.credentials.provider': 'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider',
    'spark.hadoop.fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
    // The Glue Data Catalog client of the image's Spark (its Hive metastore client) at the emulator.
    'spark.hadoop.aws.glue.endpoint': job.endpoint,
  };
  const services = ['S3', 'GLUE', 'ATHENA', 'STS'];
  const env: Record<string, string> = {
    DISABLE_SSL: 'true',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: job.endpoint,
    ...Object.fromEntries(services.map((service) => [`AWS_ENDPOINT_URL_${service}`, job.endpoint])),
    // No profile of the host's (nothing of ~/.aws is mounted) and no instance metadata lookups.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const jobArguments = { ...job.arguments, '--JOB_NAME': job.arguments?.['--JOB_NAME'] ?? job.jobName };
  return {
    name: job.containerName,
    Image: job.image,
    Cmd: ['spark-submit', ...Object.entries(conf).flatMap(([key, value]) => ['--conf', `${key}=${value}`]), scriptInContainer, ...Object.entries(jobArguments).flat()],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Labels: job.labels,
    HostConfig: { NetworkMode: job.network, Binds: [`${path.dirname(path.resolve(job.script))}:${workspace}/src:ro`] },
  };
}

/** The last Python exception of a failed spark-submit's output, as the job server reports one. */
export function pythonErrorOf(output: string, exitCode: number): JobRunError {
  const at = output.lastIndexOf('Traceback (most recent call last):');
  const traceback = at >= 0 ? output.slice(at).trimEnd() : undefined;
  const last = (traceback ?? '').split('\n').reverse().find((line) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b/.test(line.trim()));
  const match = last ? /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(last.trim()) : null;
  const type = match?.[1] ?? 'SPARK_SUBMIT_FAILED';
  const message = match ? `${match[2] ?? type} (spark-submit exited with code ${exitCode})` : `spark-submit exited with code ${exitCode}; see the job's log`;
  return { type, message, ...(traceback ? { traceback } : {}) };
}

/** Fails with GLUE_IMAGE_NOT_FOUND, naming the image, when the engine does not have it. */
export async function requireGlueImage(docker: Dockerode, image: string): Promise<{ ref: string; id: string }> {
  const id = await imageId(docker, image);
  if (!id) {
    throw new EnvironmentError('GLUE_IMAGE_NOT_FOUND', `--glue-image ${image} is not on this Docker engine: \`docker pull ${image}\` it first (the harness does not pull it: it needs an image registry, e.g. public.ecr.aws for the AWS Glue libs images)`);
  }
  return { ref: image, id };
}

export interface GlueLibsRunnerOptions {
  docker: Dockerode;
  image: { ref: string; id: string };
  endpoint: string;
  network: string;
  labels: Record<string, string>;
  session: string;
  logFile: string;
}

/** Runs each job as `spark-submit` in its own container of the Glue libs image. */
export class GlueLibsRunner implements GlueRunner {
  readonly mode = 'spark-submit' as const;
  private readonly log: CappedLogFile;
  private queue: Promise<unknown> = Promise.resolve();
  private sequence = 0;

  constructor(private readonly options: GlueLibsRunnerOptions) {
    this.log = new CappedLogFile(options.logFile);
  }

  get image(): { ref: string; id: string } {
    return this.options.image;
  }

  get containerName(): string {
    return `stedi-gluejob-${this.options.session}-<n>`;
  }

  get logFile(): string {
    return this.options.logFile;
  }

  runJob(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    const next = this.queue.then(() => this.runOne(request, onStarted));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runOne(request: JobRunRequest, onStarted?: (jobRunId: string) => void): Promise<JobRun> {
    const minutes = request.timeoutMinutes ?? defaultJobTimeoutMinutes();
    assertJobTimeout(request.jobName, minutes);
    const jobRunId = `jr_${randomBytes(16).toString('hex')}`;
    const spec = glueLibsContainerSpec({
      image: this.options.image.ref,
      script: request.script,
      jobName: request.jobName,
      arguments: request.arguments,
      endpoint: this.options.endpoint,
      network: this.options.network,
      labels: this.options.labels,
      containerName: `stedi-gluejob-${this.options.session}-${++this.sequence}`,
    });
    const { docker } = this.options;
    this.log.note(`[stedi] ${new Date().toISOString()} job ${request.jobName} (${jobRunId}): ${spec.name}: ${spec.Cmd.join(' ')}`);
    const container = await docker.createContainer(spec);
    const clock = performance.now();
    const startedOn = new Date().toISOString();
    let timer: NodeJS.Timeout | undefined;
    try {
      await container.start();
      onStarted?.(jobRunId);
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), minutes * 60_000)));
      const ended = await Promise.race([container.wait() as Promise<{ StatusCode: number }>, timedOut]);
      if (ended === 'timeout') await container.kill().catch(() => undefined);
      const output = await this.outputOf(container);
      this.log.write(output);
      const exitCode = ended === 'timeout' ? null : ended.StatusCode;
      const limit = `${minutes} minute${minutes === 1 ? '' : 's'}`;
      const error: JobRunError | null =
        ended === 'timeout' ? { type: 'Timeout', message: `the job run exceeded its timeout of ${limit}; its container ${spec.name} was killed` } : exitCode === 0 ? null : pythonErrorOf(output, exitCode as number);
      debug('%s %s in %s: exit %s', request.jobName, jobRunId, spec.name, String(exitCode));
      return {
        jobRunId,
        jobName: request.jobName,
        state: ended === 'timeout' ? 'TIMEOUT' : exitCode === 0 ? 'SUCCEEDED' : 'FAILED',
        startedOn,
        completedOn: new Date().toISOString(),
        executionSeconds: Math.round(performance.now() - clock) / 1000,
        error,
        output,
        dataQuality: [],
      };
    } finally {
      clearTimeout(timer);
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }

  /** The container's stdout and stderr (no TTY: the engine's 8-byte frame headers stripped), capped. */
  private async outputOf(container: ReturnType<Dockerode['getContainer']>): Promise<string> {
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const cap = new LogCap();
    const parts: Buffer[] = [];
    for (let at = 0; at + 8 <= raw.length; ) {
      const length = raw.readUInt32BE(at + 4);
      parts.push(cap.accept(raw.subarray(at + 8, at + 8 + length)));
      at += 8 + length;
    }
    return Buffer.concat(parts).toString('utf8') + (cap.droppedBytes > 0 ? cap.summary() : '');
  }

  async reset(): Promise<void> {
    // Every job runs in a new container: there is no Spark-side state to forget.
  }

  async stop(): Promise<void> {
    this.log.close();
  }
}
