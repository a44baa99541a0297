import { assertSparkMaster, isLocalSparkMaster } from './spark-master';

describe('the Spark master check', () => {
  it.each(['local', 'local[1]', 'local[*]', 'local[4,2]', 'local[*,3]', 'local-cluster[2,1,1024]', 'spark://127.0.0.1:7077', 'spark://localhost:7077', 'spark://[::1]:7077', 'spark://127.0.0.1:7077,localhost:7078'])(
    'accepts the local master %s',
    (master) => {
      expect(isLocalSparkMaster(master)).toBe(true);
      expect(() => assertSparkMaster(master)).not.toThrow();
    },
  );

  it.each(['spark://10.0.0.5:7077', 'spark://spark.example.com:7077', 'spark://127.0.0.1:7077,10.0.0.5:7077', 'yarn', 'k8s://https://10.0.0.1:6443', 'mesos://127.0.0.1:5050', 'local[x]', 'spark://127.0.0.1', 'spark://128.0.0.1:7077', ''])(
    'refuses %s, naming it and the way out',
    (master) => {
      expect(isLocalSparkMaster(master)).toBe(false);
      expect(() => assertSparkMaster(master)).toThrow(expect.objectContaining({ code: expect.stringMatching(/SPARK_MASTER/) }));
    },
  );

  it('names the refused master and the option that allows it', () => {
    expect(() => assertSparkMaster('spark://10.1.2.3:7077')).toThrow(/"spark:\/\/10\.1\.2\.3:7077" is not local.*--allow-remote-spark/);
  });

  it('accepts a remote master only when the user allowed it explicitly', () => {
    expect(() => assertSparkMaster('spark://10.0.0.5:7077', true)).not.toThrow();
    expect(() => assertSparkMaster('yarn', true)).not.toThrow();
    expect(() => assertSparkMaster('  ', true)).toThrow(/empty/);
  });
});
