import { buildProgram } from './program';
import { exitCodeFor, printError } from './exit';

// Known before parsing, so even a usage error answers a JSON consumer in JSON.
const json = process.argv.slice(2).includes('--json');

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    printError(error, json);
    process.exitCode = exitCodeFor(error);
  });
