import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import createDebug from 'debug';
import { EmulatorError, InputError } from '../../common/errors';
import { onExitCleanup } from '../emulator/child-processes';
import { findFreePort } from '../emulator/free-port';
import { provisionRuntime, type Runtime } from '../runtime/provision';
import { stderrProgress, type ProgressSink } from '../runtime/progress';
import {
  isProcessAlive,
  processGroupMembers,
  processStartTicks,
  readClusterState,
  removeClusterState,
  writeClusterState,
  type ClusterProcess,
  type ClusterState,
} from './cluster-state';
import { fetchMasterJson, waitForWorkers, type MasterJson } from './master-status';
import { pysparkHome, sparkClassScript } from './spark-home';

const debug = createDebug('stedi:cluster');

const LOOPBACK = '127.0.0.1';
/** Heap of the master and worker daemons themselves (executors get the worker's --memory). */
const DAEMON_HEAP = '256m';

/** `2g`, `512m`: what Spark's --memory accepts, checked before anything starts. */
export function parseWorkerMemory(value: string): string {
  const trimmed = value.trim();
  const match = /^(\d+)([mg])$/i.exec(trimmed);
  if (!match || Number(match[1]) === 0) throw new InputError('CLUSTER_OPTION_INVALID', `worker memory must look like 512m or 2g, got ${JSON.stringify(value)}`);
  if (match[2]?.toLowerCase() === 'm' && Number(match[1]) < 450) {
    // An executor JVM needs ~450 MiB: Spark refuses smaller executors ("System memory ... must be at least").
    throw new InputError('CLUSTER_OPTION_INVALID', `worker memory ${trimmed} is below the 450m an executor needs`);
  }
  return trimmed.toLowerCase();
}

function positiveInteger(option: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new InputError('CLUSTER_OPTION_INVALID', `${option} must be a whole number from 1 to ${max}, got ${String(value)}`);
  return value;
}

/**
 * The environment of the daemons and of the executors they fork: loopback addresses, the
 * harness's Java, an empty SPARK_CONF_DIR (no host spark-defaults.conf), and none of the
 * developer's AWS settings — executors reach S3 only through the s3a settings a job server passes.
 */
function daemonEnvironment(runtime: Runtime, sparkHome: string, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(AWS_|SPARK_|PYSPARK_)/i.test(key)) env[key] = value;
  const home = path.join(dir, 'home');
  const tmp = path.join(dir, 'tmp');
  const conf = path.join(dir, 'conf');
  for (const d of [home, tmp, conf]) fs.mkdirSync(d, { recursive: true });
  return {
    ...env,
    HOME: home,
    TMPDIR: tmp,
    JAVA_HOME: runtime.java.home,
    SPARK_HOME: sparkHome,
    SPARK_CONF_DIR: conf,
    SPARK_LOCAL_IP: LOOPBACK,
    SPARK_PUBLIC_DNS: LOOPBACK,
    SPARK_DAEMON_MEMORY: DAEMON_HEAP,
    SPARK_DAEMON_JAVA_OPTS: `-Djava.io.tmpdir=${tmp} -Duser.home=${home}`,
    PYSPARK_PYTHON: runtime.python.python,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CREDENTIAL_PROFILES_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * A Spark standalone cluster on loopback — one master and N workers — started from the
 * provisioned PySpark's own classes with the harness's Java 17, and left running after the
 * command that started it: its pids, URLs and logs go to `<runs dir>/cluster.json`, which
 * `RunningSparkCluster.find()` (`stedi cluster status|down`) reads back.
 */
export class SparkStandaloneCluster {
  private workers = 2;
  private cores = 1;
  private memory = '1g';
  private startupTimeoutMs = 180_000;
  private progress: ProgressSink = stderrProgress;

  constructor(private readonly runsDir: string) {}

  withWorkers(count: number): this {
    this.workers = positiveInteger('--workers', count, 16);
    return this;
  }

  /** Cores each worker offers (default 1: two workers fit a 2-core machine). */
  withCores(count: number): this {
    this.cores = positiveInteger('--cores', count, 256);
    return this;
  }

  /** Memory each worker offers its executors (default 1g, Spark's default executor size). */
  withMemory(memory: string): this {
    this.memory = parseWorkerMemory(memory);
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  withProgress(sink: ProgressSink): this {
    this.progress = sink;
    return this;
  }

  async start(): Promise<RunningSparkCluster> {
    const existing = RunningSparkCluster.find(this.runsDir);
    if (existing?.isRunning()) {
      throw new InputError('CLUSTER_RUNNING', `a stedi cluster already runs for ${this.runsDir} (master ${existing.masterUrl}); \`stedi cluster down\` stops it`);
    }
    if (existing) await existing.stop(); // a stale state file: sweep what is left, then start afresh
    const runtime = await provisionRuntime(this.progress);
    const sparkHome = pysparkHome(runtime.python);
    const dir = path.join(path.resolve(this.runsDir), 'cluster');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const env = daemonEnvironment(runtime, sparkHome, dir);
    const [port, uiPort] = [await findFreePort(LOOPBACK), await findFreePort(LOOPBACK)];
    const masterUrl = `spark://${LOOPBACK}:${port}`;
    const state: ClusterState = {
      schemaVersion: 1,
      masterUrl,
      masterUiUrl: `http://${LOOPBACK}:${uiPort}`,
      workers: this.workers,
      coresPerWorker: this.cores,
      memoryPerWorker: this.memory,
      startedAt: new Date().toISOString(),
      dir,
      processes: [],
    };
    const script = sparkClassScript(sparkHome);
    const launch = (proc: Omit<ClusterProcess, 'pid' | 'startTicks'>, args: string[], extraEnv: NodeJS.ProcessEnv = {}): void => {
      const out = fs.openSync(proc.log, 'a');
      try {
        // Own process group (detached): `down` signals the group, the executors a worker forked included.
        const child = spawn(script, args, { cwd: dir, env: { ...env, ...extraEnv }, stdio: ['ignore', out, out], detached: true });
        if (child.pid === undefined) throw new EmulatorError('CLUSTER_SPAWN_FAILED', `could not start ${script} for the ${proc.name}`);
        child.unref();
        state.processes.push({ ...proc, pid: child.pid, startTicks: processStartTicks(child.pid) });
      } finally {
        fs.closeSync(out);
      }
    };
    // Interrupted before the cluster is ready: nothing may be left running.
    const unregister = onExitCleanup(() => signalAll(state.processes, 'SIGKILL'));
    const running = new RunningSparkCluster(this.runsDir, state);
    try {
      launch({ role: 'master', name: 'master', log: path.join(dir, 'master.log') }, [
        'org.apache.spark.deploy.master.Master', '--host', LOOPBACK, '--port', String(port), '--webui-port', String(uiPort),
      ]);
      for (let i = 1; i <= this.workers; i++) {
        const workDir = path.join(dir, `worker-${i}`);
        fs.mkdirSync(path.join(workDir, 'local'), { recursive: true });
        launch(
          { role: 'worker', name: `worker-${i}`, log: path.join(dir, `worker-${i}.log`), workDir: path.join(workDir, 'work') },
          ['org.apache.spark.deploy.worker.Worker', '--host', LOOPBACK, '--port', '0', '--webui-port', '0',
            '--cores', String(this.cores), '--memory', this.memory, '--work-dir', path.join(workDir, 'work'), masterUrl],
          { SPARK_LOCAL_DIRS: path.join(workDir, 'local') },
        );
      }
      writeClusterState(this.runsDir, state); // before readiness: `down` can clean up a start that hangs
      this.progress(`starting a Spark standalone master and ${this.workers} worker(s) on ${LOOPBACK} (logs in ${dir})`);
      await waitForWorkers(state.masterUiUrl, this.workers, this.startupTimeoutMs, () => {
        const dead = state.processes.find((p) => !isProcessAlive(p));
        return dead ? `the Spark ${dead.name} (pid ${dead.pid}) exited while the cluster started; ${dead.log}:\n${tail(dead.log)}` : undefined;
      });
      debug('cluster ready at %s (UI %s)', masterUrl, state.masterUiUrl);
      return running;
    } catch (error) {
      await running.stop();
      throw error;
    } finally {
      unregister();
    }
  }
}

function signalAll(processes: ClusterProcess[], signal: NodeJS.Signals): void {
  for (const proc of processes) {
    if (!isProcessAlive(proc)) continue;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // the group is gone
    }
  }
}

export interface ClusterStatus {
  state: ClusterState;
  processes: Array<ClusterProcess & { alive: boolean }>;
  /** The master's own view, when its UI answers. */
  master?: MasterJson;
  masterError?: string;
}

/** A cluster some `stedi cluster up` started, as its state file describes it. */
export class RunningSparkCluster {
  constructor(
    readonly runsDir: string,
    readonly state: ClusterState,
  ) {}

  /** The cluster recorded under `runsDir`, or undefined when there is none (running or not). */
  static find(runsDir: string): RunningSparkCluster | undefined {
    const state = readClusterState(runsDir);
    return state ? new RunningSparkCluster(runsDir, state) : undefined;
  }

  get masterUrl(): string {
    return this.state.masterUrl;
  }

  get masterUiUrl(): string {
    return this.state.masterUiUrl;
  }

  /** The master and every worker still run. */
  isRunning(): boolean {
    return this.state.processes.length > 0 && this.state.processes.every(isProcessAlive);
  }

  async status(): Promise<ClusterStatus> {
    const processes = this.state.processes.map((p) => ({ ...p, alive: isProcessAlive(p) }));
    try {
      return { state: this.state, processes, master: await fetchMasterJson(this.masterUiUrl) };
    } catch (error) {
      return { state: this.state, processes, masterError: (error as Error).message };
    }
  }

  /**
   * Stops the workers (and the executors they forked), then the master: SIGTERM to each process
   * group, SIGKILL to what is left after the grace period; removes the state file. Logs stay.
   */
  async stop(graceMs = 10_000): Promise<void> {
    const order = [...this.state.processes.filter((p) => p.role === 'worker'), ...this.state.processes.filter((p) => p.role === 'master')];
    signalAll(order, 'SIGTERM');
    const remaining = (): number[] => order.flatMap((p) => processGroupMembers(p.pid).concat(isProcessAlive(p) ? [p.pid] : []));
    const deadline = Date.now() + graceMs;
    while (remaining().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    for (const proc of order) {
      // Only a group that still has members: a pid the OS gave to someone else is left alone.
      if (!isProcessAlive(proc) && processGroupMembers(proc.pid).length === 0) continue;
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
    }
    const killDeadline = Date.now() + 5_000;
    while (remaining().length > 0 && Date.now() < killDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const left = remaining();
    removeClusterState(this.runsDir);
    if (left.length > 0) throw new EmulatorError('CLUSTER_STOP_FAILED', `processes of the Spark cluster survived SIGKILL: ${left.join(', ')}`);
  }
}

/**
 * `--spark-master cluster`: the master URL of the cluster `stedi cluster up` started for this
 * runs directory; any other value is returned as given.
 */
export function resolveSparkMaster(master: string | undefined, runsDir: string): string | undefined {
  if (master?.trim() !== 'cluster') return master;
  const cluster = RunningSparkCluster.find(runsDir);
  if (!cluster?.isRunning()) {
    throw new InputError('CLUSTER_NOT_RUNNING', `--spark-master cluster: no stedi cluster runs for ${runsDir}${cluster ? ` (${cluster.masterUrl} has stopped)` : ''}; start one with \`stedi cluster up --runs-dir ${runsDir}\``);
  }
  return cluster.masterUrl;
}
