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


class _FakeSessionCatalog:
    """Spark's SessionCatalog as sql_mirror_lazy asks it: the current database, temp views."""

    def __init__(self, current: str, temp_views: set[str]):
        self.current, self.temp_views = current, temp_views

    def getCurrentDatabase(self):
        return self.current

    def getTempView(self, name):
        return SimpleNamespace(isDefined=lambda: name.lower() in self.temp_views)


def _session(current="default", temp_views=()):
    state = SimpleNamespace(catalog=lambda: _FakeSessionCatalog(current, set(temp_views)))
    return SimpleNamespace(_jsparkSession=SimpleNamespace(sessionState=lambda: state))


def test_spark_sql_needs_the_mirror_only_when_it_may_name_a_pending_table():
    from stedi_glue.sql_mirror_lazy import needs_mirror

    pending = [("stedi", "customer_trusted")]
    temp = _session(temp_views={"customer_trusted", "accelerometer_landing"})
    query = "SELECT a.user FROM accelerometer_landing a WHERE a.user IN (SELECT email FROM customer_trusted)"
    assert not needs_mirror(temp, query, pending)
    assert not needs_mirror(temp, query, [])
    assert needs_mirror(temp, "SELECT * FROM stedi.customer_trusted", pending)
    assert needs_mirror(temp, "select * from `stedi`.`Customer_Trusted`", pending)
    assert needs_mirror(temp, "SHOW TABLES IN stedi", pending)  # commands build first
    assert needs_mirror(temp, "DESCRIBE customer_trusted", pending)
    # Unqualified and not a temp view: the current database's table.
    assert needs_mirror(_session(current="stedi"), "SELECT * FROM customer_trusted", pending)
    assert not needs_mirror(_session(current="default"), "SELECT * FROM customer_trusted", pending)
    assert not needs_mirror(_session(current="stedi"), "SELECT * FROM customer_trusted_v2", pending)


def test_sink_uploads_keep_the_bytes_in_flight_under_the_budget_and_a_larger_file_goes_alone():
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    budget = staged_upload._BytesInFlight(100)
    lock = threading.Lock()
    active: list[int] = []
    seen: list[list[int]] = []

    def upload(size):
        with budget.hold(size):
            with lock:
                active.append(size)
                seen.append(list(active))
            time.sleep(0.02)
            with lock:
                active.remove(size)

    sizes = [40, 40, 40, 250, 10, 10, 60, 30]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(upload, sizes))
    assert sorted(s for snapshot in seen for s in snapshot[-1:]) == sorted(sizes)  # every file went
    for snapshot in seen:
        assert sum(snapshot) <= 100 or snapshot == [250]
    assert any(len(snapshot) > 1 for snapshot in seen)  # small files still overlap
