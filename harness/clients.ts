import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
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

/** The environment a child process (job server, boto3) needs to reach the same emulator. */
export function emulatorEnvironment(endpoint: string, region = DEFAULT_REGION): Record<string, string> {
  assertLoopbackEndpoint(endpoint);
  return {
    STEDI_AWS_ENDPOINT: endpoint,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: FAKE_CREDENTIALS.sessionToken,
    AWS_DEFAULT_REGION: region,
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * This process's environment for a child bound to the emulator: the fake credentials and the
 * endpoint, and none of the developer's AWS profile settings, so nothing reaches a real account.
 */
export function childEnvironment(endpoint: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE']) {
    delete env[key];
  }
  return { ...env, ...emulatorEnvironment(endpoint), ...extra };
}
