"""Pure-Python parts of the per-job fast paths (no Spark): which files a local sink write
uploads, and which catalog changes make the Spark SQL mirror rebuild a table."""

from __future__ import annotations

from types import SimpleNamespace

from stedi_glue import catalog, sql_sync, staged_upload


def test_a_local_sink_write_uploads_data_files_only_with_their_relative_paths(tmp_path):
    # What Spark's local file system writer leaves: data, checksums, a marker, partition folders.
    files = ["part-00000-a-c000.json", ".part-00000-a-c000.json.crc", "_SUCCESS",
             "k=1/part-00001-b-c000.json", "k=1/.part-00001-b-c000.json.crc", "_temporary/0/x.json"]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n")
    assert staged_upload.data_files(str(tmp_path)) == ["k=1/part-00001-b-c000.json", "part-00000-a-c000.json"]


def test_local_sink_writes_only_with_a_local_master_and_never_on_aws(monkeypatch):
    def spark(master):
        return SimpleNamespace(sparkContext=SimpleNamespace(master=master))

    monkeypatch.delenv("STEDI_BACKEND", raising=False)
    monkeypatch.delenv("STEDI_S3A_WRITES", raising=False)
    assert staged_upload.usable(spark("local[*]"))
    assert not staged_upload.usable(spark("spark://127.0.0.1:7077"))
    monkeypatch.setenv("STEDI_S3A_WRITES", "1")
    assert not staged_upload.usable(spark("local[*]"))
    monkeypatch.delenv("STEDI_S3A_WRITES")
    monkeypatch.setenv("STEDI_BACKEND", "aws")
    assert not staged_upload.usable(spark("local[2]"))


def _table(**changes):
    base = dict(database="stedi", name="t", location="s3://b/t/", fmt="json", columns=[("a", "string")],
                partition_keys=[], parameters={"classification": "json", "UpdatedByJobRun": "jr_1"})
    base.update(changes)
    return catalog.TableInfo(**base)


def test_the_mirror_ignores_a_sinks_bookkeeping_but_not_a_definition_change():
    before = _table()
    assert sql_sync._mirror_shape(before) == sql_sync._mirror_shape(
        _table(parameters={"classification": "json", "UpdatedByJobRun": "jr_2", "UpdatedByJob": "j"}))
    assert sql_sync._mirror_shape(before) != sql_sync._mirror_shape(_table(columns=[("a", "bigint")]))
    assert sql_sync._mirror_shape(before) != sql_sync._mirror_shape(_table(location="s3://b/u/"))
    assert sql_sync._mirror_shape(before) != sql_sync._mirror_shape(_table(parameters={"classification": "csv"}))
