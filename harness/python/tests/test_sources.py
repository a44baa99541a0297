"""Sources: create_dynamic_frame.from_options (json, parquet, csv) and from_catalog."""

from __future__ import annotations

import json

from conftest import BUCKET, json_table, put_lines

CUSTOMERS = [
    {"customerName": "Ann", "email": "ann@x.test", "registrationDate": 1655564444000, "shareWithResearchAsOfDate": 1655564444001},
    {"customerName": "Bob", "email": "bob@x.test", "registrationDate": 1655564444100, "shareWithResearchAsOfDate": None},
    {"customerName": "Cy", "email": "cy@x.test", "registrationDate": 1655564444200},
]


def test_json_lines_keep_file_casing_order_and_count_malformed_lines_as_errors(glue, aws, prefix):
    path = put_lines(aws, f"{prefix}/landing/part-1.json", CUSTOMERS[:2] + ["{not json", "", "[1, 2]"])
    put_lines(aws, f"{prefix}/landing/part-2.json", CUSTOMERS[2:])
    put_lines(aws, f"{prefix}/landing/nested/ignored-without-recurse.json", CUSTOMERS)
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["input"])
        f = glueContext.create_dynamic_frame.from_options(format_options={"multiLine": "false"},
            connection_type="s3", format="json", connection_options={"paths": [a["input"]]},
            transformation_ctx="CustomerLanding_node1")
        result("count", f.count())
        result("columns", f.toDF().columns)
        result("types", {fld.name: fld.dataType.simpleString() for fld in f.toDF().schema.fields})
        result("errors", f.errorsCount())
        r = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["input"]], "recurse": True})
        result("recursive_count", r.count())
    """, {"--input": path.rsplit("/", 1)[0] + "/"})
    r = done["results"]
    assert r["count"] == len(CUSTOMERS)
    # Order of first appearance and the file's camelCase, as a DynamicFrame keeps them.
    assert r["columns"] == ["customerName", "email", "registrationDate", "shareWithResearchAsOfDate"]
    assert r["types"]["registrationDate"] == "bigint"
    assert r["errors"] == 2  # "{not json" and "[1, 2]"; blank lines are skipped
    assert r["recursive_count"] == 2 * len(CUSTOMERS)


def test_multiline_json_given_as_bool_or_string(glue, aws, prefix):
    key = f"{prefix}/multi/doc.json"
    aws["s3"].put_object(Bucket=BUCKET, Key=key, Body=json.dumps(CUSTOMERS, indent=2).encode())
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["input"])
        for flag in (True, "true"):
            f = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
                connection_options={"paths": [a["input"]]}, format_options={"multiline": flag})
            result(f"count_{flag}", f.count())
        rows = sorted(r["customerName"] for r in f.toDF().collect())
        result("names", rows)
    """, {"--input": f"s3://{BUCKET}/{key}"})
    assert done["results"]["count_True"] == 3
    assert done["results"]["count_true"] == 3
    assert done["results"]["names"] == sorted(c["customerName"] for c in CUSTOMERS)


def test_parquet_and_csv_sources(glue, aws, prefix):
    csv_key = f"{prefix}/csv/people.csv"
    aws["s3"].put_object(Bucket=BUCKET, Key=csv_key, Body=b"name;age\nann;31\nbob;42\n")
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["csv", "parquet"])
        c = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="csv",
            connection_options={"paths": [a["csv"]]}, format_options={"withHeader": True, "separator": ";"})
        result("csv", sorted([r["name"], r["age"]] for r in c.toDF().collect()))
        spark.createDataFrame([(1, "x"), (2, "y")], "id bigint, label string").write.parquet(a["parquet"])
        p = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="parquet",
            connection_options={"paths": [a["parquet"]]})
        result("parquet", sorted([r["id"], r["label"]] for r in p.toDF().collect()))
        try:
            glueContext.create_dynamic_frame.from_options(connection_type="jdbc", connection_options={})
        except NotImplementedError as e:
            result("unsupported", str(e))
    """, {"--csv": f"s3://{BUCKET}/{csv_key}", "--parquet": f"s3a://{BUCKET}/{prefix}/parquet/"})
    r = done["results"]
    assert r["csv"] == [["ann", 31], ["bob", 42]]
    assert r["parquet"] == [[1, "x"], [2, "y"]]
    assert "from_options" in r["unsupported"] and "jdbc" in r["unsupported"]
    assert "not supported by the local harness" in r["unsupported"]


def test_from_catalog_reads_camel_case_json_into_lower_case_typed_columns(glue, aws, prefix):
    location = f"s3://{BUCKET}/{prefix}/customer/landing/"
    put_lines(aws, f"{prefix}/customer/landing/c.json", CUSTOMERS + ['{"customerName": "Dee", "registrationDate": "oops"}'])
    table = f"{prefix}_customer_landing"
    json_table(aws, table, location, [("customername", "string"), ("email", "string"),
                                      ("registrationdate", "bigint"), ("sharewithresearchasofdate", "bigint")])
    done = glue.run(f"""
        f = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{table}",
                                                          transformation_ctx="CustomerLanding_node1")
        df = f.toDF()
        result("columns", df.columns)
        result("types", [fld.dataType.simpleString() for fld in df.schema.fields])
        result("rows", sorted([list(r) for r in df.collect()], key=str))
    """)
    r = done["results"]
    assert r["columns"] == ["customername", "email", "registrationdate", "sharewithresearchasofdate"]
    assert r["types"] == ["string", "string", "bigint", "bigint"]
    expected = [[c["customerName"], c["email"], c["registrationDate"], c.get("shareWithResearchAsOfDate")]
                for c in CUSTOMERS] + [["Dee", None, None, None]]
    assert r["rows"] == sorted(expected, key=str)
