import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentError } from '../../common/errors';
import { cacheRoot } from './paths';
import { MAVEN_CENTRAL, SPARK_JARS, jarFileName, jarRelativePath, type MavenJar } from './pins';
import { formatBytes, type ProgressSink } from './progress';

function sha1Of(file: string): string {
  return createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}

function isValid(file: string, jar: MavenJar): boolean {
  return fs.existsSync(file) && (jar.sha1 === '' || sha1Of(file) === jar.sha1);
}

/**
 * A cached jar checked once: the marker beside it records the SHA-1 it was verified against, so
 * later starts skip hashing the 270 MB AWS SDK bundle on every run.
 */
function isVerifiedInCache(file: string, jar: MavenJar): boolean {
  const marker = `${file}.verified`;
  if (fs.existsSync(marker) && fs.existsSync(file) && fs.readFileSync(marker, 'utf8') === jar.sha1) return true;
  if (!isValid(file, jar)) return false;
  fs.writeFileSync(marker, jar.sha1);
  return true;
}

async function download(url: string, target: string, progress: ProgressSink): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new EnvironmentError('JAR_DOWNLOAD_FAILED', `could not reach ${url}: ${(error as Error).message}. Is Maven Central reachable (proxy, network)?`, error);
  }
  if (!response.ok || !response.body) {
    throw new EnvironmentError('JAR_DOWNLOAD_FAILED', `GET ${url} answered ${response.status} ${response.statusText}`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const partial = `${target}.part-${process.pid}`;
  const out = fs.createWriteStream(partial);
  let received = 0;
  let nextReport = 0.25;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    received += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    if (total > 0 && received / total >= nextReport) {
      progress(`  ${path.basename(target)}: ${formatBytes(received)} / ${formatBytes(total)}`);
      nextReport += 0.25;
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  fs.renameSync(partial, target);
}

/**
 * Puts the pinned jars in the cache: copied from the local Maven repository when it has them,
 * else downloaded from Maven Central (STEDI_MAVEN_REPO overrides the URL), each checked
 * against its published SHA-1.
 */
export async function ensureJars(progress: ProgressSink): Promise<string[]> {
  const jarDir = path.join(cacheRoot(), 'jars');
  fs.mkdirSync(jarDir, { recursive: true });
  const repository = process.env.STEDI_MAVEN_REPO ?? MAVEN_CENTRAL;
  const localRepository = path.join(os.homedir(), '.m2', 'repository');
  const paths: string[] = [];
  for (const jar of SPARK_JARS) {
    const target = path.join(jarDir, jarFileName(jar));
    paths.push(target);
    if (isVerifiedInCache(target, jar)) continue;
    const fromM2 = path.join(localRepository, jarRelativePath(jar));
    if (isValid(fromM2, jar)) {
      fs.copyFileSync(fromM2, target);
      continue;
    }
    const url = `${repository}/${jarRelativePath(jar)}`;
    progress(`downloading ${jar.group}:${jar.artifact}:${jar.version} from ${url}`);
    await download(url, target, progress);
    if (!isValid(target, jar)) {
      const actual = sha1Of(target);
      fs.rmSync(target, { force: true });
      throw new EnvironmentError('JAR_CHECKSUM', `${url} has SHA-1 ${actual}, expected ${jar.sha1}; the download was removed`);
    }
  }
  return paths;
}
