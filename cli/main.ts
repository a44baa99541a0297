import { buildProgram } from './program';
import { exitCodeFor, printError } from './exit';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    printError(error);
    process.exitCode = exitCodeFor(error);
  });
