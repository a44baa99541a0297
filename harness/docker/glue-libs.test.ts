import type { Dockerode } from './docker-engine';
import { glueLibsContainerSpec, glueLibsWorkspace, pythonErrorOf, requireGlueImage, type GlueLibsJob } from './glue-libs';

/**
 * --glue-image: the per-job container is a pure value, checked here against the documented way of
 * running the AWS Glue libs images (https://docs.aws.amazon.com/glue/latest/dg/develop-local-docker-image.html:
 * `spark-submit /home/hadoop/workspace/src/<script>` for Glue 5). The images themselves cannot be
 * pulled here; test/docker-glue-image.int.test.ts runs this code path with a stand-in image.
 */
const job: GlueLibsJob = {
  image: 'public.ecr.aws/glue/aws-glue-libs:5',
  script: '/work/project/glue-scripts/customer_landing_to_trusted.py',
  jobName: 'customer_landing_to_trusted',
  arguments: { '--database': 'stedi', '--bucket': 'stedi-lakehouse' },
  endpoint: 'http://emulator:5000',
  network: 'stedi-s1',
  labels: { 'org.stedi.harness': 'docker-backend' },
  containerName: 'stedi-gluejob-s1-1',
};

const confOf = (cmd: string[]): Record<string, string> => {
  const conf: Record<string, string> = {};
  cmd.forEach((arg, i) => {
    if (arg === '--conf') {
      const [key, ...value] = (cmd[i + 1] as string).split('=');
      conf[key as string] = value.join('=');
    }
  });
  return conf;
};

describe('the container of a job run with a Glue libs image', () => {
  const spec = glueLibsContainerSpec(job);
  const env = Object.fromEntries(spec.Env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));

  it('runs spark-submit on the script in the image workspace, then Glue job arguments with --JOB_NAME', () => {
    expect(spec.Image).toBe('public.ecr.aws/glue/aws-glue-libs:5');
    expect(spec.Cmd[0]).toBe('spark-submit');
    const script = spec.Cmd.indexOf('/home/hadoop/workspace/src/customer_landing_to_trusted.py');
    expect(script).toBeGreaterThan(0);
    // Everything before the script is spark-submit's; everything after is the job's sys.argv.
    expect(spec.Cmd.slice(script + 1)).toEqual(['--database', 'stedi', '--bucket', 'stedi-lakehouse', '--JOB_NAME', 'customer_landing_to_trusted']);
    expect(spec.HostConfig.Binds).toEqual(['/work/project/glue-scripts:/home/hadoop/workspace/src:ro']);
  });

  it('keeps a --JOB_NAME the job gives itself', () => {
    const own = glueLibsContainerSpec({ ...job, arguments: { '--JOB_NAME': 'renamed' } });
    expect(own.Cmd.slice(-2)).toEqual(['--JOB_NAME', 'renamed']);
    expect(own.Cmd.filter((arg) => arg === '--JOB_NAME')).toHaveLength(1);
  });

  it('points s3a at the emulator by its alias: endpoint, path-style, plain HTTP, fake keys', () => {
    const conf = confOf(spec.Cmd);
    expect(conf['spark.hadoop.fs.s3a.endpoint']).toBe('http://emulator:5000');
    expect(conf['spark.hadoop.fs.s3a.path.style.access']).toBe('true');
    expect(conf['spark.hadoop.fs.s3a.connection.ssl.enabled']).toBe('false');
    expect([conf['spark.hadoop.fs.s3a.access.key'], conf['spark.hadoop.fs.s3a.secret.key']]).toEqual(['testing', 'testing']);
    expect(conf['spark.hadoop.fs.s3.impl']).toBe('org.apache.hadoop.fs.s3a.S3AFileSystem');
  });

  it('points boto3 (the Glue catalog, Athena, S3) at the emulator with fake credentials and no host profile', () => {
    expect(env.AWS_ENDPOINT_URL).toBe('http://emulator:5000');
    expect(env.AWS_ENDPOINT_URL_GLUE).toBe('http://emulator:5000');
    expect(env.AWS_ACCESS_KEY_ID).toBe('testing');
    expect(env.DISABLE_SSL).toBe('true');
    expect(env.AWS_SHARED_CREDENTIALS_FILE).toBe('/dev/null');
    expect(Object.keys(env)).not.toContain('AWS_PROFILE');
    expect(spec.HostConfig.Binds.some((bind) => bind.includes('.aws'))).toBe(false);
  });

  it('runs on the harness network with its labels (removed with the session)', () => {
    expect(spec.HostConfig.NetworkMode).toBe('stedi-s1');
    expect(spec.Labels).toEqual({ 'org.stedi.harness': 'docker-backend' });
    expect(spec.name).toBe('stedi-gluejob-s1-1');
  });

  it('uses the glue_user workspace of the Glue 2-4 images', () => {
    expect(glueLibsWorkspace('public.ecr.aws/glue/aws-glue-libs:glue_libs_4.0.0_image_01')).toBe('/home/glue_user/workspace');
    expect(glueLibsWorkspace('public.ecr.aws/glue/aws-glue-libs:5')).toBe('/home/hadoop/workspace');
  });
});

describe('a failed spark-submit', () => {
  it('is reported by its last Python exception, with the traceback', () => {
    const output = `26/12/02 INFO SparkContext: Running Spark\nTraceback (most recent call last):\n  File "/home/hadoop/workspace/src/x.py", line 3, in <module>\n    raise ValueError("deliberate failure m-42")\nValueError: deliberate failure m-42\n26/12/02 INFO ShutdownHookManager: Shutdown hook called\n`;
    const error = pythonErrorOf(output, 1);
    expect(error.type).toBe('ValueError');
    expect(error.message).toBe('deliberate failure m-42 (spark-submit exited with code 1)');
    expect(error.traceback).toMatch(/^Traceback[\s\S]*x\.py/);
  });

  it('without a traceback says the exit code', () => {
    expect(pythonErrorOf('Error: Could not find or load main class\n', 101)).toEqual({ type: 'SPARK_SUBMIT_FAILED', message: "spark-submit exited with code 101; see the job's log" });
  });
});

describe('a Glue libs image the engine does not have', () => {
  it('is GLUE_IMAGE_NOT_FOUND, naming it and saying to docker pull it first', async () => {
    const noImages = { getImage: () => ({ inspect: () => Promise.reject(new Error('(HTTP code 404) no such image')) }) } as unknown as Dockerode;
    await expect(requireGlueImage(noImages, 'public.ecr.aws/glue/aws-glue-libs:5')).rejects.toMatchObject({
      code: 'GLUE_IMAGE_NOT_FOUND',
      message: expect.stringContaining('--glue-image public.ecr.aws/glue/aws-glue-libs:5 is not on this Docker engine: `docker pull public.ecr.aws/glue/aws-glue-libs:5` it first'),
    });
  });
});
