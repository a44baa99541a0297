import { Command } from 'commander';

/** `stedi images build`: the docker backend's images, built from Debian, PyPI and the host's jar cache. */
export function imagesCommand(): Command {
  const images = new Command('images').description("the docker backend's images (stedi-moto, stedi-glue)");
  images
    .command('build')
    .description('build the images of the docker backend when their inputs changed (debootstrap a Debian base when no registry can be reached)')
    .option('--force', 'rebuild even when an image with the same content tag exists')
    .option('--json', 'print the images as JSON')
    .action(async (options: { force?: boolean; json?: boolean }) => {
      const { connectDocker, ensureImages } = require('../../harness/docker') as typeof import('../../harness/docker');
      const { stderrProgress } = require('../../harness/runtime/progress') as typeof import('../../harness/runtime/progress');
      const { docker } = await connectDocker();
      const built = await ensureImages(docker, stderrProgress, { force: options.force === true });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(built, null, 2)}\n`);
        return;
      }
      const line = (image: { tag: string; built: boolean; seconds: number }): string => `${image.tag}  ${image.built ? `built in ${image.seconds} s` : 'up to date'}`;
      process.stdout.write([`base  ${built.base.ref} (${built.base.source}, ${built.base.seconds} s)`, `moto  ${line(built.moto)}`, `glue  ${line(built.glue)}`].join('\n') + '\n');
    });
  return images;
}
