"""Transforms in the call styles Glue Studio emits."""

from __future__ import annotations

from conftest import put_lines

CUSTOMERS = [
    {"customerName": "Ann", "email": "ann@x.test", "serialNumber": "s1", "shareWithResearchAsOfDate": 1},
    {"customerName": "Bob", "email": "bob@x.test", "serialNumber": "s2", "shareWithResearchAsOfDate": None},
    {"customerName": "Cy", "email": "cy@x.test", "serialNumber": "s3"},
]
READINGS = [
    {"user": "ann@x.test", "timeStamp": 10, "x": 1.5},
    {"user": "ann@x.test", "timeStamp": 11, "x": 2.5},
    {"user": "bob@x.test", "timeStamp": 12, "x": 3.5},
    {"user": "zed@x.test", "timeStamp": 13, "x": 4.5},
]


def test_field_transforms_keep_absent_fields_absent(glue, aws, prefix):
    path = put_lines(aws, f"{prefix}/c.json", CUSTOMERS)
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["input"])
        src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["input"]]})
        mapped = ApplyMapping.apply(frame=src, mappings=[
            ("customername", "string", "name", "string"),
            ("shareWithResearchAsOfDate", "long", "consent", "string"),
            ("notThere", "string", "ghost", "string"),
        ], transformation_ctx="ChangeSchema_node")
        result("mapped_columns", mapped.toDF().columns)
        result("mapped", sorted([r["name"], r["consent"]] for r in mapped.toDF().collect()))
        # Absent stays absent through ApplyMapping: Cy has no consent field at all.
        has_consent = Filter.apply(frame=mapped, f=lambda r: "consent" in r)
        result("has_consent", sorted(r["name"] for r in has_consent.toDF().collect()))
        dropped = DropFields.apply(frame=src, paths=["serialNumber", "missing"], transformation_ctx="d")
        result("dropped", dropped.toDF().columns)
        selected = SelectFields.apply(frame=src, paths=["email", "customerName"], transformation_ctx="s")
        result("selected", selected.toDF().columns)
        renamed = RenameField.apply(frame=src, old_name="email", new_name="mail")
        result("renamed", renamed.toDF().columns)
        kept = Filter.apply(frame=renamed, f=lambda r: r["mail"].startswith("a"))
        result("renamed_filter", kept.count())
        nulls = DropNullFields.apply(frame=glueContext.create_dynamic_frame.from_options(connection_type="s3",
            format="json", connection_options={"paths": [a["input"]]}).filter(lambda r: r["customerName"] == "Cy"))
        result("nulls", nulls.toDF().columns)
        print("SCHEMA-START"); mapped.printSchema(); print("SCHEMA-END")
        mapped.show(5)
        result("partitions", src.coalesce(1).getNumPartitions())
        result("repartitioned", src.repartition(3).getNumPartitions())
    """, {"--input": path})
    r = done["results"]
    assert r["mapped_columns"] == ["name", "consent"]
    assert r["mapped"] == [["Ann", "1"], ["Bob", None], ["Cy", None]]
    assert r["has_consent"] == ["Ann", "Bob"]
    assert r["dropped"] == ["customerName", "email", "shareWithResearchAsOfDate"]
    assert r["selected"] == ["email", "customerName"]
    assert r["renamed"] == ["customerName", "mail", "serialNumber", "shareWithResearchAsOfDate"]
    assert r["renamed_filter"] == 1
    assert r["nulls"] == ["customerName", "email", "serialNumber"]
    assert r["partitions"] == 1 and r["repartitioned"] == 3
    schema = done["output"].split("SCHEMA-START\n", 1)[1].split("SCHEMA-END", 1)[0]
    assert schema.splitlines() == ["root", "|-- name: string", "|-- consent: string"]
    # show() prints records as JSON; Cy's absent consent is not shown, Bob's null is.
    shown = [line for line in done["output"].splitlines() if line.startswith('{"name"')]
    assert sorted(shown) == ['{"name": "Ann", "consent": "1"}', '{"name": "Bob", "consent": null}', '{"name": "Cy"}']


def test_join_keeps_both_same_named_columns_with_a_dot_prefix(glue, aws, prefix):
    cust = put_lines(aws, f"{prefix}/customers/c.json", CUSTOMERS)
    acc = put_lines(aws, f"{prefix}/readings/r.json", READINGS)
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["customers", "readings"])
        c = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["customers"]]})
        r = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["readings"]]})
        joined = Join.apply(frame1=c, frame2=r, keys1=["email"], keys2=["user"], transformation_ctx="Join_node")
        result("join_columns", joined.toDF().columns)
        result("join_rows", sorted([x["email"], x["timeStamp"]] for x in joined.toDF().collect()))
        twice = c.join(["email"], ["email"], c)
        result("self_columns", twice.toDF().columns)
        renamed = twice.drop_fields(["`.email`"])
        result("drop_dotted", renamed.toDF().columns)
        u = Union.apply(frame1=c, frame2=r)
        result("union_count", u.count())
        absent_user = Filter.apply(frame=u, f=lambda x: x["user"] is not None)
        result("union_user", absent_user.count())
    """, {"--customers": cust, "--readings": acc})
    r = done["results"]
    assert r["join_columns"] == ["customerName", "email", "serialNumber", "shareWithResearchAsOfDate",
                                 "user", "timeStamp", "x"]
    expected = sorted([c["email"], a["timeStamp"]] for c in CUSTOMERS for a in READINGS if c["email"] == a["user"])
    assert r["join_rows"] == expected
    assert r["self_columns"] == ["customerName", "email", "serialNumber", "shareWithResearchAsOfDate",
                                 ".customerName", ".email", ".serialNumber", ".shareWithResearchAsOfDate"]
    assert ".email" not in r["drop_dotted"] and "email" in r["drop_dotted"]
    assert r["union_count"] == len(CUSTOMERS) + len(READINGS)
    assert r["union_user"] == len(READINGS)  # customer records lack "user": KeyError drops them


def test_spark_sql_query_helper_and_drop_duplicates_as_glue_studio_generates(glue, aws, prefix):
    cust = put_lines(aws, f"{prefix}/customers/c.json", CUSTOMERS)
    acc = put_lines(aws, f"{prefix}/readings/r.json", READINGS)
    done = glue.run('''
        from awsglue.dynamicframe import DynamicFrameCollection

        def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
            for alias, frame in mapping.items():
                frame.toDF().createOrReplaceTempView(alias)
            result = spark.sql(query)
            return DynamicFrame.fromDF(result, glueContext, transformation_ctx)

        a = getResolvedOptions(sys.argv, ["customers", "readings"])
        c = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["customers"]]})
        r = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["readings"]]})
        SqlQuery0 = """
        select c.* from c join r on c.email = r.user where c.shareWithResearchAsOfDate is not null
        """
        q = sparkSqlQuery(glueContext, query=SqlQuery0, mapping={"c": c, "r": r}, transformation_ctx="SQL_node")
        result("fanout", q.count())
        dedup = DynamicFrame.fromDF(q.toDF().dropDuplicates(), glueContext, "DropDuplicates_node")
        result("dedup", sorted(x["email"] for x in dedup.toDF().collect()))
        coll = DynamicFrameCollection({"curated": dedup, "raw": q}, glueContext)
        picked = SelectFromCollection.apply(dfc=coll, key="curated", transformation_ctx="pick")
        result("picked", picked.count())
        result("keys", sorted(coll.keys()))
        result("missing_key_count", coll.select("nope").count())
    ''', {"--customers": cust, "--readings": acc})
    r = done["results"]
    consenting = {c["email"] for c in CUSTOMERS if c.get("shareWithResearchAsOfDate") is not None}
    fanout = [a for a in READINGS if a["user"] in consenting]
    assert r["fanout"] == len(fanout) == 2
    assert r["dedup"] == sorted(consenting & {a["user"] for a in READINGS}) == ["ann@x.test"]
    assert r["picked"] == 1 and r["keys"] == ["curated", "raw"] and r["missing_key_count"] == 0
