import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The installed package's root (the folder holding its package.json), found upward from this
 * file. The same code runs from the TypeScript sources (common/) and from the compiled build
 * (dist/common/), so data files shipped beside the code (harness/python, the requirements lock,
 * the bundled example's DDL, scripts and rules) are located from here, never from __dirname.
 */
export function findPackageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: the stedi package is incomplete`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** A file or folder shipped with the package, by its path from the package root. */
export function packagePath(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}
