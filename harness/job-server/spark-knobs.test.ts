import { StediError } from '../../common/errors';
import { sparkKnobsFromEnvironment } from './spark-knobs';

describe('the job server memory knobs from the environment', () => {
  it('are absent unless set', () => {
    expect(sparkKnobsFromEnvironment({})).toEqual({});
  });

  it('become the Spark settings they name', () => {
    expect(sparkKnobsFromEnvironment({ STEDI_SPARK_DRIVER_MEMORY: '2G', STEDI_SPARK_SHUFFLE_PARTITIONS: '16' })).toEqual({
      'spark.driver.memory': '2g',
      'spark.sql.shuffle.partitions': '16',
    });
  });

  it.each([
    ['STEDI_SPARK_DRIVER_MEMORY', '2 gigabytes'],
    ['STEDI_SPARK_DRIVER_MEMORY', '-1g'],
    ['STEDI_SPARK_SHUFFLE_PARTITIONS', '0'],
    ['STEDI_SPARK_SHUFFLE_PARTITIONS', 'many'],
  ])('refuse %s=%s, naming the variable', (key, value) => {
    expect(() => sparkKnobsFromEnvironment({ [key]: value })).toThrow(StediError);
    expect(() => sparkKnobsFromEnvironment({ [key]: value })).toThrow(key);
  });
});
