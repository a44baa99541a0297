"""Bridge to Deequ's open-source DQDL evaluator (com.amazon.deequ.dqdl.EvaluateDataQuality) on the
local Spark, through py4j.

Outcomes have the Glue Data Quality shape:
    {"Rule": str, "Outcome": "Passed" | "Failed" | "Error", "FailureReason": str | None,
     "EvaluatedMetrics": {str: float}}
in the order of the ruleset. A rule Deequ cannot parse, translate or execute becomes an `Error`
outcome naming it; the other rules are still evaluated. Only a missing Deequ on the classpath is
an exception (an environment problem, not a ruleset problem).

Run as `python -m stedi_glue.deequ_dqdl --help` for the parity CLI (see deequ_dqdl_cli.py).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

from stedi_glue.dqdl_text import RulesSection, split_rules

# Maven coordinates Spark needs on top of PySpark 3.5's own jars. deequ 2.1.0's pom asks for
# dqdl 1.0.7, which Maven Central does not carry; 1.0.0 (the only release there) provides every
# class deequ's dqdl package references. The rest of both poms (Scala, Spark, breeze, antlr4
# runtime, jackson) is already in pyspark/jars.
DEEQU_MAVEN_JARS: tuple[tuple[str, str, str], ...] = (
    ("com.amazon.deequ", "deequ", "2.1.0-spark-3.5"),
    ("software.amazon.glue", "dqdl", "1.0.0"),
)

# Rule types this Deequ + dqdl pair evaluates (tests/test_awsgluedq.py runs one of each). Other
# rule types come back as Error outcomes: DetectAnomalies and File* (no Deequ converter),
# AllStatistics (an analyzer, not a rule), and types newer than dqdl 1.0.0's grammar.
# Semantics worth knowing when comparing engines: `between` excludes both bounds; ColumnValues
# counts NULL as failing; `with threshold` is ignored by ColumnValues except on dates (the rule
# then needs 100% compliance); DistinctValuesCount counts NULL as a value.
EVALUATED_RULE_TYPES: tuple[str, ...] = (
    "RowCount", "RowCountMatch", "ColumnCount", "ColumnExists", "ColumnNamesMatchPattern",
    "ColumnDataType", "Completeness", "IsComplete", "Uniqueness", "IsUnique", "IsPrimaryKey",
    "DistinctValuesCount", "UniqueValueRatio", "Entropy", "Mean", "Sum", "StandardDeviation",
    "ColumnCorrelation", "ColumnLength", "ColumnValues", "DataFreshness", "CustomSql",
    "ReferentialIntegrity", "DatasetMatch", "SchemaMatch", "AggregateMatch",
)

OUTCOMES_SCHEMA = StructType(
    [
        StructField("Rule", StringType(), True),
        StructField("Outcome", StringType(), True),
        StructField("FailureReason", StringType(), True),
        StructField("EvaluatedMetrics", MapType(StringType(), DoubleType(), False), True),
    ]
)

# Deequ reports a rule type it has no converter for as Failed with this reason; it was not
# evaluated, so it is an Error here.
_UNSUPPORTED_PREFIX = "Rule (or nested rule) not supported"
# Deequ also reports a Spark exception (e.g. a `where` clause naming a missing column) as Failed,
# with the exception as the reason, and, because it computes all metrics in one aggregation, for
# every rule of that scan. Such a reason marks an evaluation that did not happen.
_EXCEPTION_REASON = re.compile(r"^(?:[a-z_][\w]*\.)+[A-Z]\w*(?:Exception|Error)\b")


class DeequUnavailableError(RuntimeError):
    """Deequ's DQDL classes are not on the Spark driver's classpath."""


@dataclass
class DeequRun:
    outcomes: list[dict[str, Any]]
    # The input rows plus DataQualityRulesPass/Fail/Skip and DataQualityEvaluationResult, for the
    # rules that could be evaluated; None when no rule could.
    row_level: DataFrame | None


def maven_relative_path(group: str, artifact: str, version: str) -> str:
    return f"{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.jar"


def _deequ(spark: SparkSession) -> Any:
    jvm = spark.sparkContext._jvm
    try:
        entry = getattr(jvm.com.amazon.deequ.dqdl, "EvaluateDataQuality")
        entry.RULE_OUTCOMES_KEY()  # a JavaPackage (class missing) fails here
        return entry
    except Exception as error:  # py4j raises various types for a missing class
        coordinates = ", ".join(":".join(c) for c in DEEQU_MAVEN_JARS)
        raise DeequUnavailableError(
            "com.amazon.deequ.dqdl.EvaluateDataQuality is not on the Spark classpath; start the "
            f"SparkSession with spark.jars containing {coordinates} "
            f"(spark.jars is {spark.conf.get('spark.jars', '<unset>')!r})"
        ) from error


def _java_message(error: BaseException) -> str:
    desc = getattr(error, "desc", None)  # pyspark's converted exceptions
    if desc:
        return str(desc).strip()
    java = getattr(error, "java_exception", None)  # a raw Py4JJavaError
    if java is not None:
        try:
            return f"{java.getClass().getName()}: {java.getMessage()}"
        except Exception:
            pass
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _error(rule: str, reason: str) -> dict[str, Any]:
    return {"Rule": rule, "Outcome": "Error", "FailureReason": reason, "EvaluatedMetrics": {}}


def _scala_map(spark: SparkSession, frames: Mapping[str, DataFrame]) -> Any:
    jvm = spark.sparkContext._jvm
    result = jvm.scala.collection.immutable.HashMap()
    for alias, frame in frames.items():
        result = result.updated(alias, frame._jdf)
    return result


def _canonical_rules(spark: SparkSession, document: str) -> list[str]:
    """Each top-level rule as Deequ prints it in the Rule column; raises when it does not parse."""
    parser = spark.sparkContext._jvm.com.amazon.deequ.dqdl.util.DefaultDQDLParser
    rules = parser.parse(document).getRules()
    return [rules.get(i).toString() for i in range(rules.size())]


@dataclass
class _Plan:
    """What to hand Deequ, and where each rule's outcome goes in the result."""

    document: str | None  # None: nothing Deequ can evaluate
    section: RulesSection | None
    # One entry per rule in ruleset order: ("rule", canonical text, source text) or
    # ("error", outcome dict, None).
    slots: list[tuple[str, Any, str | None]]


def _plan(spark: SparkSession, ruleset: str) -> _Plan:
    try:
        canonical = _canonical_rules(spark, ruleset)
        section = split_rules(ruleset)
        sources = section.rules if section and len(section.rules) == len(canonical) else canonical
        return _Plan(ruleset, section, [("rule", c, s) for c, s in zip(canonical, sources)])
    except Exception as whole_error:
        whole_reason = _java_message(whole_error)
    section = split_rules(ruleset)
    if section is None:
        rule = " ".join(ruleset.split())
        return _Plan(None, None, [("error", _error(rule, f"Deequ's DQDL parser rejected the ruleset: {whole_reason}"), None)])
    slots: list[tuple[str, Any, str | None]] = []
    for text in section.rules:
        try:
            canonical = _canonical_rules(spark, section.with_rules([text]))
            slots.append(("rule", canonical[0], text))
        except Exception as rule_error:
            reason = f"Deequ's DQDL parser rejected this rule: {_java_message(rule_error)}"
            slots.append(("error", _error(" ".join(text.split()), reason), None))
    good = [source for kind, _, source in slots if kind == "rule" and source is not None]
    return _Plan(section.with_rules(good) if good else None, section, slots)


def _outcome_rows(spark: SparkSession, jdf: Any) -> dict[str, dict[str, Any]]:
    rows = DataFrame(jdf, spark).collect()
    by_rule: dict[str, dict[str, Any]] = {}
    for row in rows:
        metrics = {str(k): float(v) for k, v in (row["EvaluatedMetrics"] or {}).items()}
        outcome = row["Outcome"]
        reason = row["FailureReason"]
        if outcome == "Failed" and reason and (reason.startswith(_UNSUPPORTED_PREFIX) or _EXCEPTION_REASON.match(reason)):
            outcome = "Error"
        by_rule[row["Rule"]] = {"Rule": row["Rule"], "Outcome": outcome, "FailureReason": reason, "EvaluatedMetrics": metrics}
    return by_rule


class _SqlViews:
    """CustomSql statements name the evaluated frame `primary` (and other sources by alias), as in
    Glue. Deequ runs them with spark.sql, so they must be views while Deequ runs; a view of that
    name the job already had is put back afterwards."""

    def __init__(self, spark: SparkSession, frames: Mapping[str, DataFrame]):
        self.spark, self.frames, self.saved = spark, frames, {}

    def __enter__(self) -> "_SqlViews":
        # Asked of the session catalog directly: listTables() would query the (emulated) Glue
        # catalog behind the metastore.
        catalog = self.spark._jsparkSession.sessionState().catalog()
        for name, frame in self.frames.items():
            if catalog.getTempView(name).isDefined():
                self.saved[name] = self.spark.table(name)
            frame.createOrReplaceTempView(name)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.frames:
            if name in self.saved:
                self.saved[name].createOrReplaceTempView(name)
            else:
                self.spark.catalog.dropTempView(name)


def _execute(entry: Any, spark: SparkSession, df: DataFrame, document: str, sources: Any, rows: bool) -> tuple[dict[str, dict[str, Any]], DataFrame | None]:
    if rows:
        result = entry.processRows(df._jdf, document, sources)
        outcomes = _outcome_rows(spark, result.apply(entry.RULE_OUTCOMES_KEY()))
        return outcomes, DataFrame(result.apply(entry.ROW_LEVEL_OUTCOMES_KEY()), spark)
    return _outcome_rows(spark, entry.process(df._jdf, document, sources)), None


def run(
    spark: SparkSession,
    df: DataFrame,
    ruleset: str,
    additional_data_sources: Mapping[str, DataFrame] | None = None,
    row_level: bool = False,
) -> DeequRun:
    """Evaluates `ruleset` against `df`; `additional_data_sources` are the aliases that
    ReferentialIntegrity, RowCountMatch, SchemaMatch, DatasetMatch and AggregateMatch name."""
    entry = _deequ(spark)
    sources = dict(additional_data_sources or {})
    plan = _plan(spark, ruleset)
    results: dict[str, dict[str, Any]] = {}
    row_frame: DataFrame | None = None
    if plan.document is not None:
        views = {"primary": df, **sources} if "customsql" in ruleset.lower() else {}
        jsources = _scala_map(spark, sources)
        with _SqlViews(spark, views):
            try:
                results, row_frame = _execute(entry, spark, df, plan.document, jsources, row_level)
                evaluable = sum(1 for kind, _, _ in plan.slots if kind == "rule")
                errored = any(r["FailureReason"] and _EXCEPTION_REASON.match(r["FailureReason"]) for r in results.values())
                isolate = errored and evaluable > 1
            except Exception:
                isolate = True
            if isolate:
                results, row_frame = _isolate(entry, spark, df, plan, jsources, row_level)
    outcomes: list[dict[str, Any]] = []
    for kind, value, _ in plan.slots:
        if kind == "error":
            outcomes.append(value)
        elif value in results:
            outcomes.append(dict(results[value], EvaluatedMetrics=dict(results[value]["EvaluatedMetrics"])))
        else:
            outcomes.append(_error(value, "Deequ returned no outcome for this rule"))
    return DeequRun(outcomes, row_frame)


def _isolate(entry: Any, spark: SparkSession, df: DataFrame, plan: _Plan, jsources: Any, row_level: bool) -> tuple[dict[str, dict[str, Any]], DataFrame | None]:
    """The ruleset failed as a whole at execution (or one rule's exception failed the shared scan):
    run each rule alone to find the culprits, then (for row-level results) the others together."""
    results: dict[str, dict[str, Any]] = {}
    survivors: list[str] = []
    for kind, canonical, source in plan.slots:
        if kind != "rule" or source is None:
            continue
        single = plan.section.with_rules([source]) if plan.section else f"Rules = [ {source} ]"
        try:
            outcome, _ = _execute(entry, spark, df, single, jsources, False)
            results.update(outcome)
            if all(o["Outcome"] != "Error" for o in outcome.values()):
                survivors.append(source)
        except Exception as error:
            results[canonical] = _error(canonical, f"Deequ could not evaluate this rule: {_java_message(error)}")
    row_frame = None
    if row_level and survivors:
        document = plan.section.with_rules(survivors) if plan.section else f"Rules = [ {', '.join(survivors)} ]"
        _, row_frame = _execute(entry, spark, df, document, jsources, True)
    return results, row_frame


def evaluate(
    spark: SparkSession,
    df: DataFrame,
    ruleset: str,
    additional_data_sources: Mapping[str, DataFrame] | None = None,
) -> list[dict[str, Any]]:
    """Rule outcomes of `ruleset` on `df` (see the module docstring for the shape)."""
    return run(spark, df, ruleset, additional_data_sources, row_level=False).outcomes


def outcomes_dataframe(spark: SparkSession, outcomes: list[dict[str, Any]]) -> DataFrame:
    """The outcomes as the ruleOutcomes frame Glue returns (Rule, Outcome, FailureReason,
    EvaluatedMetrics map<string,double>)."""
    rows = [(o["Rule"], o["Outcome"], o["FailureReason"], dict(o["EvaluatedMetrics"])) for o in outcomes]
    return spark.createDataFrame(rows, OUTCOMES_SCHEMA)


def json_safe(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Non-finite metrics (NaN of an empty column) become null: JSON has no NaN."""
    return [
        dict(o, EvaluatedMetrics={k: (v if math.isfinite(v) else None) for k, v in o["EvaluatedMetrics"].items()})
        for o in outcomes
    ]


if __name__ == "__main__":
    import sys

    from stedi_glue.deequ_dqdl_cli import main

    sys.exit(main())
