import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentError } from '../../common/errors';
import { cacheRoot } from '../runtime/paths';
import type { ProgressSink } from '../runtime/progress';
import type { Dockerode } from './docker-engine';

/** The base both images start from when a registry can be reached. */
export const REGISTRY_BASE = 'debian:bookworm-slim';
/** The base made here otherwise: Debian bookworm (minbase) from Debian's package mirror. */
export const BOOTSTRAPPED_BASE = 'stedi-debian:bookworm-minbase';
const DEBIAN_MIRROR = process.env.STEDI_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

export interface BaseImage {
  ref: string;
  id: string;
  /** How it was obtained this time: already present, pulled, imported from the cached tarball, bootstrapped. */
  source: 'present' | 'pulled' | 'imported' | 'bootstrapped' | 'configured';
  seconds: number;
}

const seconds = (since: number): number => Math.round((performance.now() - since) / 100) / 10;

async function imageId(docker: Dockerode, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch {
    return undefined;
  }
}

function followProgress(docker: Dockerode, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failed = error ?? output.find((event) => event.error);
      if (failed) reject(error ?? new Error((failed as { error: string }).error));
      else resolve();
    });
  });
}

async function tryPull(docker: Dockerode, ref: string, progress: ProgressSink): Promise<boolean> {
  progress(`pulling ${ref}...`);
  try {
    const stream = await docker.pull(ref);
    await followProgress(docker, stream);
    return true;
  } catch (error) {
    progress(`cannot pull ${ref} (${(error as Error).message.split('\n')[0]}); making a Debian base with debootstrap instead`);
    return false;
  }
}

function run(command: string, args: string[], progress: ProgressSink, what: string, hint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let lastReport = 0;
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n').filter((l) => l.trim())) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        // debootstrap prints a line per package: one progress line every few seconds is enough.
        if (performance.now() - lastReport > 5_000) {
          lastReport = performance.now();
          progress(`  ${line.trim()}`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new EnvironmentError('BASE_IMAGE_FAILED', `${what}: cannot run ${command} (${error.message}). ${hint}`, error)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new EnvironmentError('BASE_IMAGE_FAILED', `${what} failed (exit ${String(code)}). ${hint}\n${tail.join('\n')}`))));
  });
}

/** The cached root filesystem tarball (made once per machine, ~100 MB). */
export function baseTarball(): string {
  return path.join(cacheRoot(), 'docker', 'debian-bookworm-minbase.tar.gz');
}

async function bootstrapTarball(target: string, progress: ProgressSink): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new EnvironmentError('BASE_IMAGE_FAILED', `no ${REGISTRY_BASE} can be pulled and debootstrap needs root to make a base; run \`stedi images build\` once as root (or \`sudo debootstrap --variant=minbase bookworm DIR ${DEBIAN_MIRROR}\` and \`tar -C DIR -czf ${target} .\`), or set STEDI_DOCKER_BASE to an image you have`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-debootstrap-'));
  try {
    progress(`debootstrap bookworm (minbase) from ${DEBIAN_MIRROR} into ${root} (about a minute)...`);
    await run('debootstrap', ['--variant=minbase', 'bookworm', root, DEBIAN_MIRROR], progress, 'debootstrap', 'Install it (`apt-get install debootstrap`) and make sure the Debian mirror is reachable (STEDI_DEBIAN_MIRROR overrides it)');
    // Downloaded packages and package lists are not part of a base image.
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      for (const item of fs.readdirSync(path.join(root, dir))) {
        if (item.endsWith('.deb') || (dir.endsWith('lists') && item !== 'partial' && item !== 'lock')) fs.rmSync(path.join(root, dir, item), { force: true });
      }
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.part-${process.pid}`;
    await run('tar', ['-C', root, '--numeric-owner', '-czf', partial, '.'], progress, 'packing the base', 'tar and gzip are needed');
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function importTarball(docker: Dockerode, tarball: string, progress: ProgressSink): Promise<void> {
  progress(`importing ${tarball} as ${BOOTSTRAPPED_BASE}...`);
  const [repo, tag] = BOOTSTRAPPED_BASE.split(':');
  const options: Record<string, unknown> = { repo, tag, changes: ['CMD ["bash"]', 'ENV LANG=C.UTF-8'] };
  const stream = await docker.importImage(tarball, options);
  await followProgress(docker, stream);
}

/**
 * The base image of both Dockerfiles: STEDI_DOCKER_BASE when set; else debian:bookworm-slim if
 * present or pullable; else a Debian bookworm made here with debootstrap (root, the package
 * mirror) and `docker import`, its tarball cached for the next machine state.
 */
export async function ensureBaseImage(docker: Dockerode, progress: ProgressSink): Promise<BaseImage> {
  const mark = performance.now();
  const configured = process.env.STEDI_DOCKER_BASE;
  if (configured) {
    const id = (await imageId(docker, configured)) ?? ((await tryPull(docker, configured, progress)) ? await imageId(docker, configured) : undefined);
    if (!id) throw new EnvironmentError('BASE_IMAGE_FAILED', `STEDI_DOCKER_BASE=${configured} is not an image here and cannot be pulled`);
    return { ref: configured, id, source: 'configured', seconds: seconds(mark) };
  }
  for (const ref of [REGISTRY_BASE, BOOTSTRAPPED_BASE]) {
    const id = await imageId(docker, ref);
    if (id) return { ref, id, source: 'present', seconds: seconds(mark) };
  }
  if (await tryPull(docker, REGISTRY_BASE, progress)) {
    const id = await imageId(docker, REGISTRY_BASE);
    if (id) return { ref: REGISTRY_BASE, id, source: 'pulled', seconds: seconds(mark) };
  }
  const tarball = baseTarball();
  const cached = fs.existsSync(tarball);
  if (!cached) await bootstrapTarball(tarball, progress);
  await importTarball(docker, tarball, progress);
  const id = await imageId(docker, BOOTSTRAPPED_BASE);
  if (!id) throw new EnvironmentError('BASE_IMAGE_FAILED', `docker import of ${tarball} did not produce ${BOOTSTRAPPED_BASE}`);
  return { ref: BOOTSTRAPPED_BASE, id, source: cached ? 'imported' : 'bootstrapped', seconds: seconds(mark) };
}
