import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createChildSandbox, isolatedEnvironment } from './clients';

const ENDPOINT = 'http://127.0.0.1:45123';

describe('the environment of a child bound to the emulator', () => {
  const hostile: NodeJS.ProcessEnv = {
    PATH: '/usr/bin',
    HOME: '/home/dev',
    AWS_PROFILE: 'prod',
    AWS_DEFAULT_PROFILE: 'prod',
    AWS_ENDPOINT_URL_S3: 'http://example.com',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://example.com',
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/home/dev/token',
    AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/prod',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials',
    AWS_CONTAINER_AUTHORIZATION_TOKEN: 'secret',
    AWS_SECURITY_TOKEN: 'legacy',
    AWS_ACCESS_KEY_ID: 'AKIAREAL',
    AWS_CONFIG_FILE: '/home/dev/.aws/config',
    aws_lowercase_oddity: 'x',
    NO_PROXY: 'corp.example',
  };

  it('keeps no AWS_* value of the parent: only the emulator, fake keys and empty profile files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'));
    const sandbox = createChildSandbox(root);
    const env = isolatedEnvironment(hostile, ENDPOINT, sandbox);
    const aws = Object.fromEntries(Object.entries(env).filter(([key]) => /^aws_/i.test(key)));
    expect(aws).toEqual({
      AWS_ENDPOINT_URL: ENDPOINT,
      AWS_ENDPOINT_URL_S3: ENDPOINT,
      AWS_ENDPOINT_URL_GLUE: ENDPOINT,
      AWS_ENDPOINT_URL_ATHENA: ENDPOINT,
      AWS_ENDPOINT_URL_STS: ENDPOINT,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: sandbox.awsConfigFile,
      AWS_SHARED_CREDENTIALS_FILE: sandbox.awsCredentialsFile,
      AWS_CREDENTIAL_PROFILES_FILE: sandbox.awsCredentialsFile,
    });
    expect(env.HOME).toBe(sandbox.home);
    expect(fs.existsSync(path.join(sandbox.home, '.aws'))).toBe(false);
    expect(fs.readFileSync(sandbox.awsConfigFile, 'utf8')).toBe('');
    expect(fs.readFileSync(sandbox.awsCredentialsFile, 'utf8')).toBe('');
    expect(env.PATH).toBe('/usr/bin');
    fs.rmSync(root, { recursive: true });
  });

  it('sends loopback past any proxy, keeping the user\'s other exceptions', () => {
    const env = isolatedEnvironment(hostile, ENDPOINT);
    expect(env.NO_PROXY?.split(',')).toEqual(['corp.example', '127.0.0.1', 'localhost', '::1']);
    expect(env.no_proxy).toBe(env.NO_PROXY);
  });

  it('without a sandbox points the profile files at /dev/null and leaves HOME alone', () => {
    const env = isolatedEnvironment(hostile, ENDPOINT);
    expect([env.AWS_CONFIG_FILE, env.AWS_SHARED_CREDENTIALS_FILE, env.AWS_CREDENTIAL_PROFILES_FILE]).toEqual(['/dev/null', '/dev/null', '/dev/null']);
    expect(env.HOME).toBe('/home/dev');
  });

  it('refuses a non-loopback emulator endpoint', () => {
    expect(() => isolatedEnvironment(hostile, 'http://example.com:5000')).toThrow(/loopback/);
  });
});
