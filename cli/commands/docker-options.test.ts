import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** stedi run's docker-only options: refused with the local backend, choices checked, before anything starts. */
const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stedi.js');
const stedi = (args: string[]): { status: number | null; stderr: string } => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr };
};

describe('stedi run --emulator / --glue-image', () => {
  it('refuses --glue-image without --backend docker, naming the option and exiting 2', () => {
    const result = stedi(['run', '--landing', '.', '--glue-image', 'public.ecr.aws/glue/aws-glue-libs:5', '--no-check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--glue-image needs --backend docker');
  });

  it('refuses --emulator without --backend docker', () => {
    const result = stedi(['run', '--landing', '.', '--emulator', 'localstack', '--no-check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--emulator needs --backend docker');
  });

  it('offers moto and localstack only', () => {
    const result = stedi(['run', '--backend', 'docker', '--emulator', 'minio']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--emulator <kind>' argument 'minio' is invalid. Allowed choices are moto, localstack/);
  });

  it('lists both in the help', () => {
    const help = spawnSync(process.execPath, [BIN, 'run', '--help'], { encoding: 'utf8', timeout: 60_000 }).stdout;
    expect(help).toContain('--emulator <kind>');
    expect(help).toContain('--glue-image <image>');
  });
});
