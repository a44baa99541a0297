import { Command } from 'commander';

/**
 * `stedi provision`: install (once) and check the local runtime: Java, the Python venv, the jars,
 * and the JVM class archive that makes later Spark starts cheap (harness/class-archive.ts).
 */
export function provisionCommand(): Command {
  return new Command('provision')
    .description('install and check the local runtime (Java 17, Python venv with PySpark/moto, s3a jars, the JVM class archive of a Spark start)')
    .option('--json', 'print the runtime as JSON')
    .option('--no-class-archive', 'do not build the JVM class archive now (the first job server builds it in the background)')
    .action(async (options: { json?: boolean; classArchive: boolean }) => {
      const { ensureClassArchive, provisionRuntime } = require('../../harness') as typeof import('../../harness');
      const runtime = await provisionRuntime();
      const classArchive = options.classArchive ? await ensureClassArchive(runtime) : undefined;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...runtime, classArchive }, null, 2)}\n`);
        return;
      }
      const archiveLine = (): string => {
        if (classArchive === undefined) return 'archive not built now (--no-class-archive)';
        if (classArchive.state === 'present') return `archive ${classArchive.archive}`;
        if (classArchive.state === 'built') return `archive ${classArchive.archive} (built in ${classArchive.seconds.toFixed(1)} s)`;
        return `archive none: ${classArchive.reason ?? classArchive.state} (job servers start without it)`;
      };
      process.stdout.write(
        [
          `java    ${runtime.java.versionLine} (${runtime.java.executable})`,
          `python  ${runtime.python.version} (${runtime.python.python})`,
          ...runtime.jars.map((jar) => `jar     ${jar}`),
          archiveLine(),
        ].join('\n') + '\n',
      );
    });
}
