import { CommanderError } from 'commander';
import { EmulatorError, EnvironmentError, InputError, StediError } from '../common/errors';
import { classifyError, EXIT_CANNOT_RUN, EXIT_INTERNAL, EXIT_OK, exitCodeFor } from './exit';

describe('exit codes follow the fault of the error', () => {
  it.each([
    ['bad input', new InputError('PIPELINE_CYCLE', 'a cycle'), 'user', EXIT_CANNOT_RUN],
    ['a missing tool', new EnvironmentError('JAVA_MISSING', 'no java'), 'environment', EXIT_CANNOT_RUN],
    ['a dead emulator', new EmulatorError('EMULATOR_DIED', 'gone'), 'environment', EXIT_CANNOT_RUN],
    ['a bug of stedi', new StediError('RUN_ARTIFACT_WRITE_INVALID', 'bad record', { fault: 'internal' }), 'internal', EXIT_INTERNAL],
    ['an untyped exception', new TypeError('x is undefined'), 'internal', EXIT_INTERNAL],
    ['a system error of the machine', Object.assign(new Error('spawn python3 ENOENT'), { code: 'ENOENT' }), 'environment', EXIT_CANNOT_RUN],
    ['a usage error', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'"), 'user', EXIT_CANNOT_RUN],
  ] as Array<[string, unknown, string, number]>)('%s', (_what, error, fault, code) => {
    expect(classifyError(error).fault).toBe(fault);
    expect(exitCodeFor(error)).toBe(code);
  });

  it('keeps the code and message of a typed error, and strips commander\'s "error: " prefix', () => {
    expect(classifyError(new InputError('DATASET_UNKNOWN', 'dataset "x" is not in p.yaml'))).toEqual({ code: 'DATASET_UNKNOWN', message: 'dataset "x" is not in p.yaml', fault: 'user' });
    expect(classifyError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'"))).toEqual({ code: 'USAGE', message: "unknown option '--bogus'", fault: 'user' });
  });

  it('help and version are not errors', () => {
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(EXIT_OK);
  });
});
