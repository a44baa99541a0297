import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '..', 'bin', 'stedi.js');

function stedi(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('stedi CLI: bad input and bad environment fail fast with a clear message', () => {
  it('names a missing landing directory and exits 2', () => {
    const result = stedi(['run', '--landing', '/nonexistent/stedi-landing', '--no-check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('landing directory /nonexistent/stedi-landing does not exist');
  });

  it('names an empty landing folder and exits 2', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-landing-'));
    for (const folder of ['customer/landing', 'accelerometer/landing', 'step_trainer/landing']) fs.mkdirSync(path.join(root, folder), { recursive: true });
    fs.writeFileSync(path.join(root, 'customer/landing/c.json'), '{"email":"a@b.c"}\n');
    const result = stedi(['run', '--landing', root, '--no-check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/accelerometer\/landing has no (\*\.json )?files/);
  });

  it('names the bad key of an invalid pipeline definition and exits 2', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-pipeline-')), 'p.yaml');
    fs.writeFileSync(file, 'schemaVersion: 1\nname: p\ndatabase: db\nbuckets: [Not_A_Bucket]\ntables: []\n');
    const result = stedi(['run', '--landing', '.', '--pipeline', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/buckets\[0\]: an S3 bucket name/);
  });

  it('says Java is missing (PATH without java, no JAVA_HOME) and exits 2', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'empty-path-')) };
    delete env.JAVA_HOME;
    const result = stedi(['provision'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Java was not found.*Install a Java 17/s);
  });

  it('refuses a backend that is not available yet, naming it', () => {
    // docker is a backend now (harness/docker); aws is not offered yet.
    const result = stedi(['run', '--landing', '.', '--backend', 'aws']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/'aws' is invalid/);
  });
});
