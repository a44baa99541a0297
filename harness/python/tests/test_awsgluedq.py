"""awsgluedq.EvaluateDataQuality and the Deequ DQDL bridge, on a local Spark with Deequ's jars.

Expected metrics and outcomes are computed here in plain Python from the same rows (the DQDL
definitions: Completeness = non-null / rows; Uniqueness = rows whose value occurs exactly once /
rows; ReferentialIntegrity = share of primary values found in the reference), never taken from
the code under test.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
if str(PACKAGE_ROOT) not in sys.path:  # conftest.py may already have put it there
    sys.path.insert(0, str(PACKAGE_ROOT))

from stedi_glue import job_context  # noqa: E402
from stedi_glue.deequ_dqdl import DEEQU_MAVEN_JARS, maven_relative_path  # noqa: E402
from stedi_glue.dqdl_text import split_rules  # noqa: E402

# id, name, x
ROWS = [(1, "a", 1.0), (2, "b", None), (3, "b", 5.0), (4, "c", -2.0)]
REFERENCE_IDS = [1, 2, 3]


def deequ_jars() -> list[str]:
    configured = [j for j in os.environ.get("STEDI_DEEQU_JARS", "").split(",") if j]
    if configured:
        return configured
    m2 = Path.home() / ".m2" / "repository"
    return [str(m2 / maven_relative_path(*c)) for c in DEEQU_MAVEN_JARS]


# ---- DQDL text splitting (no Spark) ------------------------------------------------------------


def test_split_keeps_commas_and_brackets_inside_strings_and_composites():
    doc = 'Rules = [ ColumnValues "a,b" in ["x,]", "y"], (IsComplete "c") and (RowCount > 1), CustomSql "select 1, 2" ]'
    section = split_rules(doc)
    assert section is not None
    assert section.rules == ['ColumnValues "a,b" in ["x,]", "y"]', '(IsComplete "c") and (RowCount > 1)', 'CustomSql "select 1, 2"']


def test_split_drops_comments_and_keeps_other_sections():
    doc = 'Metadata = { "Version": "1.0" }\n# a comment, with a comma\nRules = [\n  RowCount > 0, # trailing, comment\n  IsComplete "a"\n]\nAnalyzers = [ RowCount ]'
    section = split_rules(doc)
    assert section is not None
    assert section.rules == ["RowCount > 0", 'IsComplete "a"']
    assert section.prefix.startswith('Metadata = { "Version": "1.0" }')
    assert "Analyzers = [ RowCount ]" in section.suffix
    assert section.with_rules(['IsComplete "a"']).count("Rules = [") == 1


def test_split_reports_nothing_for_broken_documents():
    assert split_rules("Rules = [ RowCount > 0, ]") is None
    assert split_rules("Rules = [ RowCount > 0") is None
    assert split_rules('RowCount > 0, IsComplete "a"') is None
    assert split_rules('Rules = [ ColumnValues "a" in ["x" ) ]') is None


# ---- Spark ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dq_spark():
    missing = [j for j in deequ_jars() if not Path(j).is_file()]
    if missing:
        pytest.fail(f"Deequ jars missing: {missing}; fetch them with mvn dependency:get (see stedi_glue.deequ_dqdl.DEEQU_MAVEN_JARS) or set STEDI_DEEQU_JARS")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("test-awsgluedq")
        .config("spark.jars", ",".join(deequ_jars()))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Python workers (DynamicFrame.filter lambdas) import awsglue too.
        .config("spark.executorEnv.PYTHONPATH", str(PACKAGE_ROOT))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._jvm
    try:
        getattr(jvm.com.amazon.deequ.dqdl, "EvaluateDataQuality").RULE_OUTCOMES_KEY()
    except Exception:
        pytest.fail("a SparkSession without Deequ's jars is already running in this process; the shared session must include " + ", ".join(deequ_jars()))
    yield spark


@pytest.fixture(scope="module")
def frame(dq_spark):
    return dq_spark.createDataFrame(ROWS, "id long, name string, x double")


@pytest.fixture(scope="module")
def reference(dq_spark):
    return dq_spark.createDataFrame([(i,) for i in REFERENCE_IDS], "id long")


def by_rule(outcomes):
    return {o["Rule"]: o for o in outcomes}


def test_metrics_and_outcomes_match_python_ground_truth(dq_spark, frame):
    from stedi_glue.deequ_dqdl import evaluate

    n = len(ROWS)
    completeness_x = sum(1 for r in ROWS if r[2] is not None) / n
    name_counts = Counter(r[1] for r in ROWS)
    uniqueness_name = sum(1 for r in ROWS if name_counts[r[1]] == 1) / n
    ids = [r[0] for r in ROWS]
    rules = [
        f"RowCount = {n}",
        'IsComplete "x"',
        'Completeness "x" > 0.5',
        'Uniqueness "name" > 0.9',
        'IsUnique "id"',
        f'ColumnValues "id" between {min(ids) - 1} and {max(ids) + 1}',
        f'ColumnValues "id" between {min(ids) - 1} and {max(ids) - 1}',
    ]
    outcomes = evaluate(dq_spark, frame, "Rules = [\n  " + ",\n  ".join(rules) + "\n]")

    assert [o["Rule"] for o in outcomes] == rules  # ruleset order, one outcome per rule
    assert all(set(o) == {"Rule", "Outcome", "FailureReason", "EvaluatedMetrics"} for o in outcomes)
    got = by_rule(outcomes)
    assert got[rules[0]]["Outcome"] == "Passed"
    assert got[rules[0]]["EvaluatedMetrics"]["Dataset.*.RowCount"] == n
    assert got[rules[1]]["Outcome"] == ("Passed" if completeness_x == 1 else "Failed")
    assert got[rules[1]]["EvaluatedMetrics"]["Column.x.Completeness"] == pytest.approx(completeness_x)
    assert got[rules[1]]["FailureReason"]  # a failed rule says why
    assert got[rules[2]]["Outcome"] == ("Passed" if completeness_x > 0.5 else "Failed")
    assert got[rules[3]]["Outcome"] == ("Passed" if uniqueness_name > 0.9 else "Failed")
    assert got[rules[3]]["EvaluatedMetrics"]["Column.name.Uniqueness"] == pytest.approx(uniqueness_name)
    assert got[rules[4]]["Outcome"] == ("Passed" if len(set(ids)) == n else "Failed")
    assert got[rules[5]]["Outcome"] == "Passed"
    assert got[rules[6]]["Outcome"] == "Failed"


def test_rule_type_the_parser_rejects_is_an_error_and_the_others_still_run(dq_spark, frame):
    from stedi_glue.deequ_dqdl import evaluate

    outcomes = evaluate(dq_spark, frame, f'Rules = [ RowCount = {len(ROWS)}, Frobnicate "x" > 1, IsComplete "id" ]')
    assert [o["Outcome"] for o in outcomes] == ["Passed", "Error", "Passed"]
    assert outcomes[1]["Rule"] == 'Frobnicate "x" > 1'
    assert "Frobnicate" in outcomes[1]["FailureReason"]


def test_rule_type_deequ_cannot_evaluate_is_an_error(dq_spark, frame):
    from stedi_glue.deequ_dqdl import evaluate

    outcomes = evaluate(dq_spark, frame, 'Rules = [ DetectAnomalies "RowCount", IsUnique "id" ]')
    assert outcomes[0]["Outcome"] == "Error"
    assert "DetectAnomalies" in outcomes[0]["FailureReason"]
    assert outcomes[1]["Outcome"] == "Passed"


def test_unparseable_ruleset_is_one_error_outcome(dq_spark, frame):
    from stedi_glue.deequ_dqdl import evaluate

    outcomes = evaluate(dq_spark, frame, "Rules = [ RowCount = ")
    assert len(outcomes) == 1
    assert outcomes[0]["Outcome"] == "Error"
    assert outcomes[0]["Rule"] == "Rules = [ RowCount ="
    assert "parser" in outcomes[0]["FailureReason"]


def test_a_failing_where_clause_errors_only_its_own_rule(dq_spark, frame):
    from stedi_glue.deequ_dqdl import evaluate

    outcomes = evaluate(dq_spark, frame, f'Rules = [ RowCount = {len(ROWS)}, IsComplete "x" where "nope > 1" ]')
    assert [o["Outcome"] for o in outcomes] == ["Passed", "Error"]
    assert "nope" in outcomes[1]["FailureReason"]


def test_referential_integrity_and_row_count_match_use_additional_sources(dq_spark, frame, reference):
    from stedi_glue.deequ_dqdl import evaluate

    ids = [r[0] for r in ROWS]
    found = sum(1 for i in ids if i in set(REFERENCE_IDS)) / len(ids)
    outcomes = evaluate(
        dq_spark, frame, 'Rules = [ ReferentialIntegrity "id" "ref.id" = 1.0, RowCountMatch "ref" > 1.0 ]', {"ref": reference}
    )
    integrity, count_match = outcomes
    assert integrity["Outcome"] == ("Passed" if found == 1.0 else "Failed")
    assert list(integrity["EvaluatedMetrics"].values()) == [pytest.approx(found)]
    assert count_match["Outcome"] == ("Passed" if len(ROWS) / len(REFERENCE_IDS) > 1.0 else "Failed")
    assert list(count_match["EvaluatedMetrics"].values()) == [pytest.approx(len(ROWS) / len(REFERENCE_IDS))]


def test_custom_sql_sees_primary_and_a_job_view_named_primary_survives(dq_spark, frame):
    from stedi_glue.deequ_dqdl import evaluate

    dq_spark.range(7).createOrReplaceTempView("primary")
    nulls = sum(1 for r in ROWS if r[2] is None)
    outcomes = evaluate(dq_spark, frame, f'Rules = [ CustomSql "select count(*) from primary where x is null" = {nulls} ]')
    assert outcomes[0]["Outcome"] == "Passed", outcomes
    assert list(outcomes[0]["EvaluatedMetrics"].values()) == [nulls]
    assert dq_spark.table("primary").count() == 7
    dq_spark.catalog.dropTempView("primary")


# One rule per type that stedi_glue.deequ_dqdl.EVALUATED_RULE_TYPES claims Deequ evaluates.
RULE_TYPE_EXAMPLES = {
    "RowCount": "RowCount > 0",
    "RowCountMatch": 'RowCountMatch "ref" > 0',
    "ColumnCount": "ColumnCount > 0",
    "ColumnExists": 'ColumnExists "id"',
    "ColumnNamesMatchPattern": 'ColumnNamesMatchPattern "[a-z]+"',
    "ColumnDataType": 'ColumnDataType "id" = "INTEGER"',
    "Completeness": 'Completeness "x" > 0.1',
    "IsComplete": 'IsComplete "id"',
    "Uniqueness": 'Uniqueness "id" > 0.1',
    "IsUnique": 'IsUnique "id"',
    "IsPrimaryKey": 'IsPrimaryKey "id" "name"',
    "DistinctValuesCount": 'DistinctValuesCount "name" > 0',
    "UniqueValueRatio": 'UniqueValueRatio "name" > 0',
    "Entropy": 'Entropy "name" > 0',
    "Mean": 'Mean "x" > -100',
    "Sum": 'Sum "id" > 0',
    "StandardDeviation": 'StandardDeviation "x" >= 0',
    "ColumnCorrelation": 'ColumnCorrelation "id" "x" > -2',
    "ColumnLength": 'ColumnLength "name" > 0',
    "ColumnValues": 'ColumnValues "name" in ["a", "b", "c"]',
    "DataFreshness": 'DataFreshness "ts" <= 24 hours',
    "CustomSql": 'CustomSql "select count(*) from primary" > 0',
    "ReferentialIntegrity": 'ReferentialIntegrity "id" "ref.id" > 0',
    "DatasetMatch": 'DatasetMatch "ref" "id->id" >= 0',
    "SchemaMatch": 'SchemaMatch "ref" >= 0',
    "AggregateMatch": 'AggregateMatch "sum(id)" "sum(ref.id)" > 0',
}
ERROR_RULE_EXAMPLES = ['DetectAnomalies "RowCount"', 'AllStatistics "x" > 0', 'FileSize "s3://b/p/" > 1 MB', 'DuplicateRowCount = 0']


def test_every_rule_type_claimed_as_evaluated_gets_a_real_outcome(dq_spark, frame, reference):
    from pyspark.sql import functions as F

    from stedi_glue.deequ_dqdl import EVALUATED_RULE_TYPES, evaluate

    assert set(RULE_TYPE_EXAMPLES) == set(EVALUATED_RULE_TYPES)
    rules = list(RULE_TYPE_EXAMPLES.values()) + ERROR_RULE_EXAMPLES
    outcomes = evaluate(dq_spark, frame.withColumn("ts", F.current_timestamp()), "Rules = [ " + ", ".join(rules) + " ]", {"ref": reference})
    assert [o["Rule"].split()[0] for o in outcomes] == [r.split()[0] for r in rules]
    evaluated = outcomes[: len(RULE_TYPE_EXAMPLES)]
    assert [o for o in evaluated if o["Outcome"] not in ("Passed", "Failed")] == []
    assert [o["Outcome"] for o in outcomes[len(RULE_TYPE_EXAMPLES):]] == ["Error"] * len(ERROR_RULE_EXAMPLES)


# ---- awsgluedq.transforms.EvaluateDataQuality ----------------------------------------------------


@pytest.fixture()
def glue(dq_spark, frame):
    from awsglue.dynamicframe import DynamicFrame

    # A stand-in for GlueContext, whose constructor syncs the emulated catalog.
    ctx = SimpleNamespace(spark_session=dq_spark)
    return SimpleNamespace(ctx=ctx, dyf=DynamicFrame.fromDF(frame, ctx, "input"))


def test_apply_returns_rule_outcomes_in_glue_columns(dq_spark, frame, glue):
    from awsgluedq.transforms import EvaluateDataQuality
    from stedi_glue.deequ_dqdl import evaluate

    ruleset = f'Rules = [ RowCount = {len(ROWS)}, IsComplete "x" ]'
    result = EvaluateDataQuality.apply(frame=glue.dyf, ruleset=ruleset, publishing_options={"dataQualityEvaluationContext": "ctx", "enableDataQualityCloudWatchMetrics": False, "enableDataQualityResultsPublishing": False})
    df = result.toDF()
    assert df.columns == ["Rule", "Outcome", "FailureReason", "EvaluatedMetrics"]
    rows = [(r.Rule, r.Outcome, r.FailureReason, dict(r.EvaluatedMetrics)) for r in df.collect()]
    assert rows == [(o["Rule"], o["Outcome"], o["FailureReason"], o["EvaluatedMetrics"]) for o in evaluate(dq_spark, frame, ruleset)]


def test_process_rows_gives_a_collection_with_row_level_outcomes(dq_spark, glue):
    from awsglue.transforms import SelectFromCollection
    from awsgluedq.transforms import EvaluateDataQuality

    ruleset = 'Rules = [ RowCount > 0, IsComplete "x" ]'
    dfc = EvaluateDataQuality().process_rows(
        frame=glue.dyf,
        ruleset=ruleset,
        publishing_options={"dataQualityEvaluationContext": "node", "enableDataQualityCloudWatchMetrics": False, "enableDataQualityResultsPublishing": False},
        additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
    )
    assert set(dfc.keys()) == {"ruleOutcomes", "rowLevelOutcomes", "originalData"}
    rule_outcomes = SelectFromCollection.apply(dfc=dfc, key="ruleOutcomes").toDF().collect()
    assert [(r.Rule, r.Outcome) for r in rule_outcomes] == [("RowCount > 0", "Passed"), ('IsComplete "x"', "Failed")]
    assert dfc[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda r: r["Outcome"] == "Failed").count() == 1

    rows = SelectFromCollection.apply(dfc=dfc, key="rowLevelOutcomes").toDF()
    assert rows.columns == ["id", "name", "x", "DataQualityRulesPass", "DataQualityRulesFail", "DataQualityRulesSkip", "DataQualityEvaluationResult"]
    for row in rows.collect():
        x_missing = next(r[2] for r in ROWS if r[0] == row.id) is None
        assert ('IsComplete "x"' in row.DataQualityRulesFail) == x_missing
        assert ('IsComplete "x"' in row.DataQualityRulesPass) == (not x_missing)
        assert "RowCount > 0" in row.DataQualityRulesSkip  # a dataset rule says nothing about a row
        assert row.DataQualityEvaluationResult == ("Failed" if x_missing else "Passed")
    assert dfc["originalData"].count() == len(ROWS)


def test_process_rows_records_the_outcomes_in_the_job_run(glue):
    from awsgluedq.transforms import EvaluateDataQuality

    job_context.begin("jr_test", "dq-job")
    try:
        ruleset = 'Rules = [ IsUnique "id", Nope "x" ]'
        dfc = EvaluateDataQuality().process_rows(frame=glue.dyf, ruleset=ruleset, publishing_options={})
    finally:
        run = job_context.end()
    assert run is not None and len(run.data_quality) == 1
    recorded = run.data_quality[0]
    assert recorded["ruleset"] == ruleset
    assert [(o["Rule"], o["Outcome"]) for o in recorded["outcomes"]] == [('IsUnique "id"', "Passed"), ('Nope "x"', "Error")]
    assert [(r.Rule, r.Outcome) for r in dfc["ruleOutcomes"].toDF().collect()] == [(o["Rule"], o["Outcome"]) for o in recorded["outcomes"]]


def test_options_that_would_change_results_fail_loudly(glue):
    from awsgluedq.transforms import EvaluateDataQuality

    with pytest.raises(ValueError, match="bogus"):
        EvaluateDataQuality().process_rows(frame=glue.dyf, ruleset="Rules = [ RowCount > 0 ]", additional_options={"bogus": "1"})
    with pytest.raises(ValueError, match="compositeRuleEvaluation.method"):
        EvaluateDataQuality.apply(frame=glue.dyf, ruleset="Rules = [ RowCount > 0 ]", additional_options={"compositeRuleEvaluation.method": "ROW"})


# ---- parity CLI (its own JVM) --------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), STEDI_DEEQU_JARS=",".join(deequ_jars()), STEDI_SPARK_MASTER="local[1]")
    return subprocess.run([sys.executable, "-m", "stedi_glue.deequ_dqdl", *args], capture_output=True, text=True, env=env, timeout=600)


def test_cli_rejects_a_missing_table_directory_with_exit_2(tmp_path):
    ruleset = tmp_path / "r.dqdl"
    ruleset.write_text("Rules = [ RowCount > 0 ]")
    result = run_cli("--ruleset", str(ruleset), "--table", f"t={tmp_path / 'absent'}", "--primary", "t")
    assert result.returncode == 2
    assert "absent" in result.stderr and result.stdout == ""


def test_cli_prints_one_json_document_with_lower_cased_columns(tmp_path):
    readings = tmp_path / "readings"
    readings.mkdir()
    lines = [{"serialNumber": "s1", "distanceFromObject": 1}, {"serialNumber": "s2", "distanceFromObject": 2}, {"serialNumber": "s9", "distanceFromObject": None}]
    (readings / "part-0.json").write_text("\n".join(json.dumps(r) for r in lines) + "\n{not json\n")
    devices = tmp_path / "devices"
    devices.mkdir()
    (devices / "part-0.json").write_text('{"serialnumber": "s1"}\n{"serialnumber": "s2"}\n')
    ruleset = tmp_path / "r.dqdl"
    ruleset.write_text(f'Rules = [ RowCount = {len(lines)}, IsComplete "distancefromobject", ReferentialIntegrity "serialnumber" "devices.serialnumber" = 1.0 ]')

    result = run_cli("--ruleset", str(ruleset), "--table", f"readings={readings}", "--table", f"devices={devices}", "--primary", "readings")
    assert result.returncode == 0, result.stderr[-2000:]
    document = json.loads(result.stdout)
    assert document["tables"]["readings"] == {"path": str(readings), "format": "json", "rows": len(lines), "rejectedRecords": 1}
    outcomes = document["outcomes"]
    assert [o["Outcome"] for o in outcomes] == ["Passed", "Failed", "Failed"]
    known = {"s1", "s2"}
    assert list(outcomes[2]["EvaluatedMetrics"].values()) == [pytest.approx(sum(r["serialNumber"] in known for r in lines) / len(lines))]
