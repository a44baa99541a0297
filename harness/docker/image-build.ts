import * as fs from 'node:fs';
import createDebug from 'debug';
import { EnvironmentError } from '../../common/errors';
import { ensureJars } from '../runtime/jars';
import type { ProgressSink } from '../runtime/progress';
import { ensureBaseImage, type BaseImage } from './base-image';
import { buildFailureMessage } from './build-failure';
import type { Dockerode } from './docker-engine';
import { assembleContext, caBundleEntry, contentTag, glueRecipe, motoRecipe, type ImageName, type ImageRecipe } from './image-context';
import { HARNESS_LABEL } from './lifecycle';

const debug = createDebug('stedi:docker');

export interface BuiltImage {
  name: ImageName;
  tag: string;
  /** The engine's image id (sha256:...), recorded in run.json. */
  id: string;
  /** Built now (and how long it took), or found by its content tag. */
  built: boolean;
  seconds: number;
}

export interface HarnessImages {
  base: BaseImage;
  glue: BuiltImage;
  moto: BuiltImage;
}

const seconds = (since: number): number => Math.round((performance.now() - since) / 100) / 10;

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * `docker build --network host --build-arg BASE=...` through the Engine API, with each Dockerfile
 * step as a progress line; a failure names the step, its last output and what to do.
 */
export async function buildImage(docker: Dockerode, recipe: ImageRecipe, tag: string, base: BaseImage, progress: ProgressSink, noCache: boolean): Promise<void> {
  const context = assembleContext(recipe, tag);
  const label = `[${recipe.name}]`;
  let step = '(before the first step)';
  const tail: string[] = [];
  try {
    const stream = await docker.buildImage(
      { context, src: fs.readdirSync(context) },
      { t: tag, buildargs: { BASE: base.ref }, networkmode: 'host', labels: { [HARNESS_LABEL]: 'image' }, rm: true, forcerm: true, nocache: noCache },
    );
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: BuildEvent) => {
          if (event.error) {
            reject(new Error(event.errorDetail?.message ?? event.error));
            return;
          }
          for (const line of (event.stream ?? '').split('\n').map((l) => l.trimEnd()).filter(Boolean)) {
            tail.push(line);
            if (tail.length > 25) tail.shift();
            if (/^Step \d+\/\d+ :/.test(line)) {
              step = line;
              progress(`${label} ${line.length > 160 ? `${line.slice(0, 157)}...` : line}`);
            } else if (/^(Successfully (built|installed)|Collecting pyspark|Setting up openjdk)/.test(line)) {
              progress(`${label}   ${line.slice(0, 160)}`);
            }
          }
        },
      );
    });
  } catch (error) {
    throw new EnvironmentError('IMAGE_BUILD_FAILED', buildFailureMessage({ tag, dockerfile: `docker/${recipe.name}.Dockerfile`, base: base.ref, step, error: (error as Error).message, tail }), error);
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
}

/** The image's id, or undefined when the engine has no image of that name. */
export async function imageId(docker: Dockerode, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch {
    return undefined;
  }
}

async function ensureImage(docker: Dockerode, recipe: ImageRecipe, base: BaseImage, progress: ProgressSink, options: BuildOptions): Promise<BuiltImage> {
  const tag = contentTag(recipe, base.id);
  const mark = performance.now();
  const found = options.force || options.noCache ? undefined : await imageId(docker, tag);
  if (found) {
    debug('%s is up to date', tag);
    return { name: recipe.name, tag, id: found, built: false, seconds: seconds(mark) };
  }
  progress(`building ${tag} from docker/${recipe.name}.Dockerfile on ${base.ref} (first time: minutes; then only what changed)...`);
  await buildImage(docker, recipe, tag, base, progress, options.noCache === true);
  const took = seconds(mark);
  progress(`built ${tag} in ${took} s`);
  const id = await imageId(docker, tag);
  if (!id) throw new EnvironmentError('IMAGE_BUILD_FAILED', `the build of ${tag} reported success but the engine has no image ${tag}`);
  return { name: recipe.name, tag, id, built: true, seconds: took };
}

/**
 * The two images of the docker backend, built when their content tag is missing: the base
 * first (pulled or bootstrapped), then moto and Glue. The jars come from the host's cache
 * (downloaded there first if missing, checksums verified).
 */
export interface BuildOptions {
  /** Build even when the content tag exists (Docker's layer cache still applies). */
  force?: boolean;
  /** Build every step again, without Docker's layer cache (a cold build; implies force). */
  noCache?: boolean;
}

export async function ensureImages(docker: Dockerode, progress: ProgressSink, options: BuildOptions = {}): Promise<HarnessImages> {
  const base = await ensureBaseImage(docker, progress);
  const jars = await ensureJars(progress);
  const ca = caBundleEntry();
  const moto = await ensureImage(docker, motoRecipe(ca), base, progress, options);
  const glue = await ensureImage(docker, glueRecipe(jars, ca), base, progress, options);
  return { base, glue, moto };
}
