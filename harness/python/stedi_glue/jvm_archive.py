"""Builds the class data sharing archive of a Spark start (see stedi_glue.jvm_start).

`python -m stedi_glue.jvm_archive` starts a SparkSession exactly as the job server does, with
-XX:ArchiveClassesAtExit, runs the warm-up, and lets the JVM exit: the JVM writes the archive of
every class it loaded as it exits. It writes to a file of its own, renamed into place only once
the JVM has exited cleanly, so a start never maps a half-written archive, and several builders
(several job servers starting at once) do not write into one file.

`build_in_background()` is what a job server calls when it found no archive: one child process,
its output discarded (a job's output must not receive it), killed with the job server's process
group if it has not finished by then. A `<archive>.<pid>.building` marker keeps other job
servers from starting a second builder meanwhile; the files of dead builders are removed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from stedi_glue import jvm_start


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def builder_running(archive: Path) -> bool:
    """Whether a live builder works on `archive`; removes what dead builders left (a builder is
    killed with its job server's process group when the harness stops first)."""
    running = False
    for leftover in archive.parent.glob(f"{archive.stem}.*"):
        if leftover.suffix not in (".building", ".partial"):
            continue
        pid = leftover.name[len(archive.stem) + 1:].split(".")[0]
        if pid.isdigit() and _pid_alive(int(pid)):
            running = running or leftover.suffix == ".building"
        else:
            leftover.unlink(missing_ok=True)
    return running


def build_in_background(conf: dict[str, str]) -> subprocess.Popen | None:
    """Start a builder if this configuration uses an archive that does not exist yet and no
    other process is building it."""
    archive = jvm_start.class_archive(conf)
    if archive is None or archive.is_file() or (archive.parent.is_dir() and builder_running(archive)):
        return None
    env = dict(os.environ, TMPDIR=tempfile.mkdtemp(prefix="stedi-cds-"))
    return subprocess.Popen([sys.executable, "-m", "stedi_glue.jvm_archive"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def build() -> int:
    from pyspark import SparkContext

    from stedi_glue import spark as spark_runtime

    archive = jvm_start.class_archive(spark_runtime.spark_conf())
    if archive is None or archive.is_file():
        return 0
    archive.parent.mkdir(parents=True, exist_ok=True)
    marker = archive.with_name(f"{archive.stem}.{os.getpid()}.building")
    partial = archive.with_name(f"{archive.stem}.{os.getpid()}.partial")
    marker.touch()
    try:
        os.environ[jvm_start.DUMP_ENV] = str(partial)
        session = spark_runtime.get_session()
        jvm = SparkContext._gateway.proc  # the driver JVM (PySpark's launcher keeps its Popen)
        spark_runtime.warm_up(session)
        spark_runtime.stop_session()
        jvm.stdin.close()  # PySpark's gateway JVM exits on EOF on its stdin, writing the archive
        if jvm.wait(timeout=300) == 0 and partial.is_file():
            os.replace(partial, archive)
            return 0
        return 1
    finally:
        partial.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(build())
