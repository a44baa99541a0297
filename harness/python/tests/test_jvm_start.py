"""How the driver JVM is launched (no Spark): jars on the class path with a local master, the
cheap-start JIT flags before the user's own, and the opt-out."""

from __future__ import annotations

import os

from stedi_glue import jvm_start

JARS = "/c/hadoop-aws.jar,/c/aws-sdk.jar"


def test_a_local_master_gets_the_jars_on_the_driver_class_path_not_fetched_by_its_executor(monkeypatch):
    monkeypatch.delenv("STEDI_SPARK_JIT", raising=False)
    conf = jvm_start.adjust({"spark.master": "local[*]", "spark.jars": JARS,
                             "spark.driver.extraClassPath": "/c/mine.jar"})
    assert "spark.jars" not in conf
    assert conf["spark.driver.extraClassPath"].split(os.pathsep) == ["/c/mine.jar", "/c/hadoop-aws.jar",
                                                                    "/c/aws-sdk.jar"]


def test_a_cluster_master_keeps_spark_jars_its_executors_fetch(monkeypatch):
    monkeypatch.delenv("STEDI_SPARK_JIT", raising=False)
    conf = jvm_start.adjust({"spark.master": "spark://127.0.0.1:7077", "spark.jars": JARS})
    assert conf["spark.jars"] == JARS
    assert "spark.driver.extraClassPath" not in conf


def test_the_users_java_options_come_after_the_fast_start_flags_so_theirs_win(monkeypatch):
    monkeypatch.delenv("STEDI_SPARK_JIT", raising=False)
    conf = jvm_start.adjust({"spark.master": "local[2]",
                             "spark.driver.extraJavaOptions": "-Duser.home=/h -XX:TieredStopAtLevel=4"})
    flags = conf["spark.driver.extraJavaOptions"].split()
    assert flags.index("-XX:TieredStopAtLevel=1") < flags.index("-XX:TieredStopAtLevel=4")
    assert "-Duser.home=/h" in flags


def test_every_growing_memory_area_of_the_jvm_has_a_ceiling_the_users_options_can_raise(monkeypatch):
    monkeypatch.delenv("STEDI_SPARK_JIT", raising=False)
    conf = jvm_start.adjust({"spark.master": "local[*]", "spark.driver.extraJavaOptions": "-XX:MaxDirectMemorySize=1g"})
    flags = conf["spark.driver.extraJavaOptions"].split()
    for area in ("-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=", "-Djdk.nio.maxCachedBufferSize="):
        assert any(f.startswith(area) for f in flags), area
    assert flags.index("-XX:MaxDirectMemorySize=256m") < flags.index("-XX:MaxDirectMemorySize=1g")


def test_stedi_spark_jit_full_leaves_the_jit_alone_and_still_maps_the_class_archive(monkeypatch, tmp_path):
    monkeypatch.setenv("STEDI_SPARK_JIT", "full")
    monkeypatch.delenv("STEDI_SPARK_CDS", raising=False)
    monkeypatch.delenv(jvm_start.DUMP_ENV, raising=False)
    monkeypatch.setattr(jvm_start.sys, "prefix", str(tmp_path))
    conf = {"spark.master": "local[*]", "spark.jars": JARS}
    flags = jvm_start.adjust(conf)["spark.driver.extraJavaOptions"].split()
    assert not any(f.startswith("-XX:TieredStopAtLevel") for f in flags)
    archive = jvm_start.class_archive(jvm_start.adjust(conf))
    archive.parent.mkdir()
    archive.write_bytes(b"built")
    assert f"-XX:SharedArchiveFile={archive}" in jvm_start.adjust(conf)["spark.driver.extraJavaOptions"].split()
    # The same archive as a C1-only start's: the JIT tier does not change the classes loaded.
    monkeypatch.delenv("STEDI_SPARK_JIT")
    assert jvm_start.class_archive(jvm_start.adjust(conf)) == archive


def test_a_start_maps_the_class_archive_of_its_class_path_once_one_was_built(monkeypatch, tmp_path):
    monkeypatch.delenv("STEDI_SPARK_JIT", raising=False)
    monkeypatch.delenv("STEDI_SPARK_CDS", raising=False)
    monkeypatch.delenv(jvm_start.DUMP_ENV, raising=False)
    monkeypatch.setattr(jvm_start.sys, "prefix", str(tmp_path))
    conf = {"spark.master": "local[*]", "spark.jars": JARS}
    archive = jvm_start.class_archive(jvm_start.adjust(conf))
    assert archive is not None and archive.parent == tmp_path / "stedi-cds"
    assert "SharedArchiveFile" not in jvm_start.adjust(conf)["spark.driver.extraJavaOptions"]
    archive.parent.mkdir()
    archive.write_bytes(b"built")
    assert f"-XX:SharedArchiveFile={archive}" in jvm_start.adjust(conf)["spark.driver.extraJavaOptions"].split()
    # Another class path is another archive; the builder's JVM writes instead of mapping.
    other = jvm_start.class_archive(jvm_start.adjust({"spark.master": "local[*]", "spark.jars": "/c/x.jar"}))
    assert other != archive
    monkeypatch.setenv(jvm_start.DUMP_ENV, str(tmp_path / "new.partial"))
    flags = jvm_start.adjust(conf)["spark.driver.extraJavaOptions"].split()
    assert f"-XX:ArchiveClassesAtExit={tmp_path / 'new.partial'}" in flags
    assert not any(f.startswith("-XX:SharedArchiveFile") for f in flags)


def test_no_class_archive_on_a_cluster_or_when_turned_off(monkeypatch, tmp_path):
    monkeypatch.delenv("STEDI_SPARK_JIT", raising=False)
    monkeypatch.setattr(jvm_start.sys, "prefix", str(tmp_path))
    assert jvm_start.class_archive({"spark.master": "spark://127.0.0.1:7077"}) is None
    monkeypatch.setenv("STEDI_SPARK_CDS", "0")
    assert jvm_start.class_archive({"spark.master": "local[*]"}) is None


def test_one_builder_per_archive_and_dead_builders_leave_nothing(tmp_path):
    import subprocess

    from stedi_glue import jvm_archive

    archive = tmp_path / "spark-abc.jsa"
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / f"spark-abc.{dead.pid}.building").touch()
    (tmp_path / f"spark-abc.{dead.pid}.partial").write_bytes(b"half")
    (tmp_path / "spark-other.jsa").write_bytes(b"kept")
    assert not jvm_archive.builder_running(archive)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spark-other.jsa"]
    (tmp_path / f"spark-abc.{os.getpid()}.building").touch()
    assert jvm_archive.builder_running(archive)
