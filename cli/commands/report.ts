import { Command } from 'commander';
import * as path from 'node:path';
import { resolveRunDir } from '../../common/run-dir';
import { formatCount, renderTable } from '../text-table';

interface ReportCommandOptions {
  run?: string;
  runsDir: string;
  out?: string;
  gate?: string;
  png: boolean;
  json?: boolean;
}

/** `stedi report`: Athena query evidence for every table of a run, as HTML (+ PNG per table). */
export function reportCommand(): Command {
  return new Command('report')
    .description('write the query evidence of a saved run: per table the validation query, count vs expected, sample rows, quality outcomes (HTML, PNG with Chromium)')
    .option('--run <dir>', 'run directory (default: the latest run)')
    .option('--runs-dir <dir>', 'where run directories are saved', path.join('.stedi', 'runs'))
    .option('--out <dir>', 'directory for index.html and the PNGs (default: <run>/report)')
    .option('--gate <file>', 'quality outcomes to include: the JSON printed by `stedi check --json`')
    .option('--no-png', 'skip the PNG screenshots')
    .option('--json', "print the report's result (files written, tables, verdict, notes) as one JSON document")
    .action(async (options: ReportCommandOptions) => {
      const { buildReport } = require('../../athena') as typeof import('../../athena');
      const runDir = resolveRunDir(options.run, options.runsDir);
      const result = await buildReport({
        runDir,
        outFile: options.out ? path.join(options.out, 'index.html') : undefined,
        gate: options.gate,
        chromium: options.png ? undefined : false,
      });
      process.exitCode = result.verdict.exitCode;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ runDir, ...result }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${renderTable(
          ['table', 'count', 'expected', 'status'],
          result.tables.map((t) => [t.table, formatCount(t.count), formatCount(t.expected), t.status]),
          [1, 2],
        )}\n\n`,
      );
      process.stdout.write(`report: ${result.htmlPath}\n`);
      if (result.overviewPng) process.stdout.write(`png:    ${result.overviewPng}\n`);
      for (const png of result.pngPaths) process.stdout.write(`png:    ${png}\n`);
      for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
      // The report's verdict is the run's: a FAILED run exits 2, a failed gate or count 1 (cli/exit.ts).
      process.stdout.write(`${result.verdict.headline} (exit ${result.verdict.exitCode})\n`);
    });
}
