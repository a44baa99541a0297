/**
 * CLI conventions (issue 11): usage errors exit 2 on every command (1 means a check failed),
 * `--version`, and `--help` loads none of the heavy modules (AWS SDK, DuckDB, Arrow, faker).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Command, CommanderError } from 'commander';
import { classifyError, EXIT_CANNOT_RUN, exitCodeFor } from './exit';
import { buildProgram } from './program';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stedi.js');
const COMMANDS = ['run', 'check', 'dev', 'generate', 'query', 'report', 'provision', 'init', 'images', 'cluster'];

/** Parses argv like the CLI does, with commander's own output silenced; returns what it threw. */
async function parseError(args: string[]): Promise<unknown> {
  const program = buildProgram();
  const silent = { writeOut: () => undefined, writeErr: () => undefined };
  program.configureOutput(silent);
  const quiet = (command: Command): void => {
    command.configureOutput(silent);
    command.commands.forEach(quiet);
  };
  quiet(program);
  try {
    await program.parseAsync(['node', 'stedi', ...args]);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('usage errors exit 2 on every command', () => {
  it('the program has exactly the commands this test covers', () => {
    expect(buildProgram().commands.map((c) => c.name()).sort()).toEqual([...COMMANDS].sort());
  });

  it.each(COMMANDS)('%s: an unknown option', async (command) => {
    const error = await parseError([command, '--no-such-option']);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).code).toBe('commander.unknownOption');
    expect(classifyError(error)).toMatchObject({ code: 'USAGE', fault: 'user' });
    expect(exitCodeFor(error)).toBe(EXIT_CANNOT_RUN);
  });

  it('images build: an unknown option (a nested command exits 2 too)', async () => {
    const error = await parseError(['images', 'build', '--no-such-option']);
    expect((error as CommanderError).code).toBe('commander.unknownOption');
    expect(exitCodeFor(error)).toBe(EXIT_CANNOT_RUN);
  });

  it.each(COMMANDS.filter((c) => c !== 'query' && c !== 'init' && c !== 'images' && c !== 'cluster'))('%s: an unexpected argument', async (command) => {
    const error = await parseError([command, 'stray-argument']);
    expect((error as CommanderError).code).toBe('commander.excessArguments');
    expect(exitCodeFor(error)).toBe(EXIT_CANNOT_RUN);
  });

  it.each([
    ['query: its SQL argument missing', ['query'], 'commander.missingArgument'],
    ['run: a --backend that is not offered (aws)', ['run', '--backend', 'aws'], 'commander.invalidArgument'],
    ['run: an option value missing', ['run', '--landing'], 'commander.optionMissingArgument'],
    ['check: an option value missing', ['check', '--run'], 'commander.optionMissingArgument'],
    ['report: an option value missing', ['report', '--out'], 'commander.optionMissingArgument'],
    ['generate: an option value missing', ['generate', '--seed'], 'commander.optionMissingArgument'],
    ['query: an option value missing', ['query', 'SELECT 1', '--database'], 'commander.optionMissingArgument'],
    ['init: an option value missing', ['init', '--name'], 'commander.optionMissingArgument'],
    ['an unknown command', ['no-such-command'], 'commander.unknownCommand'],
  ])('%s', async (_what, args, code) => {
    const error = await parseError(args);
    expect((error as CommanderError).code).toBe(code);
    expect(exitCodeFor(error)).toBe(EXIT_CANNOT_RUN);
  });

  it('the real process exits 2 on a usage error and names the option', () => {
    const result = spawnSync(process.execPath, [BIN, 'check', '--no-such-option'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
  });
});

describe('--version and --help', () => {
  it('--version prints the version of package.json and exits 0', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({ status: 0, stdout: version });
  });

  it('--help of the program and of every command loads no AWS SDK, DuckDB, Arrow or faker module', () => {
    // A child process with a fresh module cache, the TypeScript run through tsx as bin/stedi.js does.
    const script = `
      const { buildProgram } = require(${JSON.stringify(path.join(ROOT, 'cli', 'program.ts'))});
      const heavy = new Set();
      for (const args of [['--help'], ...${JSON.stringify(COMMANDS)}.map((c) => [c, '--help'])]) {
        const program = buildProgram();
        const quiet = { writeOut: () => undefined, writeErr: () => undefined };
        program.configureOutput(quiet);
        for (const c of program.commands) c.configureOutput(quiet);
        try { program.parse(['node', 'stedi', ...args]); } catch (e) { if (e.exitCode !== 0) throw e; }
      }
      const loaded = Object.keys(require.cache);
      process.stdout.write(JSON.stringify({ loaded: loaded.length, heavy: loaded.filter((f) => /node_modules\\/(@aws-sdk|@smithy|@duckdb|apache-arrow|@faker-js)\\//.test(f)) }));
    `;
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { loaded: number; heavy: string[] };
    expect(report.loaded).toBeGreaterThan(5);
    expect(report.heavy).toEqual([]);
  });
});
