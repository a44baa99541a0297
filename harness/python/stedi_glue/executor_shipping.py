"""What executors on a Spark cluster need, which a local master gets for free.

With `local[*]` the executors live in the driver's JVM and their Python workers are forked from
the driver's environment, so they import awsglue/stedi_glue from PYTHONPATH. On a standalone
cluster (`spark://…`) the executors are JVMs a worker forked: the harness's Python layer reaches
them as a zip added with `SparkContext.addPyFile` (Spark ships it through the driver's file
server and puts it on each Python worker's path, like `spark-submit --py-files`), the s3a jars
through `spark.jars` (fetched by every executor), and their Python is the driver's venv python.
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from pathlib import Path

# The packages of harness/python that job scripts and our UDFs import on executors.
SHIPPED_PACKAGES = ("awsglue", "awsgluedq", "stedi_glue")
LAYER_ZIP = "stedi-glue-layer.zip"


def is_cluster_master(master: str) -> bool:
    return not master.strip().startswith("local")


def for_master(conf: dict[str, str]) -> dict[str, str]:
    """The session settings adjusted for a cluster master (unchanged for a local one)."""
    if not is_cluster_master(conf.get("spark.master", "local[*]")):
        return conf
    adjusted = dict(conf)
    # Executors import the shipped zip, not this checkout: a path that only exists here (or a
    # layer missing from the zip) would fail the parity test instead of passing by accident.
    adjusted.pop("spark.executorEnv.PYTHONPATH", None)
    # The driver still runs here: it needs the s3a classes on its own class path (a py4j
    # Class.forName, the start-up check, sees only that one), while spark.jars stays for the
    # executors, which fetch each jar from the driver.
    jars = [j for j in adjusted.get("spark.jars", "").split(",") if j.strip()]
    existing = [p for p in adjusted.get("spark.driver.extraClassPath", "").split(os.pathsep) if p]
    if jars:
        adjusted["spark.driver.extraClassPath"] = os.pathsep.join(existing + [j for j in jars if j not in existing])
    python = os.environ.get("PYSPARK_PYTHON") or sys.executable
    adjusted.setdefault("spark.pyspark.python", python)
    adjusted.setdefault("spark.pyspark.driver.python", sys.executable)
    return adjusted


def build_layer_zip(package_root: str, out_dir: str | None = None) -> str:
    """Zips awsglue, awsgluedq and stedi_glue (sources only: no tests, no bytecode)."""
    target = Path(out_dir or tempfile.mkdtemp(prefix="stedi-pyfiles-"), LAYER_ZIP)
    root = Path(package_root)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for package in SHIPPED_PACKAGES:
            for path in sorted((root / package).rglob("*")):
                relative = path.relative_to(root)
                if path.is_dir() or "__pycache__" in relative.parts or "tests" in relative.parts or path.suffix == ".pyc":
                    continue
                archive.write(path, relative.as_posix())
    return str(target)


def ship_python_layer(spark_context, package_root: str) -> str | None:
    """Adds the layer zip to the running context when its master is a cluster; returns its path."""
    if not is_cluster_master(spark_context.master):
        return None
    layer = build_layer_zip(package_root)
    spark_context.addPyFile(layer)
    return layer
