import { StediError } from '../../common/errors';
import { parseWorkerMemory, SparkStandaloneCluster } from './spark-cluster';

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
