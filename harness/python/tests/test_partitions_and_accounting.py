"""from_catalog on partitioned tables (issue 9 item 2) and per-input accounting (issue 10 item 2).

Partitions: Glue reads a catalog table through its partitions as registered in the Data Catalog
(GetPartitions: each partition's StorageDescriptor.Location and Values), and
push_down_predicate / catalogPartitionPredicate prune that list before any file is read
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-partitions.html). A crawler
names a partition column `partition_0..N` where the path has no `key=value` segment
(https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html), and the
values are the catalog's, not the folder names.

Accounting: errorsCount() counts the records the reader could not parse, which are not in the
frame (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html
#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-errorsCount).
"""

from __future__ import annotations

import json

from conftest import BUCKET, DATABASE, json_table, put_lines

CODE = """
from stedi_glue import job_context
f = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name=a["table"], **kw)
rows = sorted((r.asDict() for r in f.toDF().collect()), key=lambda r: json.dumps(r, sort_keys=True))
result("rows", rows)
result("errors", f.errorsCount())
result("inputs", job_context.input_stats())
"""


def _partition(aws, table, values, location):
    aws["glue"].create_partition(DatabaseName=DATABASE, TableName=table, PartitionInput={
        "Values": values, "StorageDescriptor": {"Location": location}})


def _read(glue, table, kw="{}"):
    return glue.run(f'a = {{"table": "{table}"}}\nkw = {kw}\n' + CODE)["results"]


def test_registered_partitions_are_read_with_catalog_values_and_pruned_by_predicates(glue, aws, prefix):
    root = f"s3://{BUCKET}/{prefix}/t/"
    table = f"{prefix}_t"
    # Crawler-style folders: no key=value in the path.
    put_lines(aws, f"{prefix}/t/2023/a/x.json", [{"id": 1}, {"id": 2}])
    put_lines(aws, f"{prefix}/t/2024/b/x.json", [{"id": 3}])
    put_lines(aws, f"{prefix}/t/2025/c/x.json", [{"id": 4}])  # no partition registered: not read
    put_lines(aws, f"{prefix}/t/stray.json", [{"id": 5}])       # outside every partition: not read
    json_table(aws, table, root, [("id", "bigint")])
    aws["glue"].update_table(DatabaseName=DATABASE, TableInput={
        **{k: v for k, v in aws["glue"].get_table(DatabaseName=DATABASE, Name=table)["Table"].items()
           if k in ("Name", "StorageDescriptor", "Parameters", "TableType")},
        "PartitionKeys": [{"Name": "partition_0", "Type": "int"}, {"Name": "partition_1", "Type": "string"}]})

    assert _read(glue, table)["rows"] == []  # partitioned, nothing registered: Glue reads nothing

    # Values come from the catalog even where they differ from the folder name.
    _partition(aws, table, ["2023", "A"], root + "2023/a/")
    _partition(aws, table, ["2024", "B"], root + "2024/b/")
    everything = _read(glue, table)
    assert everything["rows"] == [{"id": 1, "partition_0": 2023, "partition_1": "A"},
                                  {"id": 2, "partition_0": 2023, "partition_1": "A"},
                                  {"id": 3, "partition_0": 2024, "partition_1": "B"}]
    assert everything["inputs"][0]["recordsRead"] == 3

    pruned = _read(glue, table, '{"push_down_predicate": "partition_0 >= 2024"}')
    assert pruned["rows"] == [{"id": 3, "partition_0": 2024, "partition_1": "B"}]
    assert pruned["inputs"][0]["recordsRead"] == 1  # the other partition's files were never read
    by_catalog = _read(glue, table, '{"additional_options": {"catalogPartitionPredicate": "partition_1 = \'A\'"}}')
    assert [r["id"] for r in by_catalog["rows"]] == [1, 2]

    # Spark SQL sees the same registered partitions.
    sql = glue.run(f'result("n", spark.sql("SELECT count(*) AS n FROM stedi.{table}").first()["n"])')
    assert sql["results"]["n"] == 3


def test_every_input_records_read_in_frame_and_error_records_located_by_file_and_line(glue, aws, prefix):
    big = json.dumps({"id": 9, "blob": "x" * 20_000_100})  # over Jackson's 20,000,000-character limit
    lines = [json.dumps({"id": 1}), "{not json", "", json.dumps({"id": 2}), big, json.dumps({"id": 3})]
    location = put_lines(aws, f"{prefix}/in/part 1.json", lines).rsplit("/", 1)[0] + "/"
    put_lines(aws, f"{prefix}/in/part-2.json", [json.dumps({"id": 4}), "[1, 2]"])
    table = f"{prefix}_in"
    json_table(aws, table, location, [("id", "bigint"), ("blob", "string")])
    done = glue.run(f"""
        from stedi_glue import job_context
        c = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{table}")
        o = glueContext.create_dynamic_frame.from_options("s3", {{"paths": ["{location}"]}}, "json")
        result("catalog", [c.count(), c.errorsCount()])
        result("options", [o.count(), o.errorsCount()])
        result("inputs", job_context.input_stats())
    """)
    # Ground truth from the lines this test wrote: 7 non-blank lines, 3 of them not records.
    expected_errors = [(f"s3://{BUCKET}/{prefix}/in/part 1.json", 2), (f"s3://{BUCKET}/{prefix}/in/part 1.json", 5),
                       (f"s3://{BUCKET}/{prefix}/in/part-2.json", 2)]
    assert done["results"]["catalog"] == [4, 3]
    assert done["results"]["options"] == [4, 3]
    inputs = done["results"]["inputs"]
    assert [(i["database"], i["table"], i["format"]) for i in inputs] == [("stedi", table, "json"), (None, None, "json")]
    for stats in inputs:
        assert (stats["recordsRead"], stats["recordsInFrame"], stats["errorRecords"]) == (7, 4, 3)
        assert sorted((s["file"], s["line"]) for s in stats["errorSamples"]) == expected_errors
        too_big = [s for s in stats["errorSamples"] if s["line"] == 5]
        assert "20,000,000" in too_big[0]["reason"]
