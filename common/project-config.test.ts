import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isStediError } from './errors';
import { findProjectConfig, loadProjectConfig } from './project-config';

const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-config-')));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function errorOf(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (isStediError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no error thrown');
}

describe('project config discovery', () => {
  it('finds stedi.config.yaml in a parent folder; paths are relative to the config file', () => {
    const root = folder('found-upward', { 'stedi.config.yaml': 'pipeline: pipes/p.yaml\nlanding: data/sample\nrunsDir: out/runs\ndataset: sample\n' });
    const deep = folder('found-upward/a/b/c');
    const config = findProjectConfig(deep);
    expect(config?.file).toBe(path.join(root, 'stedi.config.yaml'));
    expect(config?.values).toEqual({
      pipeline: path.join(root, 'pipes', 'p.yaml'),
      landing: path.join(root, 'data', 'sample'),
      runsDir: path.join(root, 'out', 'runs'),
      dataset: 'sample',
    });
  });

  it('defaults runsDir to .stedi/runs in the project root, not the working directory', () => {
    const root = folder('runs-default', { 'stedi.config.yaml': 'pipeline: p.yaml\n' });
    expect(findProjectConfig(folder('runs-default/sub'))?.values.runsDir).toBe(path.join(root, '.stedi', 'runs'));
  });

  it('reads a "stedi" key in package.json; a package.json without it is passed by', () => {
    const root = folder('package-key', { 'package.json': JSON.stringify({ name: 'x', stedi: { pipeline: 'p.yaml', jobTimeout: 5 } }) });
    folder('package-key/inner', { 'package.json': JSON.stringify({ name: 'inner' }) });
    const config = findProjectConfig(path.join(root, 'inner'));
    expect(config?.file).toBe(path.join(root, 'package.json'));
    expect(config?.values.pipeline).toBe(path.join(root, 'p.yaml'));
    expect(config?.values.jobTimeout).toBe(5);
  });

  it('the nearest config wins', () => {
    folder('nearest', { 'stedi.config.yaml': 'pipeline: outer.yaml\n' });
    const inner = folder('nearest/inner', { 'stedi.config.yaml': 'pipeline: inner.yaml\n' });
    expect(findProjectConfig(inner)?.values.pipeline).toBe(path.join(inner, 'inner.yaml'));
  });

  it('finds nothing when no folder up to the root has one', () => {
    // The temp folder's ancestors (/tmp, /) hold no stedi config on a sane machine; say so if one does.
    const above = [os.tmpdir(), path.parse(os.tmpdir()).root].filter((dir) => fs.existsSync(path.join(dir, 'stedi.config.yaml')));
    expect(above).toEqual([]);
    expect(findProjectConfig(folder('none/a'))).toBeUndefined();
  });

  it('refuses two configs in one folder', () => {
    const dir = folder('both', { 'stedi.config.yaml': 'pipeline: p.yaml\n', 'package.json': '{"stedi": {"pipeline": "q.yaml"}}' });
    expect(errorOf(() => findProjectConfig(dir))).toMatchObject({ code: 'CONFIG_AMBIGUOUS', message: expect.stringContaining(dir) });
  });
});

describe('project config validation names the file and the key', () => {
  it.each([
    ['an unknown key (a typo)', 'pipline: p.yaml\n', /stedi\.config\.yaml is not a valid stedi configuration:\n\s+pipline: not a stedi config key \(keys: pipeline, runsDir/],
    ['a wrong type', 'pipeline: p.yaml\njobTimeout: soon\n', /jobTimeout: Expected number, received string/],
    ['a bad list item', 'defects: [serial-reuse, 3]\n', /defects\[1\]: Expected string, received number/],
    ['a backend that is not offered', 'backend: aws\n', /backend: Invalid enum value\. Expected 'local' \| 'docker', received 'aws'/],
    ['landing and profile together', 'landing: data\nprofile: stedi-2023\n', /landing, profile: give one default dataset, not both/],
    ['a negative seed', 'seed: -1\n', /seed: Number must be greater than or equal to 0/],
  ])('%s', (_what, text, message) => {
    const dir = folder(`invalid-${_what.replace(/\W+/g, '-')}`, { 'stedi.config.yaml': text });
    const error = errorOf(() => findProjectConfig(dir));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(path.join(dir, 'stedi.config.yaml'));
    expect(error.message).toMatch(message);
  });

  it('names the package.json key path', () => {
    const dir = folder('invalid-package', { 'package.json': '{"stedi": {"runsDir": 3}}' });
    expect(errorOf(() => findProjectConfig(dir)).message).toMatch(/package\.json is not a valid stedi configuration:\n\s+stedi\.runsDir: Expected string, received number/);
  });

  it('refuses YAML that does not parse, naming the file', () => {
    const dir = folder('bad-yaml', { 'stedi.config.yaml': 'pipeline: [unclosed\n' });
    expect(errorOf(() => findProjectConfig(dir))).toMatchObject({ code: 'CONFIG_YAML', message: expect.stringContaining(path.join(dir, 'stedi.config.yaml')) });
  });

  it('an empty file is an empty configuration (everything default)', () => {
    const dir = folder('empty', { 'stedi.config.yaml': '# nothing yet\n' });
    expect(findProjectConfig(dir)?.values).toEqual({ runsDir: path.join(dir, '.stedi', 'runs') });
  });

  it('loads an explicit file by path, and says when it cannot be read', () => {
    const dir = folder('explicit', { 'team.yaml': 'dataset: big\n' });
    expect(loadProjectConfig(path.join(dir, 'team.yaml')).values.dataset).toBe('big');
    expect(errorOf(() => loadProjectConfig(path.join(dir, 'missing.yaml'))).code).toBe('CONFIG_NOT_FOUND');
  });
});
