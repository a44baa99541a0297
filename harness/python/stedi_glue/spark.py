"""The one SparkSession of a job server (or of a test session).

Glue scripts call `SparkContext()` and `glueContext.spark_session` as if they owned the JVM. Here
many scripts share one session, so `SparkContext()` is made to return the running context and
`stop()` is ignored while a job runs (see `install_context_reuse`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from stedi_glue import env, executor_shipping, jvm_start

PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)

_session = None

# The initial number of shuffle partitions AQE coalesces from: 64 x the advisory 64 MB covers
# 4 GB of shuffle data per exchange, more than a 2 GB local driver holds.
SHUFFLE_PARTITIONS = "64"


def java_executable() -> str:
    """Path of the `java` that PySpark will launch, or an actionable error."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home, "bin", "java")
        if candidate.exists():
            return str(candidate)
        raise env.EnvironmentProblem(
            f"JAVA_HOME={java_home} has no bin/java; install a Java 17 JDK and point JAVA_HOME at it"
        )
    found = shutil.which("java")
    if not found:
        raise env.EnvironmentProblem(
            "Java not found: JAVA_HOME is not set and there is no `java` on PATH. "
            "Spark needs Java 17 (e.g. `apt-get install openjdk-17-jdk-headless`, or set JAVA_HOME)"
        )
    return found


def _jars() -> str:
    jars = [j.strip() for j in os.environ.get("STEDI_SPARK_JARS", "").split(",") if j.strip()]
    missing = [j for j in jars if not Path(j).exists()]
    if missing:
        raise env.EnvironmentProblem(f"STEDI_SPARK_JARS lists jar(s) that do not exist: {missing}")
    if not jars and env.backend() != "aws":
        raise env.EnvironmentProblem(
            "STEDI_SPARK_JARS is empty: s3:// paths need hadoop-aws 3.3.4 and "
            "aws-java-sdk-bundle 1.12.262 on the classpath"
        )
    return ",".join(jars)


def spark_conf() -> dict[str, str]:
    """Every Spark setting the harness relies on, as a plain dict (also used by bench/)."""
    conf = {
        "spark.master": os.environ.get("STEDI_SPARK_MASTER") or "local[*]",
        "spark.app.name": "stedi-glue-job-server",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        # Shuffle partitions adapt to the data, as on Glue (Spark 3.2+ runs AQE by default): a
        # join or aggregation starts with SHUFFLE_PARTITIONS partitions and AQE coalesces them
        # after the map side from the real shuffle sizes — at least spark.default.parallelism
        # partitions (parallelismFirst), none above the advisory 64 MB unless the initial
        # number is too small. So 1x data runs in 1-4 tasks and 100x in as many 64 MB tasks as
        # it needs. STEDI_SPARK_SHUFFLE_PARTITIONS (harness/job-server/spark-knobs.ts) sets the
        # initial number; AQE still coalesces it, as Spark does.
        # https://spark.apache.org/docs/3.5.4/sql-performance-tuning.html#coalescing-post-shuffle-partitions
        # https://docs.aws.amazon.com/prescriptive-guidance/latest/spark-tuning-glue-emr/using-adaptive-query-execution.html
        "spark.sql.adaptive.enabled": "true",
        "spark.sql.adaptive.coalescePartitions.enabled": "true",
        "spark.sql.shuffle.partitions": SHUFFLE_PARTITIONS,
        "spark.default.parallelism": "4",
        "spark.sql.session.timeZone": "UTC",
        # No session-wide cache of file listings: tables change between (and within) jobs, and a
        # forgotten relation must list its files again (stedi_glue.sql_sync relies on it).
        "spark.sql.hive.filesourcePartitionFileCacheSize": "0",
        # Lower-casing JSON keys for catalog views can collide ("email" and "Email"); Hive's
        # JSON SerDes keep the last one instead of failing the query.
        "spark.sql.mapKeyDedupPolicy": "LAST_WIN",
        "spark.sql.warehouse.dir": str(Path(tempfile.gettempdir(), "stedi-spark-warehouse")),
        # Glue writes no _SUCCESS markers; the offline loaders would otherwise see empty files.
        "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs": "false",
        "spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version": "2",
        # Glue scripts use s3:// paths; both schemes go through S3A.
        "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.executorEnv.PYTHONPATH": PACKAGE_ROOT,
    }
    jars = _jars()
    if jars:
        conf["spark.jars"] = jars
    endpoint = env.aws_endpoint()
    if endpoint is not None:
        conf.update(
            {
                "spark.hadoop.fs.s3a.endpoint": endpoint,
                "spark.hadoop.fs.s3a.endpoint.region": env.region(),
                "spark.hadoop.fs.s3a.path.style.access": "true",
                "spark.hadoop.fs.s3a.connection.ssl.enabled": str(endpoint.startswith("https")).lower(),
                "spark.hadoop.fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "spark.hadoop.fs.s3a.access.key": env.access_key(),
                "spark.hadoop.fs.s3a.secret.key": env.secret_key(),
                "spark.hadoop.fs.s3a.attempts.maximum": "3",
                "spark.hadoop.fs.s3a.retry.limit": "3",
            }
        )
    conf = executor_shipping.for_master(conf)
    extra = os.environ.get("STEDI_SPARK_CONF")
    if extra:
        try:
            parsed = json.loads(extra)
        except json.JSONDecodeError as exc:
            raise env.EnvironmentProblem(f"STEDI_SPARK_CONF is not valid JSON: {exc}") from exc
        if not isinstance(parsed, dict):
            raise env.EnvironmentProblem("STEDI_SPARK_CONF must be a JSON object of key -> value")
        conf.update({str(k): str(v) for k, v in parsed.items()})
    return jvm_start.adjust(conf)


def _ensure_worker_path() -> None:
    """Python workers are forked from the JVM's environment: they must import awsglue too."""
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if PACKAGE_ROOT not in parts:
        os.environ["PYTHONPATH"] = os.pathsep.join([PACKAGE_ROOT, *parts])
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def get_session():
    """Start (once) and return the shared SparkSession."""
    global _session
    if _session is not None:
        return _session
    java_executable()
    conf = spark_conf()
    _ensure_worker_path()
    jvm_start.launcher_environment()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder
    for key, value in conf.items():
        builder = builder.config(key, value)
    _session = builder.getOrCreate()
    _session.sparkContext.setLogLevel(os.environ.get("STEDI_SPARK_LOG_LEVEL", "WARN"))
    executor_shipping.ship_python_layer(_session.sparkContext, PACKAGE_ROOT)
    install_context_reuse()
    return _session


def warm_up(spark) -> None:
    """Pay one-time costs (SQL catalog, JSON parsing and inference, Python workers, S3A/AWS SDK
    class loading) at startup instead of inside the first job run. Uses a local temp file, so
    the emulated S3 sees nothing."""
    from pyspark.sql import functions as F

    from stedi_glue.readers import frame_from_json_texts

    with tempfile.TemporaryDirectory(prefix="stedi-warmup-") as tmp:
        sample = Path(tmp, "warmup.json")
        sample.write_text('{"a": 1, "b": "x"}\n{"a": 2}\n')
        spark.sql("CREATE DATABASE IF NOT EXISTS `__stedi_warmup`")
        spark.sql(f"CREATE TABLE `__stedi_warmup`.`raw` (value string) USING text OPTIONS (path '{tmp}')")
        spark.sql("CREATE OR REPLACE VIEW `__stedi_warmup`.`v` AS SELECT "
                  "transform_keys(from_json(value, 'map<string,string>'), (k, v) -> lower(k))['a'] AS a "
                  "FROM `__stedi_warmup`.`raw`")
        spark.sql("SELECT count(a) FROM `__stedi_warmup`.`v`").collect()
        spark.sql("DROP DATABASE `__stedi_warmup` CASCADE")
        frame, errors = frame_from_json_texts(spark, spark.read.text(str(sample)))
        frame.select(F.udf(lambda v: v, "bigint")("a")).collect()
        errors.count()
        spark.catalog.clearCache()
    if env.aws_endpoint() is not None:
        jvm = spark._jvm
        uri = jvm.java.net.URI.create("s3a://stedi-warmup/")
        jvm.org.apache.hadoop.fs.FileSystem.get(uri, spark._jsc.hadoopConfiguration())


def stop_session() -> None:
    global _session
    if _session is None:
        return
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    # The stop() overrides exist for job scripts; the owner of the session really stops it.
    for cls in (SparkContext, SparkSession):
        original = cls.__dict__.get("_stedi_original_stop")
        if original is not None:
            cls.stop = original
    _session.stop()
    _session = None


_PATCHED = "_stedi_reuse_installed"


def install_context_reuse() -> None:
    """Make `SparkContext()` in a job script return the running context; ignore stop() calls.

    Glue scripts start with `sc = SparkContext()`: on a shared JVM that would raise "Cannot run
    multiple SparkContexts at once".
    """
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    if getattr(SparkContext, _PATCHED, False):
        return
    original_init = SparkContext.__init__

    def reuse_new(cls, *args, **kwargs):
        active = SparkContext._active_spark_context
        if active is not None:
            return active
        return object.__new__(cls)

    def reuse_init(self, *args, **kwargs):
        if getattr(self, "_jsc", None) is not None:
            return
        original_init(self, *args, **kwargs)

    def ignored_stop(self, *args, **kwargs):
        print("[stedi] stop() ignored: the job server owns the Spark session", file=sys.stderr)

    SparkContext._stedi_original_stop = SparkContext.stop
    SparkSession._stedi_original_stop = SparkSession.stop
    SparkContext.__new__ = reuse_new
    SparkContext.__init__ = reuse_init
    SparkContext.stop = ignored_stop
    SparkSession.stop = ignored_stop
    setattr(SparkContext, _PATCHED, True)
