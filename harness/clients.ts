import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertLoopbackEndpoint } from './emulator/loopback';

/** Fake credentials for the emulator: obviously not real, so a leak is harmless. */
export const FAKE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' };
export const DEFAULT_REGION = 'us-east-1';

export interface AwsClients {
  s3: S3Client;
  glue: GlueClient;
  athena: AthenaClient;
}

/** SDK v3 clients bound to a loopback endpoint: path-style S3, fake credentials. */
export function createLocalClients(endpoint: string, region = DEFAULT_REGION): AwsClients {
  assertLoopbackEndpoint(endpoint);
  const common = { endpoint, region, credentials: FAKE_CREDENTIALS, maxAttempts: 3 };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    glue: new GlueClient(common),
    athena: new AthenaClient(common),
  };
}

/**
 * The SDK surface every backend gives (getEndpoint, s3, glue, athena) for one loopback emulator
 * endpoint: the docker harness, `stedi dev`'s client and jest's shared client extend it, so the
 * clients are made, exposed and closed in one place.
 */
export class EmulatorClients {
  private readonly clients: AwsClients;

  constructor(protected readonly endpoint: string) {
    this.clients = createLocalClients(endpoint);
  }

  getEndpoint(): string {
    return this.endpoint;
  }

  get s3(): S3Client {
    return this.clients.s3;
  }

  get glue(): GlueClient {
    return this.clients.glue;
  }

  get athena(): AthenaClient {
    return this.clients.athena;
  }

  /** Closes the clients' connections (their sockets would keep the process alive). */
  protected destroyClients(): void {
    for (const client of Object.values(this.clients)) client.destroy();
  }
}

/** The services moto emulates: each gets its own AWS_ENDPOINT_URL_<SERVICE> pointing at it. */
export const EMULATED_SERVICES = ['S3', 'GLUE', 'ATHENA', 'STS'] as const;

/** The environment a child process (job server, boto3) needs to reach the same emulator. */
export function emulatorEnvironment(endpoint: string, region = DEFAULT_REGION): Record<string, string> {
  assertLoopbackEndpoint(endpoint);
  return {
    STEDI_AWS_ENDPOINT: endpoint,
    AWS_ENDPOINT_URL: endpoint,
    ...Object.fromEntries(EMULATED_SERVICES.map((service) => [`AWS_ENDPOINT_URL_${service}`, endpoint])),
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: FAKE_CREDENTIALS.sessionToken,
    AWS_DEFAULT_REGION: region,
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Where a child's AWS configuration may come from: a HOME without `.aws` and empty config and
 * credentials files, all inside a harness temp dir. Without one, the files are /dev/null.
 */
export interface ChildSandbox {
  home: string;
  awsConfigFile: string;
  awsCredentialsFile: string;
}

export function createChildSandbox(root: string): ChildSandbox {
  const home = path.join(root, 'home');
  const aws = path.join(root, 'aws');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(aws, { recursive: true });
  const awsConfigFile = path.join(aws, 'config');
  const awsCredentialsFile = path.join(aws, 'credentials');
  fs.writeFileSync(awsConfigFile, '');
  fs.writeFileSync(awsCredentialsFile, '');
  return { home, awsConfigFile, awsCredentialsFile };
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/**
 * `base` (this process's environment) made safe for a child bound to the emulator: EVERY `AWS_*`
 * variable of the developer's shell is dropped (profiles, role and web-identity settings,
 * container credentials, per-service endpoints such as AWS_ENDPOINT_URL_S3, and
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, which would make boto3 ignore the emulator endpoint),
 * then only the emulator endpoints, the fake keys and empty profile files are set. Loopback
 * bypasses any HTTP proxy. boto3 and the AWS Java SDK (s3a) read nothing of the host's ~/.aws.
 */
export function isolatedEnvironment(base: NodeJS.ProcessEnv, endpoint: string, sandbox?: ChildSandbox): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!/^AWS_/i.test(key)) env[key] = value;
  }
  const noProxy = [...new Set([...(base.NO_PROXY ?? base.no_proxy ?? '').split(',').filter(Boolean), ...LOOPBACK_HOSTS])].join(',');
  const configFile = sandbox?.awsConfigFile ?? '/dev/null';
  const credentialsFile = sandbox?.awsCredentialsFile ?? '/dev/null';
  return {
    ...env,
    ...(sandbox ? { HOME: sandbox.home } : {}),
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    // The AWS SDK for Java v1 (aws-java-sdk-bundle, behind s3a) reads this one instead.
    AWS_CREDENTIAL_PROFILES_FILE: credentialsFile,
    ...emulatorEnvironment(endpoint),
  };
}

/** This process's environment for a child bound to the emulator (see isolatedEnvironment). */
export function childEnvironment(endpoint: string, extra: Record<string, string> = {}, sandbox?: ChildSandbox): NodeJS.ProcessEnv {
  return { ...isolatedEnvironment(process.env, endpoint, sandbox), ...extra };
}
