"""Sinks: S3 writes (append), getSink catalog updates, from_catalog writes and purges."""

from __future__ import annotations

from conftest import BUCKET, DATABASE, json_table, list_keys, put_lines, read_json_lines

CUSTOMERS = [
    {"customerName": "Ann", "email": "ann@x.test", "registrationDate": 1655564444000, "shareWithResearchAsOfDate": 1},
    {"customerName": "Bob", "email": "bob@x.test", "registrationDate": 1655564444100, "shareWithResearchAsOfDate": 2},
]

SINK_SCRIPT = """
a = getResolvedOptions(sys.argv, ["input", "output", "table", "fmt"])
src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
    connection_options={"paths": [a["input"]]}, transformation_ctx="src")
sink = glueContext.getSink(path=a["output"], connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="CustomerTrusted_node")
sink.setCatalogInfo(catalogDatabase="stedi", catalogTableName=a["table"])
sink.setFormat(a["fmt"], compression="snappy") if a["fmt"] == "glueparquet" else sink.setFormat(a["fmt"])
sink.writeFrame(src)
result("sql", spark.sql("SELECT count(*) AS n FROM stedi." + a["table"]).first()["n"])
"""


def test_get_sink_creates_the_catalog_table_as_glue_does_and_writes_append(glue, aws, prefix):
    source = put_lines(aws, f"{prefix}/landing/c.json", CUSTOMERS)
    table = f"{prefix}_trusted"
    output = f"s3://{BUCKET}/{prefix}/trusted/"
    args = {"--input": source, "--output": output, "--table": table, "--fmt": "json"}
    first = glue.run(SINK_SCRIPT, args, job_name="customer_trusted")
    got = aws["glue"].get_table(DatabaseName=DATABASE, Name=table)["Table"]
    sd = got["StorageDescriptor"]
    assert [(c["Name"], c["Type"]) for c in sd["Columns"]] == [
        ("customername", "string"), ("email", "string"), ("registrationdate", "bigint"),
        ("sharewithresearchasofdate", "bigint")]
    assert sd["Location"] == output
    assert got["Parameters"]["classification"] == "json"
    assert sd["SerdeInfo"]["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"
    assert sd["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"
    assert got["TableType"] == "EXTERNAL_TABLE"
    assert got["Parameters"]["UpdatedByJob"] == "customer_trusted"
    # The files keep the frame's camelCase keys; no _SUCCESS marker.
    assert sorted(read_json_lines(aws, f"{prefix}/trusted/"), key=str) == sorted(CUSTOMERS, key=str)
    assert not [k for k in list_keys(aws, f"{prefix}/trusted/") if k.rsplit("/", 1)[-1].startswith("_")]
    assert first["results"]["sql"] == len(CUSTOMERS)
    second = glue.run(SINK_SCRIPT, args, job_name="customer_trusted")
    assert second["results"]["sql"] == 2 * len(CUSTOMERS)  # Glue's re-run append trap


def test_glueparquet_sink_and_log_behaviour_and_missing_database(glue, aws, prefix):
    source = put_lines(aws, f"{prefix}/landing/c.json", CUSTOMERS)
    table = f"{prefix}_curated"
    output = f"s3://{BUCKET}/{prefix}/curated/"
    done = glue.run(SINK_SCRIPT, {"--input": source, "--output": output, "--table": table, "--fmt": "glueparquet"})
    got = aws["glue"].get_table(DatabaseName=DATABASE, Name=table)["Table"]
    assert got["Parameters"]["classification"] == "parquet"
    assert got["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"] == \
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    keys = list_keys(aws, f"{prefix}/curated/")
    assert keys and all(k.endswith(".snappy.parquet") for k in keys)
    assert done["results"]["sql"] == len(CUSTOMERS)

    logged = glue.run(f"""
        src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={{"paths": ["{source}"]}}).select_fields(["email"])
        sink = glueContext.getSink(path="{output}", connection_type="s3", updateBehavior="LOG",
            partitionKeys=[], enableUpdateCatalog=True)
        sink.setCatalogInfo(catalogDatabase="stedi", catalogTableName="{table}")
        sink.setFormat("glueparquet")
        sink.writeFrame(src)
        bad = glueContext.getSink(path="{output}x/", connection_type="s3", enableUpdateCatalog=True)
        bad.setCatalogInfo(catalogDatabase="no_such_db", catalogTableName="t")
        bad.setFormat("json")
        bad.writeFrame(src)
    """, expect="FAILED")
    unchanged = aws["glue"].get_table(DatabaseName=DATABASE, Name=table)["Table"]
    assert len(unchanged["StorageDescriptor"]["Columns"]) == 4
    assert "no_such_db" in logged["error"]["message"] and "not found" in logged["error"]["message"]


def test_write_from_options_formats_compression_and_partitions(glue, aws, prefix):
    source = put_lines(aws, f"{prefix}/landing/c.json", CUSTOMERS)
    base = f"s3://{BUCKET}/{prefix}/out"
    done = glue.run(f"""
        src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={{"paths": ["{source}"]}})
        glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="json",
            connection_options={{"path": "{base}/json/", "compression": "snappy", "partitionKeys": []}})
        glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="glueparquet",
            connection_options={{"path": "{base}/parquet/", "partitionKeys": ["customerName"]}},
            format_options={{"compression": "snappy"}})
        glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="csv",
            connection_options={{"path": "{base}/csv/"}}, format_options={{"separator": "|"}})
        back = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={{"paths": ["{base}/json/"]}})
        result("json_back", sorted(r["email"] for r in back.toDF().collect()))
        pq = spark.read.parquet("{base}/parquet/")
        result("parquet_back", sorted([r["customerName"], r["email"]] for r in pq.collect()))
        try:
            glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="orc",
                connection_options={{"path": "{base}/orc/"}})
        except NotImplementedError as e:
            result("orc", str(e))
    """)
    json_keys = list_keys(aws, f"{prefix}/out/json/")
    assert json_keys and all(k.endswith(".json.snappy") for k in json_keys)
    assert done["results"]["json_back"] == sorted(c["email"] for c in CUSTOMERS)
    parquet_keys = list_keys(aws, f"{prefix}/out/parquet/")
    assert sorted({k.split("/")[-2] for k in parquet_keys}) == sorted(f"customerName={c['customerName']}" for c in CUSTOMERS)
    assert done["results"]["parquet_back"] == sorted([c["customerName"], c["email"]] for c in CUSTOMERS)
    csv_body = b"".join(aws["s3"].get_object(Bucket=BUCKET, Key=k)["Body"].read() for k in list_keys(aws, f"{prefix}/out/csv/"))
    assert b"ann@x.test" in csv_body and b"|" in csv_body
    assert "orc" in done["results"]["orc"] and "not supported" in done["results"]["orc"]


def test_write_from_catalog_and_purges(glue, aws, prefix):
    source = put_lines(aws, f"{prefix}/landing/c.json", CUSTOMERS)
    location = f"s3://{BUCKET}/{prefix}/target/"
    table = f"{prefix}_target"
    json_table(aws, table, location, [("customername", "string"), ("email", "string")])
    done = glue.run(f"""
        src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={{"paths": ["{source}"]}}).select_fields(["customerName", "email"])
        glueContext.write_dynamic_frame.from_catalog(frame=src, database="stedi", table_name="{table}")
        glueContext.write_dynamic_frame.from_catalog(frame=src, database="stedi", table_name="{table}")
        result("after_two_writes", spark.sql("SELECT count(*) n FROM stedi.{table}").first()["n"])
        glueContext.purge_s3_path("{location}", options={{"retentionPeriod": 168}})
        result("after_default_purge", spark.sql("SELECT count(*) n FROM stedi.{table}").first()["n"])
        glueContext.purge_table(database="stedi", table_name="{table}", options={{"retentionPeriod": 0}})
        result("after_purge", spark.sql("SELECT count(*) n FROM stedi.{table}").first()["n"])
        glueContext.write_dynamic_frame.from_catalog(frame=src, database="stedi", table_name="{table}")
        glueContext.purge_s3_path("{location}", options={{"retentionPeriod": 0}})
    """)
    r = done["results"]
    assert r["after_two_writes"] == 2 * len(CUSTOMERS)
    assert r["after_default_purge"] == 2 * len(CUSTOMERS)  # default retention is 7 days
    assert r["after_purge"] == 0
    assert list_keys(aws, f"{prefix}/target/") == []
