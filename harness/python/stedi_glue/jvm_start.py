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
  it off, for data of 10x the stedi-2023 profile and more: there C2's code reads and parses JSON
  2-3x faster, which repays its compiles within the first big job (bench/RESULTS.md, issue 13:
  scale, round 2). A -XX flag given in spark.driver.extraJavaOptions comes after ours and wins.
- The launcher JVM that spark-submit runs first to build the command line gets the same flags.
- A class data sharing archive of the classes a Spark start loads (AppCDS, -XX:SharedArchiveFile):
  the JVM maps them instead of parsing and verifying ~10k classes from 250 jars, which halves the
  CPU of a start. The archive depends on the JDK and the class path, so its name carries a hash
  of both; it lives beside the venv (shared by every project using this runtime). A job server
  that finds none has one built by a separate process after its own warm-up
  (stedi_glue.jvm_archive); until then starts just go without. STEDI_SPARK_CDS=0 turns it off.
  The JIT tier is not part of an archive's identity: a STEDI_SPARK_JIT=full start maps it too.
- Each area of the JVM's memory that could grow with the data has a ceiling, so the job server's
  footprint is set by its knobs, not by the data (MEMORY_BOUND_FLAGS). What a 2g driver measured at 10x and 100x
  of the stedi-2023 profile (Native Memory Tracking, bench/jvm-memory.ts; bench/RESULTS.md,
  issue 13: job server memory): the heap is the only part that grows, up to spark.driver.memory
  (G1 commits 1.5 GiB at 10x, all 2 GiB at 100x); G1's own structures follow the committed heap
  (98 -> 120 MiB); the rest stays put — class archive 150 MiB (mapped file), code cache 47-61 MiB,
  metaspace + class space 45-47 MiB, thread stacks 30-40 MiB, direct buffers 1-10 MiB, malloc
  arenas ~20 MiB. The defaults would leave metaspace and direct buffers unbounded in principle
  (direct memory defaults to the heap's size, and the JDK caches a direct copy of the largest
  heap buffer each thread ever wrote to a channel): the caps below are several times what was
  used by these jobs: they bound the footprint, they are not meant to be reached.
  Ceiling of the driver JVM's resident memory: spark.driver.memory + ~6% of it (G1) + 256 MiB
  metaspace + 240 MiB code cache + 256 MiB direct buffers + 150 MiB class archive + thread stacks;
  measured: spark.driver.memory + 375-445 MiB (1g and 2g drivers, 10x and 100x).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

FAST_START_FLAGS = ("-XX:TieredStopAtLevel=1", "-Xshare:auto")
MEMORY_BOUND_FLAGS = ("-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=240m",
                      "-XX:MaxDirectMemorySize=256m", "-Djdk.nio.maxCachedBufferSize=262144")
C1_ONLY = FAST_START_FLAGS[0]
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
    flags = [f for f in FAST_START_FLAGS if fast_start_enabled() or f != C1_ONLY] + list(MEMORY_BOUND_FLAGS)
    archive = class_archive(adjusted)
    dump_to = os.environ.get(DUMP_ENV)
    if dump_to:
        flags.append(f"-XX:ArchiveClassesAtExit={dump_to}")
    elif archive is not None and archive.is_file():
        flags.append(f"-XX:SharedArchiveFile={archive}")
    user = adjusted.get(DRIVER_OPTIONS, "").strip()
    adjusted[DRIVER_OPTIONS] = " ".join([*flags, user]).strip()
    return adjusted


DUMP_ENV = "STEDI_SPARK_CDS_DUMP"  # set by stedi_glue.jvm_archive for the JVM that writes the archive


def class_archive(conf: dict[str, str]) -> Path | None:
    """Where the class data sharing archive for this JDK and class path lives (None: not used)."""
    if os.environ.get("STEDI_SPARK_CDS", "1") == "0":
        return None
    if not conf.get("spark.master", "local[*]").strip().startswith("local"):
        return None
    try:
        import pyspark

        java = os.path.realpath(os.path.join(os.environ["JAVA_HOME"], "bin", "java")) if os.environ.get(
            "JAVA_HOME") else os.path.realpath(shutil.which("java") or "java")
        identity = "\n".join([java, pyspark.__version__, os.path.dirname(pyspark.__file__),
                              conf.get(DRIVER_CLASSPATH, ""), " ".join(FAST_START_FLAGS)])
    except Exception:  # noqa: BLE001 - no archive is only slower
        return None
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(sys.prefix, "stedi-cds", f"spark-{digest}.jsa")


def launcher_environment() -> None:
    """The same flags for spark-submit's launcher JVM (read by bin/spark-class)."""
    if fast_start_enabled():
        os.environ.setdefault("SPARK_LAUNCHER_OPTS", " ".join(FAST_START_FLAGS))
