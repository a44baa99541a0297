"""`EvaluateDataQuality` as Glue Studio scripts call it:

    EvaluateDataQuality.apply(frame=..., ruleset=..., publishing_options={...})
        -> DynamicFrame of rule outcomes
    EvaluateDataQuality().process_rows(frame=..., ruleset=..., publishing_options={...},
                                       additional_options={...}, additional_data_sources={...})
        -> DynamicFrameCollection {"ruleOutcomes", "rowLevelOutcomes", "originalData"}

Rule outcomes have Glue's columns (Rule, Outcome, FailureReason, EvaluatedMetrics); row-level
outcomes are the input rows plus DataQualityRulesPass / DataQualityRulesFail /
DataQualityRulesSkip (arrays of rule texts) and DataQualityEvaluationResult ("Passed" |
"Failed"). Every evaluation is recorded in the job run (stedi_glue.job_context). Nothing is
published to CloudWatch or S3: the run record is where results go locally, and a line on stderr
says so when a script asks for publishing to an S3 prefix.
"""
from __future__ import annotations

import sys
from typing import Any, Mapping

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from stedi_glue import deequ_dqdl

_PUBLISHING_OPTIONS = {
    "dataQualityEvaluationContext",
    "enableDataQualityCloudWatchMetrics",
    "enableDataQualityResultsPublishing",
    "resultsS3Prefix",
}
# Option -> accepted values (None: any). They tune performance or publishing, not outcomes,
# except compositeRuleEvaluation.method, whose ROW mode Deequ does not implement.
_ADDITIONAL_OPTIONS: dict[str, set[str] | None] = {
    "performanceTuning.caching": {"CACHE_NOTHING", "CACHE_INPUT"},
    "observations.scope": {"ALL", "NONE"},
    "compositeRuleEvaluation.method": {"COLUMN"},
    "dataQualityResultsPublishing.strategy": None,
}


def _check_options(publishing: Mapping[str, Any], additional: Mapping[str, Any]) -> None:
    for key in publishing:
        if key not in _PUBLISHING_OPTIONS:
            raise ValueError(f"EvaluateDataQuality: publishing_options key {key!r} is not supported (known: {sorted(_PUBLISHING_OPTIONS)})")
    for key, value in additional.items():
        if key not in _ADDITIONAL_OPTIONS:
            raise ValueError(f"EvaluateDataQuality: additional_options key {key!r} is not supported (known: {sorted(_ADDITIONAL_OPTIONS)})")
        allowed = _ADDITIONAL_OPTIONS[key]
        if allowed is not None and str(value) not in allowed:
            raise ValueError(f"EvaluateDataQuality: additional_options {key}={value!r} is not supported locally (supported: {sorted(allowed)})")


def _to_df(frame: Any, what: str) -> DataFrame:
    if isinstance(frame, DataFrame):
        return frame
    to_df = getattr(frame, "toDF", None)
    if to_df is None:
        raise TypeError(f"EvaluateDataQuality: {what} must be a DynamicFrame, got {type(frame).__name__}")
    return to_df()


def _dynamic_frame_types() -> tuple[Any, Any]:
    from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

    return DynamicFrame, DynamicFrameCollection


def _record(ruleset: str, outcomes: list[dict[str, Any]]) -> None:
    from stedi_glue import job_context

    job_context.record_data_quality(ruleset, outcomes)


def _skipped_rows(df: DataFrame, outcomes: list[dict[str, Any]]) -> DataFrame:
    """Row-level frame when Deequ evaluated no rule: every rule is skipped for every row."""
    rules = F.array(*[F.lit(o["Rule"]) for o in outcomes]) if outcomes else F.array().cast("array<string>")
    empty = F.array().cast("array<string>")
    return (
        df.withColumn("DataQualityRulesPass", empty)
        .withColumn("DataQualityRulesFail", empty)
        .withColumn("DataQualityRulesSkip", rules)
        .withColumn("DataQualityEvaluationResult", F.lit("Passed"))
    )


class EvaluateDataQuality:
    DATA_QUALITY_RULE_OUTCOMES_KEY = "ruleOutcomes"
    DATA_QUALITY_ROW_LEVEL_OUTCOMES_KEY = "rowLevelOutcomes"
    DATA_QUALITY_ORIGINAL_DATA_KEY = "originalData"

    @classmethod
    def apply(
        cls,
        frame: Any,
        ruleset: str,
        publishing_options: Mapping[str, Any] | None = None,
        additional_options: Mapping[str, Any] | None = None,
        additional_data_sources: Mapping[str, Any] | None = None,
        transformation_ctx: str = "",
        **unused: Any,
    ) -> Any:
        """Evaluates `ruleset` on `frame`; returns the rule outcomes as a DynamicFrame."""
        return cls()._evaluate(frame, ruleset, publishing_options, additional_options, additional_data_sources, transformation_ctx, False, unused)

    def process_rows(
        self,
        frame: Any,
        ruleset: str,
        publishing_options: Mapping[str, Any] | None = None,
        additional_options: Mapping[str, Any] | None = None,
        additional_data_sources: Mapping[str, Any] | None = None,
        transformation_ctx: str = "",
        **unused: Any,
    ) -> Any:
        """Evaluates `ruleset` on `frame`; returns a DynamicFrameCollection with ruleOutcomes,
        rowLevelOutcomes and originalData."""
        return self._evaluate(frame, ruleset, publishing_options, additional_options, additional_data_sources, transformation_ctx, True, unused)

    def _evaluate(
        self,
        frame: Any,
        ruleset: str,
        publishing_options: Mapping[str, Any] | None,
        additional_options: Mapping[str, Any] | None,
        additional_data_sources: Mapping[str, Any] | None,
        transformation_ctx: str,
        rows: bool,
        unused: Mapping[str, Any],
    ) -> Any:
        call = "EvaluateDataQuality().process_rows" if rows else "EvaluateDataQuality.apply"
        # Glue transforms accept info/stageThreshold/totalThreshold; anything else is a typo or
        # an API we do not emulate.
        unknown = sorted(set(unused) - {"info", "stageThreshold", "totalThreshold"})
        if unknown:
            raise TypeError(f"{call}: unsupported argument(s) {unknown}")
        if not isinstance(ruleset, str):
            raise TypeError(f"{call}: ruleset must be a DQDL string, got {type(ruleset).__name__}")
        publishing = dict(publishing_options or {})
        additional = dict(additional_options or {})
        _check_options(publishing, additional)
        DynamicFrame, DynamicFrameCollection = _dynamic_frame_types()
        glue_ctx = getattr(frame, "glue_ctx", None)
        df = _to_df(frame, "frame")
        sources = {alias: _to_df(f, f"additional_data_sources[{alias!r}]") for alias, f in (additional_data_sources or {}).items()}
        if additional.get("performanceTuning.caching") == "CACHE_INPUT":
            df = df.cache()
        spark = df.sparkSession
        result = deequ_dqdl.run(spark, df, ruleset, sources, row_level=rows)
        _record(ruleset, result.outcomes)
        prefix = publishing.get("resultsS3Prefix")
        if prefix:
            print(f"{call}: results not published to {prefix} (local run); they are in the job run's dataQuality", file=sys.stderr)
        name = transformation_ctx or "EvaluateDataQuality"
        outcomes = DynamicFrame.fromDF(deequ_dqdl.outcomes_dataframe(spark, result.outcomes), glue_ctx, f"{name}_ruleOutcomes")
        if not rows:
            return outcomes
        row_level = result.row_level if result.row_level is not None else _skipped_rows(df, result.outcomes)
        frames = {
            self.DATA_QUALITY_RULE_OUTCOMES_KEY: outcomes,
            self.DATA_QUALITY_ROW_LEVEL_OUTCOMES_KEY: DynamicFrame.fromDF(row_level, glue_ctx, f"{name}_rowLevelOutcomes"),
            self.DATA_QUALITY_ORIGINAL_DATA_KEY: DynamicFrame.fromDF(df, glue_ctx, f"{name}_originalData"),
        }
        return DynamicFrameCollection(frames, glue_ctx)
