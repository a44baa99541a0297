"""How the driver JVM is launched: what makes a cold start cheap on a small machine.

- Jars on the driver's class path, not in spark.jars, with a local master. Spark serves every
  spark.jars entry from the driver's file server and a local executor fetches (copies) each one
  into its work dir on the first task — 280 MB of aws-java-sdk-bundle per start — although it
  runs in the driver's JVM and sees the driver's class path anyway. A cluster's executors do need
  the fetch, so spark.jars is kept for them.
- The C1 compiler only (-XX:TieredStopAtLevel=1). The JIT's C2 tier compiles Spark's and Jackson's
  hot methods in background threads: on 2 shared cores that competes with the work itself,
  and the harness's jobs (seconds each, on thousands to a few million rows) end before C2
  code pays back. Measured in bench/RESULTS.md (issue 13, round 2). STEDI_SPARK_JIT=full turns
  it off (e.g. for long runs at scale); a -XX flag given in spark.driver.extraJavaOptions comes
  after ours and wins.
- The launcher JVM that spark-submit runs first to build the command line gets the same flags.
"""

from __future__ import annotations

import os

FAST_START_FLAGS = ("-XX:TieredStopAtLevel=1", "-Xshare:auto")
DRIVER_OPTIONS = "spark.driver.extraJavaOptions"
DRIVER_CLASSPATH = "spark.driver.extraClassPath"


def fast_start_enabled() -> bool:
    return os.environ.get("STEDI_SPARK_JIT", "").strip().lower() != "full"


def adjust(conf: dict[str, str]) -> dict[str, str]:
    """`conf` with the jars and JVM flags of a cheap start (see the module doc)."""
    adjusted = dict(conf)
    local = adjusted.get("spark.master", "local[*]").strip().startswith("local")
    jars = [j for j in adjusted.get("spark.jars", "").split(",") if j.strip()]
    if local and jars:
        del adjusted["spark.jars"]
        existing = [p for p in adjusted.get(DRIVER_CLASSPATH, "").split(os.pathsep) if p]
        adjusted[DRIVER_CLASSPATH] = os.pathsep.join(existing + [j for j in jars if j not in existing])
    if fast_start_enabled():
        user = adjusted.get(DRIVER_OPTIONS, "").strip()
        adjusted[DRIVER_OPTIONS] = " ".join([*FAST_START_FLAGS, user]).strip()
    return adjusted


def launcher_environment() -> None:
    """The same flags for spark-submit's launcher JVM (read by bin/spark-class)."""
    if fast_start_enabled():
        os.environ.setdefault("SPARK_LAUNCHER_OPTS", " ".join(FAST_START_FLAGS))
