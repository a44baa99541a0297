/**
 * A real failing image build on the real engine (the harness's Debian base, no network needed):
 * a Dockerfile step installing a Debian package that does not exist. The error must name the
 * step and the Dockerfile, and say what to do (the base must be Debian bookworm) above the
 * step's own output. The mapping of pip's and apt's other messages is unit-tested in
 * harness/docker/build-failure.test.ts. Skipped, saying why, when no Docker engine answers.
 */
import * as fs from 'node:fs';
import { silentProgress } from '../harness';
import { ensureBaseImage } from '../harness/docker/base-image';
import { connectDocker, dockerUnavailableReasonSync } from '../harness/docker/docker-engine';
import { buildImage } from '../harness/docker/image-build';
import type { ImageRecipe } from '../harness/docker/image-context';

const unavailable = process.env.STEDI_SKIP_INTEGRATION === '1' ? 'STEDI_SKIP_INTEGRATION=1' : dockerUnavailableReasonSync();
if (unavailable) console.warn(`skipping the docker image build suite: ${unavailable}`);
const describeDocker = unavailable ? describe.skip : describe;

// The failing step comes first after FROM: no layer is committed before it, so the failed build leaves no dangling image.
const DOCKERFILE = 'ARG BASE\nFROM ${BASE}\nRUN apt-get install -y --no-install-recommends stedi-no-such-package\n';

describeDocker('an image build that fails', () => {
  it('names the failing step and the Dockerfile, says what to do, and shows the step output', async () => {
    const started = Date.now();
    const { docker } = await connectDocker();
    const base = await ensureBaseImage(docker, silentProgress);
    const recipe: ImageRecipe = {
      name: 'moto',
      repository: 'stedi-buildfail',
      entries: [{ target: 'Dockerfile', digest: 'test', write: (file) => fs.writeFileSync(file, DOCKERFILE) }],
    };
    const failure = buildImage(docker, recipe, 'stedi-buildfail:test', base, silentProgress, true);
    await expect(failure).rejects.toMatchObject({ code: 'IMAGE_BUILD_FAILED' });
    const message = ((await failure.catch((error: Error) => error)) as Error).message;
    const [first, advice] = message.split('\n');
    expect(first).toMatch(/^building stedi-buildfail:test \(docker\/moto\.Dockerfile, BASE=[^)]+\) failed at Step 3\/\d+ : RUN apt-get install -y --no-install-recommends stedi-no-such-package: /);
    expect(advice).toMatch(/^What to do: Debian has no package stedi-no-such-package .*bookworm/);
    expect(message).toContain('--- last build output ---');
    expect(message).toContain('Unable to locate package stedi-no-such-package');
    // The failed build left no image under the tag, and no dangling layer.
    await expect(docker.getImage('stedi-buildfail:test').inspect()).rejects.toThrow();
    const dangling = await docker.listImages({ filters: { dangling: ['true'] } });
    expect(dangling.filter((image) => image.Created * 1000 >= started - 1000 && image.ParentId === base.id)).toEqual([]);
  }, 300_000);
});
