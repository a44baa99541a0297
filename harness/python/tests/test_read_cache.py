"""The warm job server reuses the parse of a JSON catalog table whose files and definition are
unchanged (stedi_glue/read_cache.py), and never one that changed.

The expectations are what a fresh read gives: each test writes the lines itself, so the rows and
the accounting are known before any read. A reused read is marked `reusedRead` in the job's input
accounting; everything else about it must equal a first read.
"""

from __future__ import annotations

import json

from conftest import BUCKET, DATABASE, json_table, put_lines

READ = """
from stedi_glue import job_context
f = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name=a["table"])
rows = sorted((r.asDict() for r in f.toDF().collect()), key=lambda r: json.dumps(r, sort_keys=True))
result("rows", rows)
result("errors", f.errorsCount())
result("inputs", job_context.input_stats())
"""


def _read(glue, table):
    return glue.run(f'a = {{"table": "{table}"}}\n' + READ)["results"]


LINES = [{"id": 1, "name": "ann"}, "not json", {"id": 2, "name": "bob"}, {"ID": 3}]
EXPECTED_ROWS = [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": None}]


def test_a_second_read_of_unchanged_files_is_reused_with_the_same_rows_and_accounting(glue, aws, prefix):
    uri = put_lines(aws, f"{prefix}/t/part-0.json", LINES)
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint"), ("name", "string")])

    first, second = _read(glue, f"{prefix}_t"), _read(glue, f"{prefix}_t")

    assert first["rows"] == second["rows"] == EXPECTED_ROWS
    assert first["errors"] == second["errors"] == 1
    (before,), (after,) = first["inputs"], second["inputs"]
    assert "reusedRead" not in before and after["reusedRead"] is True
    assert {**after, "reusedRead": None} == {**before, "reusedRead": None}
    assert after["recordsRead"] == 4 and after["errorSamples"] == [
        {"file": uri, "line": 2, "reason": "malformed JSON record (not a JSON object)"}]


def test_new_bytes_of_the_same_size_under_the_same_name_are_read_again(glue, aws, prefix):
    put_lines(aws, f"{prefix}/t/part-0.json", [{"id": 1}, {"id": 2}])
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint")])
    assert _read(glue, f"{prefix}_t")["rows"] == [{"id": 1}, {"id": 2}]

    put_lines(aws, f"{prefix}/t/part-0.json", [{"id": 1}, {"id": 7}])  # same length, new ETag
    again = _read(glue, f"{prefix}_t")

    assert again["rows"] == [{"id": 1}, {"id": 7}]
    assert "reusedRead" not in again["inputs"][0]


def test_the_same_bytes_under_a_new_file_name_are_reused_and_located_in_the_new_file(glue, aws, prefix):
    # A job writes the same rows under new part-file names on every run.
    put_lines(aws, f"{prefix}/t/run-1-part-0.json", LINES)
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint"), ("name", "string")])
    _read(glue, f"{prefix}_t")
    aws["s3"].delete_object(Bucket=BUCKET, Key=f"{prefix}/t/run-1-part-0.json")
    renamed = put_lines(aws, f"{prefix}/t/run-2-part-0.json", LINES)

    again = _read(glue, f"{prefix}_t")

    assert again["rows"] == EXPECTED_ROWS
    assert again["inputs"][0]["reusedRead"] is True
    assert again["inputs"][0]["errorSamples"] == [
        {"file": renamed, "line": 2, "reason": "malformed JSON record (not a JSON object)"}]


def test_a_changed_column_type_or_an_added_file_is_read_again(glue, aws, prefix):
    put_lines(aws, f"{prefix}/t/a.json", [{"id": 1, "v": "10"}])
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint"), ("v", "string")])
    assert _read(glue, f"{prefix}_t")["rows"] == [{"id": 1, "v": "10"}]

    table = aws["glue"].get_table(DatabaseName=DATABASE, Name=f"{prefix}_t")["Table"]
    table["StorageDescriptor"]["Columns"][1]["Type"] = "int"
    aws["glue"].update_table(DatabaseName=DATABASE, TableInput={
        k: v for k, v in table.items() if k in ("Name", "StorageDescriptor", "Parameters", "TableType", "PartitionKeys")})
    retyped = _read(glue, f"{prefix}_t")
    assert retyped["rows"] == [{"id": 1, "v": 10}] and "reusedRead" not in retyped["inputs"][0]

    put_lines(aws, f"{prefix}/t/b.json", [{"id": 2, "v": "20"}])
    grown = _read(glue, f"{prefix}_t")
    assert grown["rows"] == [{"id": 1, "v": 10}, {"id": 2, "v": 20}] and "reusedRead" not in grown["inputs"][0]


def test_a_table_read_twice_in_one_job_joins_with_itself_as_two_relations(glue, aws, prefix):
    put_lines(aws, f"{prefix}/t/a.json", [{"id": i, "parent": i - 1} for i in range(1, 6)])
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint"), ("parent", "bigint")])
    out = glue.run(f"""
from stedi_glue import job_context
child = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{prefix}_t").toDF()
parent = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{prefix}_t").toDF()
pairs = child.join(parent, child["parent"] == parent["id"]).select(child["id"].alias("c"), parent["id"].alias("p"))
result("pairs", sorted([r["c"], r["p"]] for r in pairs.collect()))
result("reused", [i.get("reusedRead", False) for i in job_context.input_stats()])
""")["results"]
    # Ids 2..5 have a parent in the table; a join of one relation with itself on parent = id
    # would instead compare each row with itself (no row has parent = id).
    assert out["pairs"] == [[2, 1], [3, 2], [4, 3], [5, 4]]
    assert out["reused"] == [False, True]


def test_the_budget_drops_the_least_recently_used_read_and_frees_its_blocks(glue, aws, prefix):
    for name in ("a", "b"):
        put_lines(aws, f"{prefix}/{name}/x.json", [{"id": i, "pad": "x" * 100} for i in range(50)])
        json_table(aws, f"{prefix}_{name}", f"s3://{BUCKET}/{prefix}/{name}/", [("id", "bigint"), ("pad", "string")])
    size = len(json.dumps({"id": 10, "pad": "x" * 100}))  # about one line: the budget holds one table, not two
    out = glue.run(f"""
import os
from stedi_glue import job_context, read_cache
os.environ["STEDI_READ_CACHE_MB"] = str(60 * {size} / (1 << 20))
try:
    read_cache.clear(spark)
    persistent = lambda: set(int(i) for i in sc._jsc.getPersistentRDDs().keySet())
    baseline, before = persistent(), read_cache.counters()
    for name in ("a", "b", "a"):
        glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{prefix}_" + name).count()
    after = read_cache.counters()
    result("held", sorted(persistent() - baseline) == sorted(read_cache.kept_rdd_ids()))
finally:
    del os.environ["STEDI_READ_CACHE_MB"]
result("reused", [i.get("reusedRead", False) for i in job_context.input_stats()])
result("evicted", after["evictions"] - before["evictions"])
result("entries", after["entries"])
""")["results"]
    # a is kept, b's read evicts it, so the third read (a) is a fresh read that evicts b.
    assert out["reused"] == [False, False, False]
    assert out["evicted"] == 2 and out["entries"] == 1
    # The blocks still held are those of the one entry kept: the evicted ones were freed.
    assert out["held"] is True


def test_a_read_whose_blocks_a_script_freed_is_done_again(glue, aws, prefix):
    put_lines(aws, f"{prefix}/t/a.json", [{"id": 1}, {"id": 2}])
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint")])
    _read(glue, f"{prefix}_t")
    # A known idiom to free memory: unpersist every RDD the context holds.
    glue.run("""
for rdd in list(sc._jsc.getPersistentRDDs().values()):
    rdd.unpersist(True)
""")

    again = _read(glue, f"{prefix}_t")

    assert again["rows"] == [{"id": 1}, {"id": 2}]
    assert "reusedRead" not in again["inputs"][0]


FROM_OPTIONS = """
from stedi_glue import job_context
f = glueContext.create_dynamic_frame.from_options(
    connection_type="s3", connection_options={"paths": [a["path"]], "recurse": True}, format="json")
rows = sorted((r.asDict() for r in f.toDF().collect()), key=lambda r: json.dumps(r, sort_keys=True))
result("rows", rows)
result("errors", f.errorsCount())
result("inputs", job_context.input_stats())
"""


def test_an_s3_source_read_again_with_the_same_bytes_is_reused_and_new_bytes_are_read(glue, aws, prefix):
    path = f"s3://{BUCKET}/{prefix}/src/"
    uri = put_lines(aws, f"{prefix}/src/a.json", [{"id": 1, "Name": "ann"}, "[1, 2]", {"id": 2}])
    read = lambda: glue.run(f'a = {{"path": "{path}"}}\n' + FROM_OPTIONS)["results"]  # noqa: E731

    first, second = read(), read()

    # from_options keeps the keys' spelling and infers the types (a DynamicFrame's schema).
    assert first["rows"] == second["rows"] == [{"Name": "ann", "id": 1}, {"Name": None, "id": 2}]
    assert first["errors"] == second["errors"] == 1
    assert "reusedRead" not in first["inputs"][0] and second["inputs"][0]["reusedRead"] is True
    assert second["inputs"][0]["errorSamples"] == first["inputs"][0]["errorSamples"] == [
        {"file": uri, "line": 2, "reason": "malformed JSON record (not a JSON object)"}]

    put_lines(aws, f"{prefix}/src/a.json", [{"id": 3, "Name": "cy"}])
    third = read()
    assert third["rows"] == [{"Name": "cy", "id": 3}] and "reusedRead" not in third["inputs"][0]


def test_a_session_setting_that_changes_the_parse_is_part_of_the_key(glue, aws, prefix):
    # CAST('2023-01-01 00:00:00' AS timestamp) is read in the session time zone
    # (https://spark.apache.org/docs/3.5.4/sql-ref-datetime-pattern.html, spark.sql.session.timeZone).
    put_lines(aws, f"{prefix}/t/a.json", [{"ts": "2023-01-01 00:00:00"}])
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("ts", "timestamp")])
    body = f"""
from stedi_glue import job_context
if a["tz"]:
    spark.conf.set("spark.sql.session.timeZone", a["tz"])
f = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{prefix}_t")
result("epoch", [r["s"] for r in f.toDF().selectExpr("CAST(ts AS long) AS s").collect()])
result("reused", [i.get("reusedRead", False) for i in job_context.input_stats()])
"""
    utc = glue.run('a = {"tz": None}\n' + body)["results"]
    new_york = glue.run('a = {"tz": "America/New_York"}\n' + body)["results"]
    utc_again = glue.run('a = {"tz": None}\n' + body)["results"]

    assert utc["epoch"] == [1672531200] and utc["reused"] == [False]
    assert new_york["epoch"] == [1672531200 + 5 * 3600] and new_york["reused"] == [False]
    # The job's setting was undone after it (the job server cleans the session): UTC again, reused.
    assert utc_again["epoch"] == [1672531200] and utc_again["reused"] == [True]


def test_a_read_too_big_to_keep_and_large_for_the_heap_is_persisted_on_disk_for_its_job(glue, aws, prefix):
    put_lines(aws, f"{prefix}/t/a.json", LINES)
    json_table(aws, f"{prefix}_t", f"s3://{BUCKET}/{prefix}/t/", [("id", "bigint"), ("name", "string")])
    out = glue.run(f"""
import os
from stedi_glue import read_cache
os.environ["STEDI_READ_CACHE_MB"] = "0"  # not kept: persisted for this job only
levels = {{}}
try:
    for share, name in ((1, "small"), (10**15, "large")):  # the limit: the heap / share
        read_cache.HEAP_READ_SHARE = share
        before = set(int(i) for i in sc._jsc.getPersistentRDDs().keySet())
        f = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{prefix}_t")
        result(name + "_rows", sorted(r["id"] for r in f.toDF().collect() if r["id"] is not None))
        result(name + "_errors", f.errorsCount())
        held = {{int(k): v for k, v in sc._jsc.getPersistentRDDs().items() if int(k) not in before}}
        levels[name] = sorted({{(v.getStorageLevel().useMemory(), v.getStorageLevel().useDisk()) for v in held.values()}})
finally:
    del os.environ["STEDI_READ_CACHE_MB"]
    read_cache.HEAP_READ_SHARE = 8
result("levels", levels)
""")["results"]
    assert out["small_rows"] == out["large_rows"] == [1, 2, 3]
    assert out["small_errors"] == out["large_errors"] == 1
    # (in memory, on disk) of the blocks the read persisted: the large read holds no heap.
    assert out["levels"] == {"small": [[True, True]], "large": [[False, True]]}
