/**
 * Runtime pins for AWS Glue 5.0 parity: Spark 3.5, Python 3.11, Java 17.
 * Python packages are pinned in requirements.lock beside this file (the whole resolved set).
 */
export const REQUIRED_JAVA_MAJOR = 17;
export const PREFERRED_PYTHON = { major: 3, minor: 11 };
export const MIN_PYTHON = { major: 3, minor: 9 };
export const SPARK_VERSION = '3.5.4';

/** The AWS Glue version the local runtime reproduces (Spark 3.5.4, Python 3.11, Java 17). */
export const GLUE_VERSION = '5.0';

/**
 * Glue's default job run timeout, in minutes, when a job sets none. From the Glue API model
 * (StartJobRunRequest / CreateJobRequest `Timeout`, botocore data/glue/2017-03-31/service-2.json;
 * https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html): "defaulted to 2,880
 * minutes for Glue version 4.0 and earlier, or 480 minutes for Glue version 5.0 and later", and
 * "Jobs must have timeout values less than 7 days or 10080 minutes".
 */
export const GLUE_MAX_TIMEOUT_MINUTES = 10_080;

export function defaultJobTimeoutMinutes(glueVersion: string = GLUE_VERSION): number {
  const major = Number.parseFloat(glueVersion);
  return Number.isFinite(major) && major >= 5 ? 480 : 2_880;
}

export interface MavenJar {
  group: string;
  artifact: string;
  version: string;
  /** SHA-1 published beside the jar on Maven Central; checked after download. */
  sha1: string;
}

/**
 * Jars added to Spark's classpath. hadoop-aws must match the Hadoop that PySpark 3.5 ships
 * (3.3.4) and brings the AWS SDK bundle it was built against, for s3a:// to the emulator.
 */
export const SPARK_JARS: readonly MavenJar[] = [
  { group: 'org.apache.hadoop', artifact: 'hadoop-aws', version: '3.3.4', sha1: 'a65839fbf1869f81a1632e09f415e586922e4f80' },
  { group: 'com.amazonaws', artifact: 'aws-java-sdk-bundle', version: '1.12.262', sha1: '02deec3a0ad83d13d032b1812421b23d7a961eea' },
  // Deequ's open-source DQDL evaluator, behind awsgluedq.EvaluateDataQuality. Deequ's pom names
  // dqdl 1.0.7, which Maven Central does not serve; 1.0.0 has every class Deequ uses.
  { group: 'com.amazon.deequ', artifact: 'deequ', version: '2.1.0-spark-3.5', sha1: 'acb03b9ae7fad3b4a36794e3862c7e0586edbb79' },
  { group: 'software.amazon.glue', artifact: 'dqdl', version: '1.0.0', sha1: '9f2c61c8f64ffc3e52e557258e9c06b376dbb260' },
];

export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

export function jarFileName(jar: MavenJar): string {
  return `${jar.artifact}-${jar.version}.jar`;
}

export function jarRelativePath(jar: MavenJar): string {
  return `${jar.group.replace(/\./g, '/')}/${jar.artifact}/${jar.version}/${jarFileName(jar)}`;
}
