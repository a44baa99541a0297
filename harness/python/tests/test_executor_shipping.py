"""Pure-Python parts of shipping the harness's Python layer to a cluster's executors (no Spark)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from stedi_glue import executor_shipping

PYTHON_ROOT = Path(__file__).resolve().parent.parent


def test_a_local_master_keeps_the_conf_as_it_is():
    conf = {"spark.master": "local[*]", "spark.executorEnv.PYTHONPATH": "/x"}
    assert executor_shipping.for_master(conf) == conf


def test_a_cluster_master_takes_the_layer_from_the_zip_and_the_drivers_python():
    conf = {"spark.master": "spark://127.0.0.1:7077", "spark.executorEnv.PYTHONPATH": "/checkout/harness/python",
            "spark.jars": "/jars/hadoop-aws.jar,/jars/aws-sdk.jar"}
    adjusted = executor_shipping.for_master(conf)
    # Executors fetch the jars from the driver; the driver itself loads them from its class path.
    assert adjusted["spark.jars"] == "/jars/hadoop-aws.jar,/jars/aws-sdk.jar"
    assert adjusted["spark.driver.extraClassPath"].split(":") == ["/jars/hadoop-aws.jar", "/jars/aws-sdk.jar"]
    # Executors must not import this checkout by path: only the shipped zip may serve them.
    assert "spark.executorEnv.PYTHONPATH" not in adjusted
    assert Path(adjusted["spark.pyspark.python"]).name.startswith("python")
    assert conf["spark.executorEnv.PYTHONPATH"] == "/checkout/harness/python"  # the input is not mutated


def test_the_layer_zip_holds_the_three_packages_sources_only(tmp_path):
    layer = executor_shipping.build_layer_zip(str(PYTHON_ROOT), str(tmp_path))
    names = zipfile.ZipFile(layer).namelist()
    for module in ("awsglue/__init__.py", "awsglue/context.py", "awsgluedq/__init__.py", "stedi_glue/readers.py", "stedi_glue/spark.py"):
        assert module in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or n.startswith("tests/")]
