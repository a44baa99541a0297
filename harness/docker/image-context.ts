import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { EnvironmentError } from '../../common/errors';
import { packagePath } from '../../common/package-root';
import { cacheRoot, PYTHON_SOURCE_DIR } from '../runtime/paths';
import { jarFileName, SPARK_JARS } from '../runtime/pins';
import { REQUIREMENTS_LOCK } from '../runtime/python-env';

export type ImageName = 'glue' | 'moto';

/** Debian's bundle: the host's trust store, a TLS-inspecting proxy's CA included. */
export const DEFAULT_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** One file of a build context: where it goes, what it holds (a digest), how to produce it. */
interface ContextEntry {
  target: string;
  digest: string;
  write(file: string): void;
}

export interface ImageRecipe {
  name: ImageName;
  /** Repository of the tag (`stedi-glue`); the tag is the content hash. */
  repository: string;
  entries: ContextEntry[];
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

function fileEntry(target: string, source: string): ContextEntry {
  return { target, digest: sha256(fs.readFileSync(source)), write: (file) => fs.copyFileSync(source, file) };
}

function textEntry(target: string, text: string): ContextEntry {
  return { target, digest: sha256(text), write: (file) => fs.writeFileSync(file, text) };
}

/**
 * The CA bundle the build trusts (pip to PyPI): STEDI_CA_BUNDLE, else the host's Debian bundle,
 * else Node's own root certificates written as PEM (a machine without Debian's layout).
 */
export function caBundleEntry(configured = process.env.STEDI_CA_BUNDLE): ContextEntry {
  if (configured) {
    if (!fs.existsSync(configured)) throw new EnvironmentError('CA_BUNDLE_MISSING', `STEDI_CA_BUNDLE=${configured} does not exist; point it at a PEM file of the CA certificates HTTPS from the build must trust`);
    return fileEntry('ca-bundle.crt', configured);
  }
  if (fs.existsSync(DEFAULT_CA_BUNDLE)) return fileEntry('ca-bundle.crt', DEFAULT_CA_BUNDLE);
  return textEntry('ca-bundle.crt', `${tls.rootCertificates.join('\n')}\n`);
}

/** harness/python without its tests and caches: the awsglue layer and the job server. */
/** The Python sources under `root` (tests and caches left out), placed under python/ in the context. */
function pythonLayerEntries(root = PYTHON_SOURCE_DIR): ContextEntry[] {
  const entries: ContextEntry[] = [];
  const walk = (dir: string): void => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (item.name === '__pycache__' || item.name === 'tests' || item.name.startsWith('.')) continue;
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.isFile() && !item.name.endsWith('.pyc')) entries.push(fileEntry(path.join('python', path.relative(PYTHON_SOURCE_DIR, full)), full));
    }
  };
  walk(root);
  return entries;
}

/**
 * The pinned jars: linked (or copied) from the host's verified cache, so a build never downloads
 * them again; their digest is the pinned SHA-1, checked again inside the build (`sha1sum -c`).
 */
function jarEntries(jarPaths: readonly string[]): ContextEntry[] {
  const byName = new Map(jarPaths.map((jar) => [path.basename(jar), jar]));
  const entries = SPARK_JARS.map((jar): ContextEntry => {
    const name = jarFileName(jar);
    const source = byName.get(name);
    if (!source) throw new EnvironmentError('JAR_MISSING', `${name} is not in the jar cache (${path.join(cacheRoot(), 'jars')}); run \`stedi provision\``);
    return {
      target: path.join('jars', name),
      digest: jar.sha1,
      write: (file) => {
        try {
          fs.linkSync(source, file);
        } catch {
          fs.copyFileSync(source, file);
        }
      },
    };
  });
  const sums = SPARK_JARS.map((jar) => `${jar.sha1}  ${jarFileName(jar)}\n`).join('');
  return [...entries, textEntry(path.join('jars', 'jars.sha1'), sums)];
}

export function dockerfilePath(name: ImageName): string {
  return packagePath('docker', `${name}.Dockerfile`);
}

export function glueRecipe(jarPaths: readonly string[], caBundle = caBundleEntry()): ImageRecipe {
  return {
    name: 'glue',
    repository: 'stedi-glue',
    entries: [
      fileEntry('Dockerfile', dockerfilePath('glue')),
      caBundle,
      fileEntry('requirements.lock', REQUIREMENTS_LOCK),
      ...jarEntries(jarPaths),
      ...pythonLayerEntries(),
      fileEntry('job-bridge.py', packagePath('docker', 'job-bridge.py')),
    ],
  };
}

export function motoRecipe(caBundle = caBundleEntry()): ImageRecipe {
  return {
    name: 'moto',
    repository: 'stedi-moto',
    entries: [
      fileEntry('Dockerfile', dockerfilePath('moto')),
      caBundle,
      fileEntry('requirements.lock', REQUIREMENTS_LOCK),
      // The same emulator as the local backend: moto with objects streamed from their files.
      ...pythonLayerEntries(path.join(PYTHON_SOURCE_DIR, 'stedi_moto')),
    ],
  };
}

/**
 * The image's tag: a hash of every input (the base image's id, each context file's path and
 * content). An unchanged tree finds its image; any change (the lock, a jar pin, the CA bundle,
 * one line of the awsglue layer, the base) names a new one.
 */
export function contentTag(recipe: ImageRecipe, baseImageId: string): string {
  const lines = [`base ${baseImageId}`, ...recipe.entries.map((entry) => `${entry.target} ${entry.digest}`).sort()];
  return `${recipe.repository}:${sha256(lines.join('\n')).slice(0, 16)}`;
}

/** Writes the context into a fresh directory (under the cache: jars hard-link on one filesystem). */
export function assembleContext(recipe: ImageRecipe, tag: string): string {
  const dir = path.join(cacheRoot(), 'docker', 'contexts', tag.replace(/[:/]/g, '-'));
  fs.rmSync(dir, { recursive: true, force: true });
  for (const entry of recipe.entries) {
    const file = path.join(dir, entry.target);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    entry.write(file);
  }
  return dir;
}
