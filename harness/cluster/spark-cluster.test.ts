import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StediError } from '../../common/errors';
import { processStartTicks, writeClusterState } from './cluster-state';
import { parseWorkerMemory, resolveSparkMaster, SparkStandaloneCluster } from './spark-cluster';

describe('cluster options', () => {
  it.each([['1g', '1g'], ['512M', '512m'], [' 2G ', '2g']])('worker memory %j is %j', (given, expected) => {
    expect(parseWorkerMemory(given)).toBe(expected);
  });

  it.each(['1', '1gb', '0g', '256m', 'lots'])('worker memory %j is refused', (given) => {
    expect(() => parseWorkerMemory(given)).toThrow(StediError);
  });

  it.each([0, -1, 1.5, 17])('%s workers are refused', (count) => {
    expect(() => new SparkStandaloneCluster('/tmp/x').withWorkers(count)).toThrow('--workers must be a whole number from 1 to 16');
  });
});

describe('--spark-master cluster', () => {
  let runsDir: string;
  beforeEach(() => (runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-alias-'))));
  afterEach(() => fs.rmSync(runsDir, { recursive: true, force: true }));

  it('leaves every other master as given', () => {
    expect(resolveSparkMaster(undefined, runsDir)).toBeUndefined();
    expect(resolveSparkMaster('local[2]', runsDir)).toBe('local[2]');
    expect(resolveSparkMaster('spark://127.0.0.1:7077', runsDir)).toBe('spark://127.0.0.1:7077');
  });

  it('is refused when no cluster runs for the runs directory, saying how to start one', () => {
    expect(() => resolveSparkMaster('cluster', runsDir)).toThrow(expect.objectContaining({ code: 'CLUSTER_NOT_RUNNING' }));
    expect(() => resolveSparkMaster('cluster', runsDir)).toThrow('stedi cluster up');
  });

  it('is the master URL of the running cluster recorded there', () => {
    // A stand-in for the daemons: this very process, so the state reads as running.
    const self = { pid: process.pid, startTicks: processStartTicks(process.pid), log: '/dev/null' };
    writeClusterState(runsDir, {
      schemaVersion: 1, masterUrl: 'spark://127.0.0.1:45678', masterUiUrl: 'http://127.0.0.1:45679', workers: 1, coresPerWorker: 1,
      memoryPerWorker: '1g', startedAt: new Date().toISOString(), dir: runsDir,
      processes: [{ ...self, role: 'master', name: 'master' }, { ...self, role: 'worker', name: 'worker-1' }],
    });
    expect(resolveSparkMaster('cluster', runsDir)).toBe('spark://127.0.0.1:45678');
  });
});
