import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MotoEmulator, type StartedMotoEmulator } from '../emulator/moto-emulator';
import { provisionRuntime, type Runtime } from '../runtime/provision';
import { silentProgress } from '../runtime/progress';
import { GlueJobServer, type StartedGlueJobServer } from './glue-job-server';

const describeRuntime = process.env.STEDI_SKIP_INTEGRATION === '1' ? describe.skip : describe;

/**
 * Local-backend isolation (issue 10 item 6): whatever the developer's shell holds — a profile,
 * per-service endpoints, role or container credentials, a real ~/.aws — a job script and the
 * emulator see only the emulator and the fake keys. boto3's precedence (env credentials first,
 * AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) is
 * documented at https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html and
 * https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html.
 * Its own emulator and job server: the hostile environment must be in place when they spawn.
 */
const HOSTILE = 'http://example.com';

function hostileHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-home-'));
  fs.mkdirSync(path.join(home, '.aws'));
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAHOSTILEDEFAULT\naws_secret_access_key = s\n[prod]\naws_access_key_id = AKIAHOSTILEPROD\naws_secret_access_key = s\n');
  fs.writeFileSync(path.join(home, '.aws', 'config'), `[default]\nregion = eu-west-3\n[profile prod]\nregion = eu-west-3\nendpoint_url = ${HOSTILE}\n`);
  fs.writeFileSync(path.join(home, 'token'), 'hostile-web-identity-token');
  return home;
}

const HOSTILE_ENV = (home: string): Record<string, string> => ({
  HOME: home,
  AWS_PROFILE: 'prod',
  AWS_DEFAULT_PROFILE: 'prod',
  AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
  AWS_ENDPOINT_URL_S3: HOSTILE,
  AWS_ENDPOINT_URL_GLUE: HOSTILE,
  AWS_ENDPOINT_URL_DYNAMODB: HOSTILE,
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
  AWS_ACCESS_KEY_ID: 'AKIAHOSTILEENV',
  AWS_SECRET_ACCESS_KEY: 'hostile',
  AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/prod',
  AWS_WEB_IDENTITY_TOKEN_FILE: path.join(home, 'token'),
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.2/creds',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: 'hostile',
  AWS_EC2_METADATA_DISABLED: 'false',
});

const SEES = `
import json, os, sys
import boto3
from pyspark import SparkContext

def attempt(fn):
    try:
        return fn()
    except Exception as exc:
        return "refused: %s" % type(exc).__name__

session = boto3.Session()
credentials = session.get_credentials()
aws_dir = os.path.expanduser("~/.aws")
jvm = SparkContext.getOrCreate()._jvm
java_home = jvm.java.lang.System.getProperty("user.home")
seen = {
    "env": {k: v for k, v in os.environ.items() if k.upper().startswith("AWS_")},
    "home": os.path.expanduser("~"),
    "awsDirExists": os.path.exists(aws_dir),
    "profileFiles": {k: open(os.environ[k]).read() for k in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE") if k in os.environ},
    "credentialMethod": credentials.method,
    "accessKey": credentials.access_key,
    "profiles": session.available_profiles,
    "endpoints": {name: session.client(name).meta.endpoint_url for name in ("s3", "glue", "athena", "sts", "dynamodb")},
    "prodProfile": attempt(lambda: boto3.Session(profile_name="prod").get_credentials().access_key),
    "javaHome": java_home,
    "javaAwsDirExists": bool(jvm.java.io.File(java_home + "/.aws").exists()),
    "javaDefaultChainKey": attempt(lambda: jvm.com.amazonaws.auth.DefaultAWSCredentialsProviderChain.getInstance().getCredentials().getAWSAccessKeyId()),
    "javaProdProfile": attempt(lambda: jvm.com.amazonaws.auth.profile.ProfileCredentialsProvider("prod").getCredentials().getAWSAccessKeyId()),
}
print("SEEN " + json.dumps(seen))
`;

describeRuntime('a job script and the emulator under a hostile developer environment', () => {
  let runtime: Runtime;
  let emulator: StartedMotoEmulator;
  let server: StartedGlueJobServer;
  let home: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    runtime = await provisionRuntime(silentProgress);
    home = hostileHome();
    Object.assign(process.env, HOSTILE_ENV(home));
    emulator = await new MotoEmulator(runtime.python.python).start();
    server = await new GlueJobServer(runtime, emulator.getEndpoint()).withSparkMaster('local[1]').start();
  }, 600_000);

  afterAll(async () => {
    process.env = saved;
    await server?.stop();
    await emulator?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it('a job sees only the emulator endpoints, the fake keys and empty profile files; neither boto3 nor the Java SDK reads ~/.aws', async () => {
    const script = path.join(home, '..', `${path.basename(home)}-sees.py`);
    fs.writeFileSync(script, SEES);
    const run = await server.runJob({ jobName: 'what_do_i_see', script });
    fs.rmSync(script);
    expect(run.state).toBe('SUCCEEDED');
    const seen = JSON.parse(/SEEN (.*)/.exec(run.output)?.[1] ?? 'null') as Record<string, unknown> & { env: Record<string, string> };
    const endpoint = emulator.getEndpoint();

    expect(seen.env).toEqual({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_GLUE: endpoint,
      AWS_ENDPOINT_URL_ATHENA: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: expect.any(String),
      AWS_SHARED_CREDENTIALS_FILE: expect.any(String),
      AWS_CREDENTIAL_PROFILES_FILE: expect.any(String),
    });
    expect(seen.endpoints).toEqual({ s3: endpoint, glue: endpoint, athena: endpoint, sts: endpoint, dynamodb: endpoint });
    expect(seen.credentialMethod).toBe('env');
    expect(seen.accessKey).toBe('testing');
    expect(seen.profiles).toEqual([]);
    expect(seen.prodProfile).toBe('refused: ProfileNotFound');
    expect(Object.values(seen.profileFiles as Record<string, string>)).toEqual(['', '']);
    expect(seen.home).not.toBe(home);
    expect(seen.awsDirExists).toBe(false);
    expect(seen.javaHome).toBe(seen.home);
    expect(seen.javaAwsDirExists).toBe(false);
    expect(seen.javaDefaultChainKey).toBe('testing');
    expect(seen.javaProdProfile).toMatch(/^refused/);
  }, 300_000);

  it("the emulator's process environment is the same isolated one", () => {
    const environ = Object.fromEntries(
      fs
        .readFileSync(`/proc/${emulator.pid as number}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
    const aws = Object.entries(environ).filter(([key]) => key.startsWith('AWS_'));
    expect(aws.filter(([, value]) => value.includes('example.com') || value.includes('HOSTILE') || value.includes(home))).toEqual([]);
    expect(environ.AWS_PROFILE).toBeUndefined();
    expect(environ.AWS_ENDPOINT_URL_S3).toBe(emulator.getEndpoint());
    expect(environ.HOME).not.toBe(home);
  });

  it('stopping removes the temp dirs of both (sandbox HOME, logs, Spark local dirs)', async () => {
    const dirs = [path.dirname(server.logFile), path.dirname(emulator.logFile)];
    expect(dirs.map((dir) => path.basename(dir))).toEqual([expect.stringMatching(/^stedi-spark-/), expect.stringMatching(/^stedi-moto-/)]);
    expect(dirs.every((dir) => fs.existsSync(dir))).toBe(true);
    await server.stop();
    await emulator.stop();
    expect(dirs.filter((dir) => fs.existsSync(dir))).toEqual([]);
  }, 120_000);
});
