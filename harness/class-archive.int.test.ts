/**
 * `stedi provision` builds the JVM class archive up front (ensureClassArchive), and the archive it
 * builds is the one a later job server maps: its name hashes the class path, so a test class
 * path entry gives an identity of its own, built here and removed after.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProcess } from '../common/process-table';
import { ensureClassArchive } from './class-archive';
import { LocalHarness } from './local-harness';
import { silentProgress } from './runtime/progress';
import { provisionRuntime } from './runtime/provision';

describe('the JVM class archive built by provision', () => {
  const classPathEntry = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-identity-'));
  const sparkConf = { 'spark.driver.extraClassPath': classPathEntry };
  let built: string | undefined;
  afterAll(() => {
    if (built) fs.rmSync(built, { force: true });
    fs.rmSync(classPathEntry, { recursive: true, force: true });
  });

  it('is built for a class path that has none, and the next job server of that class path maps it', async () => {
    const runtime = await provisionRuntime(silentProgress);
    const outcome = await ensureClassArchive(runtime, { sparkConf, timeoutMs: 240_000 });
    expect(outcome).toMatchObject({ state: 'built' });
    built = outcome.archive;
    expect(fs.statSync(built!).size).toBeGreaterThan(10 * 2 ** 20);

    const harness = await new LocalHarness().withProgress(silentProgress).withSparkConf(sparkConf).start();
    try {
      const jvmPid = harness.sparkInfo!.jvmPid!;
      expect(readProcess(jvmPid)?.command).toContain(`-XX:SharedArchiveFile=${built}`);
    } finally {
      await harness.stop();
    }
  }, 300_000);
});
