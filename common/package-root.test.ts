import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPackageRoot, PACKAGE_ROOT, packagePath } from './package-root';

describe('package root', () => {
  it('is the folder of this repository package.json, from the sources', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe('stedi-lakehouse-harness');
    expect(packagePath('harness', 'runtime', 'requirements.lock')).toBe(path.join(PACKAGE_ROOT, 'harness/runtime/requirements.lock'));
  });

  it('is found upward from a compiled folder with no package.json of its own (dist/common)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-root-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    const compiled = path.join(root, 'dist', 'common');
    fs.mkdirSync(compiled, { recursive: true });
    expect(findPackageRoot(compiled)).toBe(root);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
