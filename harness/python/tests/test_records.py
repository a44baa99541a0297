"""Filter and Map: Glue's exception rules and DynamicRecord's absent-vs-null behaviour."""

from __future__ import annotations

from conftest import json_table, put_lines

# The common (wrong) consent filter of the STEDI project.
CONSENT = lambda row: not (row["shareWithResearchAsOfDate"] == 0)  # noqa: E731

RECORDS = [
    {"email": "a@x.test", "shareWithResearchAsOfDate": 1655564444001},
    {"email": "b@x.test", "shareWithResearchAsOfDate": 0},
    {"email": "c@x.test", "shareWithResearchAsOfDate": None},
    {"email": "d@x.test"},
    {"email": "e@x.test", "shareWithResearchAsOfDate": 1655564444002, "divisor": 0},
]


def glue_filter(records, predicate):
    """Ground truth from plain dicts with Glue's rule: KeyError/ValueError/TypeError drop a record."""
    kept, errors = [], 0
    for record in records:
        try:
            if predicate(record):
                kept.append(record["email"])
        except (KeyError, ValueError, TypeError):
            pass
        except Exception:  # noqa: BLE001
            errors += 1
    return sorted(kept), errors


def test_filter_drops_absent_fields_keeps_nulls_and_counts_other_exceptions_as_errors(glue, aws, prefix):
    path = put_lines(aws, f"{prefix}/landing/c.json", RECORDS)
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["input"])
        landing = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["input"]], "recurse": True}, transformation_ctx="landing")
        consent = Filter.apply(frame=landing, f=lambda row: (not (row["shareWithResearchAsOfDate"] == 0)),
                               transformation_ctx="consent")
        result("consent", sorted(r["email"] for r in consent.toDF().collect()))
        result("consent_errors", consent.errorsCount())
        risky = landing.filter(lambda row: 10 / row["divisor"] > 1 if "divisor" in row else int("nan?") > 0)
        result("risky", sorted(r["email"] for r in risky.toDF().collect()))
        result("risky_stage_errors", risky.stageErrorsCount())
        result("risky_errors", risky.errorsCount())
        result("risky_columns", risky.toDF().columns)
        result("attr", Filter.apply(frame=landing, f=lambda r: r.email == "a@x.test").count())
    """, {"--input": path})
    r = done["results"]
    expected_consent, _ = glue_filter(RECORDS, CONSENT)
    assert r["consent"] == expected_consent == ["a@x.test", "c@x.test", "e@x.test"]
    assert r["consent_errors"] == 0
    risky = lambda row: 10 / row["divisor"] > 1 if "divisor" in row else int("nan?") > 0  # noqa: E731
    expected_risky, expected_errors = glue_filter(RECORDS, risky)
    assert r["risky"] == expected_risky == []
    assert r["risky_stage_errors"] == expected_errors == 1  # ZeroDivisionError; ValueError only drops
    assert r["risky_errors"] == 1
    assert "__stedi_present" not in r["risky_columns"]
    assert r["attr"] == 1


def test_filter_over_a_catalog_table_sees_lower_case_field_names(glue, aws, prefix):
    location = f"s3://stedi-test/{prefix}/landing/"
    put_lines(aws, f"{prefix}/landing/c.json", RECORDS)
    table = f"{prefix}_landing"
    json_table(aws, table, location, [("email", "string"), ("sharewithresearchasofdate", "bigint")])
    done = glue.run(f"""
        t = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="{table}")
        lower = Filter.apply(frame=t, f=lambda row: not (row["sharewithresearchasofdate"] == 0))
        camel = Filter.apply(frame=t, f=lambda row: not (row["shareWithResearchAsOfDate"] == 0))
        result("lower", sorted(r["email"] for r in lower.toDF().collect()))
        result("camel", camel.count())
    """)
    lowered = [{k.lower(): v for k, v in rec.items()} for rec in RECORDS]
    expected, _ = glue_filter(lowered, lambda row: not (row["sharewithresearchasofdate"] == 0))
    assert done["results"]["lower"] == expected
    assert done["results"]["camel"] == 0  # KeyError for every record: the catalog lower-cases names


def test_map_adds_fields_and_turns_exceptions_into_error_records(glue, aws, prefix):
    path = put_lines(aws, f"{prefix}/in/r.json", RECORDS)
    done = glue.run("""
        a = getResolvedOptions(sys.argv, ["input"])
        src = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
            connection_options={"paths": [a["input"]]})
        def tag(rec):
            rec["consentYear"] = rec["shareWithResearchAsOfDate"] // 1000 // 31536000 + 1970
            return rec
        mapped = Map.apply(frame=src, f=tag, transformation_ctx="tag")
        result("rows", sorted([r["email"], r["consentYear"]] for r in mapped.toDF().collect()))
        result("errors", mapped.stageErrorsCount())
    """, {"--input": path})
    expected, errors = [], 0
    for rec in RECORDS:
        try:
            expected.append([rec["email"], rec["shareWithResearchAsOfDate"] // 1000 // 31536000 + 1970])
        except Exception:  # noqa: BLE001 - Map: every exception is an error record
            errors += 1
    assert done["results"]["rows"] == sorted(expected)
    assert done["results"]["errors"] == errors == 2  # absent field (KeyError), null field (TypeError)
