import { Command } from 'commander';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import type { ClusterStatus } from '../../harness/cluster';
import { renderTable } from '../text-table';

interface ClusterCommandOptions {
  runsDir: string;
  json?: boolean;
}

interface ClusterUpOptions extends ClusterCommandOptions {
  workers: string;
  cores: string;
  memory: string;
}

const RUNS_DIR_HELP = 'the project\'s runs directory: the cluster\'s state (cluster.json) and logs (cluster/) live there';

function wholeNumber(option: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InputError('OPTION_INVALID', `${option} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

const loadCluster = (): typeof import('../../harness/cluster') => require('../../harness/cluster') as typeof import('../../harness/cluster');

function renderStatus(status: ClusterStatus): string {
  const { state, master } = status;
  const lines = [
    `master  ${state.masterUrl} (UI ${state.masterUiUrl}), started ${state.startedAt}`,
    `workers ${state.workers} × ${state.coresPerWorker} core(s), ${state.memoryPerWorker}; logs in ${state.dir}`,
    renderTable(
      ['process', 'pid', 'running', 'log'],
      status.processes.map((p) => [p.name, String(p.pid), p.alive ? 'yes' : 'NO', p.log]),
      [1],
    ),
  ];
  if (master) {
    lines.push(`the master: ${master.status}, ${master.aliveworkers} worker(s) alive, ${master.cores} cores, ${master.activeapps.length} running and ${master.completedapps.length} finished application(s)`);
    for (const app of [...master.activeapps, ...master.completedapps]) lines.push(`  ${app.id}  ${app.name}  ${app.state}  ${app.cores} core(s)`);
  } else {
    lines.push(`the master's UI does not answer: ${status.masterError ?? 'unknown'}`);
  }
  lines.push(`use it: stedi run --spark-master ${state.masterUrl}`);
  return lines.join('\n');
}

/**
 * `stedi cluster up|status|down`: a Spark standalone cluster on loopback (a master and
 * workers from the provisioned PySpark's own classes) that `stedi run --spark-master spark://…`
 * runs the jobs on. It outlives the command; `down` stops every process it started.
 */
export function clusterCommand(): Command {
  const cluster = new Command('cluster').description('a local Spark standalone cluster (master + workers on 127.0.0.1) for `stedi run --spark-master`');
  cluster
    .command('up')
    .description('start a Spark standalone master and workers on 127.0.0.1; prints the master URL for --spark-master')
    .option('--workers <n>', 'number of workers', '2')
    .option('--cores <n>', 'cores each worker offers', '1')
    .option('--memory <size>', 'memory each worker offers its executor (an executor takes 1g by default)', '1g')
    .option('--runs-dir <dir>', RUNS_DIR_HELP, path.join('.stedi', 'runs'))
    .option('--json', 'print the cluster state as JSON')
    .action(async (options: ClusterUpOptions) => {
      const { SparkStandaloneCluster } = loadCluster();
      const started = await new SparkStandaloneCluster(options.runsDir)
        .withWorkers(wholeNumber('--workers', options.workers))
        .withCores(wholeNumber('--cores', options.cores))
        .withMemory(options.memory)
        .start();
      process.stdout.write(options.json ? `${JSON.stringify(started.state, null, 2)}\n` : `${renderStatus(await started.status())}\n`);
    });
  cluster
    .command('status')
    .description('show the cluster of this runs directory: its processes and what the master reports (exit 1 when none runs)')
    .option('--runs-dir <dir>', RUNS_DIR_HELP, path.join('.stedi', 'runs'))
    .option('--json', 'print the status as JSON')
    .action(async (options: ClusterCommandOptions) => {
      const found = loadCluster().RunningSparkCluster.find(options.runsDir);
      if (!found) {
        process.stdout.write(options.json ? `${JSON.stringify({ running: false })}\n` : `no stedi cluster under ${options.runsDir}\n`);
        process.exitCode = 1;
        return;
      }
      const status = await found.status();
      const running = status.processes.every((p) => p.alive);
      process.stdout.write(options.json ? `${JSON.stringify({ running, ...status }, null, 2)}\n` : `${renderStatus(status)}\n`);
      if (!running) process.exitCode = 1;
    });
  cluster
    .command('down')
    .description('stop the cluster of this runs directory: every worker, executor and the master')
    .option('--runs-dir <dir>', RUNS_DIR_HELP, path.join('.stedi', 'runs'))
    .action(async (options: ClusterCommandOptions) => {
      const found = loadCluster().RunningSparkCluster.find(options.runsDir);
      if (!found) {
        process.stdout.write(`no stedi cluster under ${options.runsDir}\n`);
        return;
      }
      await found.stop();
      process.stdout.write(`stopped the cluster at ${found.masterUrl} (${found.state.processes.length} processes); logs kept in ${found.state.dir}\n`);
    });
  return cluster;
}
