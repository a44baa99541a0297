"""Spark SQL sees the emulated Glue Data Catalog as its metastore."""

from __future__ import annotations

from conftest import BUCKET, json_table, put_lines

READINGS = [
    {"user": "ann@x.test", "timeStamp": 10, "x": 1.5, "y": 0},
    {"user": "ann@x.test", "timeStamp": 11, "x": -2.5},
    {"user": "bob@x.test", "timeStamp": 12, "x": None, "y": 3},
]


def test_spark_sql_reads_camel_case_json_through_the_catalog(glue, aws, prefix):
    location = f"s3://{BUCKET}/{prefix}/accelerometer/landing/"
    put_lines(aws, f"{prefix}/accelerometer/landing/a.json", READINGS)
    table = f"{prefix}_accelerometer_landing"
    json_table(aws, table, location, [("user", "string"), ("timestamp", "bigint"), ("x", "double"), ("y", "double")])
    done = glue.run(f"""
        rows = spark.sql("SELECT user, timestamp, x, y FROM stedi.{table} ORDER BY timestamp").collect()
        result("rows", [list(r) for r in rows])
        result("tables", sorted(t.name for t in spark.catalog.listTables("stedi")))
    """)
    expected = [[r["user"], r["timeStamp"], r.get("x"), r.get("y")] for r in sorted(READINGS, key=lambda r: r["timeStamp"])]
    assert done["results"]["rows"] == expected
    assert table in done["results"]["tables"]
    # Data landing between jobs (the TS side stages files) is visible to the next job.
    put_lines(aws, f"{prefix}/accelerometer/landing/b.json", READINGS[:1])
    later = glue.run(f"result('n', spark.sql('SELECT count(*) n FROM stedi.{table}').first()['n'])")
    assert later["results"]["n"] == len(READINGS) + 1


def test_malformed_json_fails_a_query_unless_the_serde_ignores_it(glue, aws, prefix):
    strict = f"{prefix}_strict"
    lenient = f"{prefix}_lenient"
    put_lines(aws, f"{prefix}/strict/a.json", READINGS + ["{broken"])
    put_lines(aws, f"{prefix}/lenient/a.json", READINGS + ["{broken"])
    json_table(aws, strict, f"s3://{BUCKET}/{prefix}/strict/", [("user", "string")])
    json_table(aws, lenient, f"s3://{BUCKET}/{prefix}/lenient/", [("user", "string")],
               serde_params={"ignore.malformed.json": "true"})
    done = glue.run(f"""
        result("lenient", spark.sql("SELECT count(*) n, count(user) u FROM stedi.{lenient}").first().asDict())
        try:
            spark.sql("SELECT count(user) FROM stedi.{strict}").collect()
            result("strict", "no error")
        except Exception as e:
            result("strict", "malformed JSON in table stedi.{strict}" in str(e))
    """)
    assert done["results"]["lenient"] == {"n": len(READINGS) + 1, "u": len(READINGS)}
    assert done["results"]["strict"] is True


def test_a_catalog_table_is_mirrored_when_spark_sql_names_it_not_before(glue, aws, prefix):
    # Building a mirror lists the table's files: a job whose SQL only reads temp views (even one
    # named like a catalog table, as Glue Studio scripts do) must not pay for it, and a query
    # that names the table must still see it.
    table = f"{prefix}_landing"
    put_lines(aws, f"{prefix}/landing/a.json", READINGS)
    json_table(aws, table, f"s3://{BUCKET}/{prefix}/landing/", [("user", "string"), ("timestamp", "bigint")])
    done = glue.run(f"""
        from stedi_glue import sql_sync
        spark.createDataFrame([(7,)], "n int").createOrReplaceTempView("{table}")
        result("temp_view", spark.sql("SELECT n FROM {table}").first()["n"])
        result("pending_after_temp_view", ("stedi", "{table}") in sql_sync._pending)
        result("qualified", spark.sql("SELECT count(timestamp) AS c FROM stedi.{table}").first()["c"])
        result("pending_after_qualified", ("stedi", "{table}") in sql_sync._pending)
    """)
    assert done["results"] == {"temp_view": 7, "pending_after_temp_view": True, "qualified": len(READINGS),
                               "pending_after_qualified": False}


def test_a_catalog_call_or_command_builds_the_pending_mirrors_first(glue, aws, prefix):
    first, second = f"{prefix}_a", f"{prefix}_b"
    for name in (first, second):
        put_lines(aws, f"{prefix}/{name}/a.json", READINGS)
        json_table(aws, name, f"s3://{BUCKET}/{prefix}/{name}/", [("user", "string")])
    done = glue.run(f"""
        result("exists", spark.catalog.tableExists("{first}", "stedi"))
        result("shown", sorted(r.tableName for r in spark.sql("SHOW TABLES IN stedi").collect()
                               if r.tableName in ("{first}", "{second}")))
    """)
    assert done["results"] == {"exists": True, "shown": [first, second]}
