"""Job server start-up: what must hold before `ready`, and what can run after it.

A cold run needs both the job server and the staged landing data before its first job, and the
harness stages the data once the server is ready. So only the SparkSession and a check that the s3a classes
are there precede `ready`; the warm-up (first SQL, JSON parsing, Python workers, S3A and AWS SDK
class loading) runs in a background thread after it, overlapping the staging, and the job server
waits for it before it handles its first request. Then, if this runtime has no JVM class archive
yet, a separate process builds one for later starts (stedi_glue.jvm_archive).
"""

from __future__ import annotations

import sys
import threading
import time

from stedi_glue import env, jvm_archive
from stedi_glue import spark as spark_runtime


def check_s3a(session) -> None:
    """Fail the start (not the first job) when the s3a jars are missing from the class path."""
    if env.aws_endpoint() is not None:
        session._jvm.java.lang.Class.forName("org.apache.hadoop.fs.s3a.S3AFileSystem")


def warm_up_in_background(session) -> threading.Thread:
    """Pays the one-time costs of a first job (stedi_glue.spark.warm_up) after `ready`: the harness
    stages the landing data meanwhile, so a cold run does not wait for one after the other."""

    def warm() -> None:
        clock = time.monotonic()
        try:
            spark_runtime.warm_up(session)
            print(f"[stedi] warm-up done in {time.monotonic() - clock:.1f}s", file=sys.__stderr__)
        except Exception as exc:  # noqa: BLE001 - an optimisation: the first job meets the problem itself
            print(f"[stedi] warm-up failed (the first job pays the start-up costs): {exc}", file=sys.__stderr__)
        try:
            builder = jvm_archive.build_in_background(spark_runtime.spark_conf())
            if builder is not None:
                print(f"[stedi] building the JVM class archive for later starts (pid {builder.pid})",
                      file=sys.__stderr__)
        except Exception as exc:  # noqa: BLE001 - later starts are only slower without it
            print(f"[stedi] could not start building the JVM class archive: {exc}", file=sys.__stderr__)

    thread = threading.Thread(target=warm, name="stedi-warm-up", daemon=True)
    thread.start()
    return thread
