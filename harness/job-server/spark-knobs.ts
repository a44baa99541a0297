import { InputError } from '../../common/errors';

/**
 * The memory knobs of the job server's Spark session, from the environment, so every entry
 * point (`stedi run`, `stedi dev`, the jest preset, benches) takes them alike:
 * - STEDI_SPARK_DRIVER_MEMORY (`2g`, `1536m`): spark.driver.memory, the heap of the JVM that, with
 *   a local master, also runs the tasks (Spark's default 1g holds the stedi-2023 profile at 10×).
 *   It sets the job server's footprint: the heap grows up to it once the data fill Spark's memory
 *   pool, the JVM adds ~0.45 GiB and the Python processes ~0.17 GiB (harness/python/stedi_glue/jvm_start.py);
 * - STEDI_SPARK_SHUFFLE_PARTITIONS (`200`): spark.sql.shuffle.partitions, the number of partitions
 *   a join or aggregation starts with (the harness's default 64); adaptive query execution then
 *   coalesces them to the data's size, as Spark and Glue do (harness/python/stedi_glue/spark.py).
 * Settings given in code (GlueJobServer.withSparkConf) win over these.
 */
export function sparkKnobsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const conf: Record<string, string> = {};
  const memory = env.STEDI_SPARK_DRIVER_MEMORY?.trim();
  if (memory) {
    if (!/^\d+[mg]$/i.test(memory)) throw new InputError('SPARK_KNOB_INVALID', `STEDI_SPARK_DRIVER_MEMORY must look like 2g or 1536m, got ${JSON.stringify(env.STEDI_SPARK_DRIVER_MEMORY)}`);
    conf['spark.driver.memory'] = memory.toLowerCase();
  }
  const partitions = env.STEDI_SPARK_SHUFFLE_PARTITIONS?.trim();
  if (partitions) {
    if (!/^\d+$/.test(partitions) || Number(partitions) < 1) throw new InputError('SPARK_KNOB_INVALID', `STEDI_SPARK_SHUFFLE_PARTITIONS must be a whole number of at least 1, got ${JSON.stringify(env.STEDI_SPARK_SHUFFLE_PARTITIONS)}`);
    conf['spark.sql.shuffle.partitions'] = partitions;
  }
  return conf;
}
