import { Command } from 'commander';

/** `stedi provision`: install (once) and check the local runtime: Java, the Python venv, the jars. */
export function provisionCommand(): Command {
  return new Command('provision')
    .description('install and check the local runtime (Java 17, Python venv with PySpark/moto, s3a jars)')
    .option('--json', 'print the runtime as JSON')
    .action(async (options: { json?: boolean }) => {
      const { provisionRuntime } = require('../../harness') as typeof import('../../harness');
      const runtime = await provisionRuntime();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(runtime, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        [
          `java    ${runtime.java.versionLine} (${runtime.java.executable})`,
          `python  ${runtime.python.version} (${runtime.python.python})`,
          ...runtime.jars.map((jar) => `jar     ${jar}`),
        ].join('\n') + '\n',
      );
    });
}
