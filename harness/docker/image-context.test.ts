import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultMounts } from './docker-harness';
import { buildHint } from './build-failure';
import { caBundleEntry, contentTag, glueRecipe, motoRecipe } from './image-context';
import { HARNESS_LABEL, HOST_LABEL, isStale, PID_LABEL } from './lifecycle';
import { SPARK_JARS, jarFileName } from '../runtime/pins';

const fakeJars = (): string[] => SPARK_JARS.map((jar) => path.join('/nowhere', jarFileName(jar)));

describe('image content tags', () => {
  it('are stable for unchanged inputs and change with the base, the CA bundle or a context file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-'));
    fs.writeFileSync(path.join(dir, 'a.pem'), 'A');
    fs.writeFileSync(path.join(dir, 'b.pem'), 'B');
    const tag = contentTag(glueRecipe(fakeJars(), caBundleEntry(path.join(dir, 'a.pem'))), 'sha256:base1');
    expect(tag).toMatch(/^stedi-glue:[0-9a-f]{16}$/);
    expect(contentTag(glueRecipe(fakeJars(), caBundleEntry(path.join(dir, 'a.pem'))), 'sha256:base1')).toBe(tag);
    expect(contentTag(glueRecipe(fakeJars(), caBundleEntry(path.join(dir, 'a.pem'))), 'sha256:base2')).not.toBe(tag);
    expect(contentTag(glueRecipe(fakeJars(), caBundleEntry(path.join(dir, 'b.pem'))), 'sha256:base1')).not.toBe(tag);
    expect(contentTag(motoRecipe(caBundleEntry(path.join(dir, 'a.pem'))), 'sha256:base1')).toMatch(/^stedi-moto:/);
  });

  it('hash the awsglue layer, the bridge, the lock and the jar pins into the Glue image', () => {
    const targets = glueRecipe(fakeJars()).entries.map((entry) => entry.target);
    expect(targets).toEqual(expect.arrayContaining(['Dockerfile', 'ca-bundle.crt', 'requirements.lock', 'job-bridge.py', path.join('jars', 'jars.sha1'), path.join('python', 'stedi_glue', 'job_server.py'), path.join('python', 'awsglue', 'context.py')]));
    expect(targets.some((target) => target.includes('__pycache__') || target.includes(`${path.sep}tests${path.sep}`))).toBe(false);
  });

  it('refuse a configured CA bundle that does not exist, naming it', () => {
    expect(() => caBundleEntry('/no/such/ca.pem')).toThrow(/STEDI_CA_BUNDLE=\/no\/such\/ca.pem does not exist/);
  });

  it('missing jars name the cache and the command that fills it', () => {
    expect(() => glueRecipe([])).toThrow(/is not in the jar cache .*stedi provision/);
  });
});

describe('build failure hints', () => {
  it('say what to make reachable or install for each kind of step', () => {
    expect(buildHint('Step 3/11 : RUN apt-get update && apt-get install -y openjdk-17-jre-headless')).toMatch(/deb\.debian\.org/);
    expect(buildHint('Step 7/11 : RUN python3 -m venv /opt/stedi/venv && /opt/stedi/venv/bin/pip install -r x')).toMatch(/STEDI_CA_BUNDLE/);
    expect(buildHint('Step 9/16 : RUN cd /opt/stedi/jars && sha1sum -c jars.sha1')).toMatch(/stedi provision/);
  });
});

describe('docker backend housekeeping', () => {
  it('mounts the project and the working directory once each, never the filesystem root', () => {
    const mounts = defaultMounts('/');
    expect(mounts).not.toContain('/');
    expect(defaultMounts(path.join(mounts[0] as string, 'sub'))).toEqual(mounts);
  });

  it('judges labelled resources stale only when their process on this machine is gone', () => {
    const host = os.hostname();
    expect(isStale({ [HARNESS_LABEL]: 'docker-backend', [HOST_LABEL]: host, [PID_LABEL]: String(process.pid) })).toBe(false);
    expect(isStale({ [HARNESS_LABEL]: 'docker-backend', [HOST_LABEL]: host, [PID_LABEL]: '999999999' })).toBe(true);
    expect(isStale({ [HARNESS_LABEL]: 'docker-backend', [HOST_LABEL]: 'another-machine', [PID_LABEL]: '999999999' })).toBe(false);
    expect(isStale({ other: 'x' })).toBe(false);
  });
});
