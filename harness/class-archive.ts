/**
 * The JVM class archive of a Spark start (harness/python/stedi_glue/jvm_start.py): the classes a
 * start loads, mapped instead of parsed, which halves a start's CPU. A job server that finds none
 * builds one in a separate JVM after its warm-up, and that JVM dies with its job server: a machine
 * that only ever ran short `stedi run --no-dev`s kept starting builders that never finished, and
 * the first runs of a machine shared its two cores with one (bench/RESULTS.md, 2026-12-03).
 * `stedi provision` therefore builds it up front, through a real harness start, so the archive is
 * the one the job server itself looks for (its name hashes the JDK and the class path).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalHarness } from './local-harness';
import { silentProgress } from './runtime/progress';
import type { Runtime } from './runtime/provision';

export interface ClassArchiveOutcome {
  state: 'present' | 'built' | 'off' | 'not-built';
  /** The archive's path when one is there. */
  archive?: string;
  seconds: number;
  /** Why none was built. */
  reason?: string;
}

const ARCHIVE = /^spark-[0-9a-f]{16}\.jsa$/;
const BUILDING = /^spark-[0-9a-f]{16}\.\d+\.building$/;

function archiveFolder(runtime: Runtime): string {
  return path.join(runtime.python.venvDir, 'stedi-cds');
}

function listFolder(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

/** An archive of this runtime's, if there is one (for a class path of its own, not told apart). */
export function existingClassArchive(runtime: Runtime): string | undefined {
  const folder = archiveFolder(runtime);
  const name = listFolder(folder).find((entry) => ARCHIVE.test(entry));
  return name === undefined ? undefined : path.join(folder, name);
}

/**
 * Builds the archive for this runtime unless one is there (or STEDI_SPARK_CDS=0): starts the local
 * harness, waits for its job server's builder to finish, stops the harness. `sparkConf` is for
 * tests (a class path entry makes another archive identity).
 */
export async function ensureClassArchive(runtime: Runtime, options: { timeoutMs?: number; sparkConf?: Record<string, string> } = {}): Promise<ClassArchiveOutcome> {
  const mark = performance.now();
  const elapsed = (): number => Math.round(performance.now() - mark) / 1000;
  if (process.env.STEDI_SPARK_CDS === '0') return { state: 'off', seconds: 0, reason: 'STEDI_SPARK_CDS=0' };
  const present = existingClassArchive(runtime);
  if (present !== undefined && options.sparkConf === undefined) return { state: 'present', archive: present, seconds: 0 };
  const folder = archiveFolder(runtime);
  const before = new Set(listFolder(folder).filter((name) => ARCHIVE.test(name)));

  const harness = await new LocalHarness().withProgress(silentProgress).withSparkConf(options.sparkConf ?? {}).start();
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    // The builder starts after the job server's warm-up and leaves a marker while it runs; the
    // archive appears once its JVM exits cleanly. A marker that goes away with no new archive,
    // or none within a minute of the start, means no archive is coming.
    const markerDeadline = Date.now() + 60_000;
    let sawMarker = false;
    while (Date.now() < deadline) {
      const names = listFolder(folder);
      const built = names.find((name) => ARCHIVE.test(name) && !before.has(name));
      if (built) return { state: 'built', archive: path.join(folder, built), seconds: elapsed() };
      const building = names.some((name) => BUILDING.test(name));
      if (building) sawMarker = true;
      else if (sawMarker) return { state: 'not-built', seconds: elapsed(), reason: 'the builder exited without writing an archive (see the job server log)' };
      else if (Date.now() > markerDeadline) {
        const present = names.find((name) => ARCHIVE.test(name));
        if (present) return { state: 'present', archive: path.join(folder, present), seconds: elapsed() };
        return { state: 'not-built', seconds: elapsed(), reason: 'the job server started no builder within a minute' };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { state: 'not-built', seconds: elapsed(), reason: `not done within ${Math.round((options.timeoutMs ?? 300_000) / 1000)} s` };
  } finally {
    await harness.stop();
  }
}
