"""Glue names Spark cannot hold (issue 9 item 4) and duplicate column names (item 5).

Names: the Glue API accepts any single-line string for database and table names
(https://docs.aws.amazon.com/glue/latest/webapi/API_TableInput.html: Name pattern
[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*) and stores them lower-cased
(https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html), so
`stedi-human-balance` and `Customer Landing` are valid and matched case-insensitively; Spark's
session catalog accepts only letters, digits and `_`, so only a script that itself names them in
Spark SQL gets Spark's error.
"""

from __future__ import annotations

from conftest import BUCKET, list_keys, put_lines, read_json_lines

ROWS = [{"serialNumber": "s-1", "sensorReadingTime": 1, "distanceFromObject": 10},
        {"serialNumber": "s-2", "sensorReadingTime": 2, "distanceFromObject": 20}]


def _json_table(aws, database, name, location, columns):
    aws["glue"].create_table(DatabaseName=database, TableInput={
        "Name": name, "TableType": "EXTERNAL_TABLE", "Parameters": {"classification": "json"},
        "StorageDescriptor": {
            "Columns": [{"Name": n, "Type": t} for n, t in columns], "Location": location,
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe", "Parameters": {}}},
        "PartitionKeys": []})


def test_hyphenated_database_and_table_with_a_space_work_in_sources_sinks_and_purges(glue, aws, prefix):
    db = f"{prefix.replace('_', '-')}-human-balance"
    aws["glue"].create_database(DatabaseInput={"Name": db})
    landing = put_lines(aws, f"{prefix}/landing/x.json", ROWS)
    _json_table(aws, db, "step trainer landing", landing.rsplit("/", 1)[0] + "/",
                [("serialnumber", "string"), ("sensorreadingtime", "bigint"), ("distancefromobject", "int")])
    output = f"s3://{BUCKET}/{prefix}/trusted/"
    done = glue.run(f"""
        # Upper case in the script, lower case in the catalog: Glue matches them.
        src = glueContext.create_dynamic_frame.from_catalog(database="{db.upper()}",
            table_name="Step Trainer Landing")
        result("count", src.count())
        sink = glueContext.getSink(path="{output}", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
            partitionKeys=[], enableUpdateCatalog=True)
        sink.setCatalogInfo(catalogDatabase="{db}", catalogTableName="Step Trainer Trusted")
        sink.setFormat("json")
        sink.writeFrame(src)
        again = glueContext.create_dynamic_frame.from_catalog(database="{db}", table_name="step trainer trusted")
        result("trusted", again.count())
        glueContext.write_dynamic_frame.from_catalog(frame=src, database="{db}",
            table_name="step trainer trusted")
        result("after", glueContext.create_dynamic_frame.from_catalog(database="{db}",
            table_name="step trainer trusted").count())
        glueContext.purge_table("{db}", "Step Trainer Trusted", {{"retentionPeriod": 0}})
        result("purged", len(glueContext.create_dynamic_frame.from_catalog(database="{db}",
            table_name="step trainer trusted").toDF().collect()))
    """)
    assert done["results"] == {"count": 2, "trusted": 2, "after": 4, "purged": 0}
    created = aws["glue"].get_table(DatabaseName=db, Name="step trainer trusted")["Table"]
    assert created["Name"] == "step trainer trusted"  # Glue lower-cases the name it stores
    # The job's log says which names Spark SQL cannot see.
    assert f"database '{db}'" in done["output"] and "not visible to spark.sql" in done["output"]


def test_a_table_name_spark_cannot_hold_fails_only_the_script_that_puts_it_in_spark_sql(glue, aws, prefix):
    location = put_lines(aws, f"{prefix}/odd/x.json", ROWS).rsplit("/", 1)[0] + "/"
    _json_table(aws, "stedi", f"{prefix} with space", location, [("serialnumber", "string")])
    other = glue.run("""
        result("n", spark.sql("SELECT 1 AS n").first()["n"])
    """)
    assert other["results"]["n"] == 1
    assert f"'stedi'.'{prefix} with space'" in other["output"]
    failing = glue.run(f"""
        spark.sql("SELECT * FROM stedi.`{prefix} with space`").count()
    """, expect="FAILED")
    # Spark's own error, as a Glue job with the same statement gets.
    assert "TABLE_OR_VIEW_NOT_FOUND" in failing["error"]["message"] or \
        "INVALID_IDENTIFIER" in failing["error"]["message"]


# Duplicate column names (issue 9 item 5).
#
# What Glue does: a DynamicFrame is a collection of DynamicRecords, and a DynamicRecord is a
# self-describing record whose root is an ObjectNode of named fields (DynamicRecord.getRoot /
# addField: https://docs.aws.amazon.com/glue/latest/dg/glue-etl-scala-apis-glue-dynamicrecord-class.html).
# DynamicFrame.fromDF converts each Row field by field into that object (aws-glue-libs
# awsglue/dynamicframe.py: fromDF hands the DataFrame to the JVM DynamicFrame.apply), so two
# columns of one name become ONE field: the value added last replaces the earlier one, at the
# place of the first. The catalog stores names lower-cased, so names equal but for case are one
# column there as well. Observed on AWS Glue (issue 9): SELECT * over step_trainer_landing JOIN
# customers_curated wrote 14,460 rows with a single `serialnumber` column.
def test_select_star_join_with_a_shared_column_writes_one_field_per_name_last_value_wins(glue, aws, prefix):
    left = put_lines(aws, f"{prefix}/left/x.json", [
        {"serialNumber": "L-1", "key": 1, "onlyLeft": "a"}, {"serialNumber": "L-2", "key": 2, "onlyLeft": "b"}])
    right = put_lines(aws, f"{prefix}/right/x.json", [
        {"SerialNumber": "R-1", "key": 1, "onlyRight": "c"}, {"SerialNumber": "R-2", "key": 2, "onlyRight": "d"}])
    output = f"s3://{BUCKET}/{prefix}/joined/"
    table = f"{prefix}_joined"
    done = glue.run(f"""
        def sparkSqlQuery(glueContext, query, mapping, transformation_ctx):
            for alias, frame in mapping.items():
                frame.toDF().createOrReplaceTempView(alias)
            result = spark.sql(query)
            return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
        l = glueContext.create_dynamic_frame.from_options("s3", {{"paths": ["{left}"]}}, "json")
        r = glueContext.create_dynamic_frame.from_options("s3", {{"paths": ["{right}"]}}, "json")
        joined = sparkSqlQuery(glueContext, "SELECT * FROM l JOIN r ON l.key = r.key",
                               {{"l": l, "r": r}}, "SQL_node")
        result("fields", joined.toDF().columns)
        sink = glueContext.getSink(path="{output}", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
            partitionKeys=[], enableUpdateCatalog=True)
        sink.setCatalogInfo(catalogDatabase="stedi", catalogTableName="{table}")
        sink.setFormat("json")
        sink.writeFrame(joined)
    """)
    # fromDF: exact duplicates (`key`) merge, the value of the right-hand side (last) kept.
    assert done["results"]["fields"] == ["serialNumber", "key", "onlyLeft", "SerialNumber", "onlyRight"]
    rows = sorted(read_json_lines(aws, f"{prefix}/joined/"), key=lambda r: r["key"])
    # The sink: serialNumber / SerialNumber are one catalog column; the last (right) value wins.
    assert rows == [{"SerialNumber": "R-1", "key": 1, "onlyLeft": "a", "onlyRight": "c"},
                    {"SerialNumber": "R-2", "key": 2, "onlyLeft": "b", "onlyRight": "d"}]
    columns = aws["glue"].get_table(DatabaseName="stedi", Name=table)["Table"]["StorageDescriptor"]["Columns"]
    assert [c["Name"] for c in columns] == ["serialnumber", "key", "onlyleft", "onlyright"]
    log = done["output"]
    assert "2 columns named 'key'" in log and "dropped #2 'key'" in log
    assert "2 columns named 'SerialNumber' (ignoring case)" in log and "dropped #1 'serialNumber'" in log
    assert all(k.endswith(".json") for k in list_keys(aws, f"{prefix}/joined/"))
