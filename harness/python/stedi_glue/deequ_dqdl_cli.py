"""Parity CLI: evaluates a DQDL ruleset with Deequ on the local Spark and prints one JSON document.

    python -m stedi_glue.deequ_dqdl --ruleset FILE --table NAME=PATH [--table NAME=PATH ...]
        --primary NAME [--format json|parquet] [--jars A.jar,B.jar] [--master local[2]]

Each PATH (a directory of JSON-lines or Parquet objects, as a run directory stores a table) is
loaded into a DataFrame with lower-cased column names, as the Glue catalog has them. The ruleset
is evaluated against the primary table; the other tables are additional data sources under their
NAME (for ReferentialIntegrity, RowCountMatch, ...). Stdout carries only the document:

    {"engine": {"evaluator", "jars", "ruleTypes"}, "primary": NAME,
     "tables": {NAME: {"path", "format", "rows", "rejectedRecords"}},
     "outcomes": [{"Rule", "Outcome", "FailureReason", "EvaluatedMetrics"}]}

ruleTypes lists the rule types Deequ evaluates (others come back as Error outcomes); a parity
check should compare only those. Non-finite metrics are printed as null.

JSON lines that do not parse are counted in rejectedRecords and left out of the table (the Arrow
loaders do the same). Exit codes: 0 document printed, 2 could not run (message on stderr).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Sequence

CORRUPT_COLUMN = "_corrupt_record"


class CliError(Exception):
    """Bad input or environment: printed on stderr, exit code 2."""


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m stedi_glue.deequ_dqdl", description=__doc__.split("\n\n")[0])
    parser.add_argument("--ruleset", required=True, help="DQDL file")
    parser.add_argument("--table", action="append", required=True, metavar="NAME=PATH", help="a table directory; repeatable")
    parser.add_argument("--primary", required=True, help="NAME of the table the ruleset describes")
    parser.add_argument("--format", choices=["json", "parquet"], default="json")
    parser.add_argument("--jars", default=os.environ.get("STEDI_DEEQU_JARS"), help="comma-separated deequ + dqdl jars (default: $STEDI_DEEQU_JARS, else those in $STEDI_SPARK_JARS, else ~/.m2)")
    parser.add_argument("--master", default=os.environ.get("STEDI_SPARK_MASTER", "local[2]"))
    return parser.parse_args(argv)


def _tables(specs: list[str]) -> dict[str, str]:
    tables: dict[str, str] = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise CliError(f"--table {spec!r}: expected NAME=PATH")
        if name in tables:
            raise CliError(f"--table {name}: given twice ({tables[name]} and {path})")
        if not os.path.exists(path):
            raise CliError(f"--table {name}: {path} does not exist")
        tables[name] = path
    return tables


def _jar_paths(option: str | None) -> list[str]:
    from stedi_glue.deequ_dqdl import DEEQU_MAVEN_JARS, maven_relative_path

    shared = [j for j in os.environ.get("STEDI_SPARK_JARS", "").split(",") if os.path.basename(j).startswith(("deequ-", "dqdl-"))]
    if option:
        jars = [p for p in option.split(",") if p]
    elif len(shared) == len(DEEQU_MAVEN_JARS):
        jars = shared
    else:
        m2 = os.path.join(os.path.expanduser("~"), ".m2", "repository")
        jars = [os.path.join(m2, maven_relative_path(*c)) for c in DEEQU_MAVEN_JARS]
    missing = [j for j in jars if not os.path.isfile(j)]
    if missing:
        fetch = "; ".join(f"mvn dependency:get -Dartifact={':'.join(c)}" for c in DEEQU_MAVEN_JARS)
        raise CliError(f"Deequ jars not found: {', '.join(missing)} (pass --jars, set STEDI_DEEQU_JARS, or run: {fetch})")
    return jars


def _load(spark: Any, name: str, path: str, fmt: str) -> tuple[Any, dict[str, Any]]:
    from pyspark.sql import functions as F

    try:
        if fmt == "parquet":
            df = spark.read.parquet(path)
        else:
            df = spark.read.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT_COLUMN).json(path)
    except Exception as error:
        raise CliError(f"table {name}: could not read {fmt} at {path}: {str(error).splitlines()[0]}") from error
    rejected = 0
    if CORRUPT_COLUMN in df.columns:
        # Spark refuses a query on raw JSON that only looks at the corrupt-record column.
        df = df.cache()
        rejected = df.filter(F.col(CORRUPT_COLUMN).isNotNull()).count()
        df = df.filter(F.col(CORRUPT_COLUMN).isNull()).drop(CORRUPT_COLUMN)
        if rejected:
            print(f"table {name}: {rejected} record(s) in {path} did not parse as JSON; left out", file=sys.stderr)
    lowered = [c.lower() for c in df.columns]
    clashes = sorted({c for c in lowered if lowered.count(c) > 1})
    if clashes:
        raise CliError(f"table {name}: columns {clashes} clash once lower-cased as the Glue catalog does ({df.columns})")
    df = df.toDF(*lowered)
    return df, {"path": path, "format": fmt, "rows": df.count(), "rejectedRecords": rejected}


def _evaluate(args: argparse.Namespace) -> dict[str, Any]:
    tables = _tables(args.table)
    if args.primary not in tables:
        raise CliError(f"--primary {args.primary}: not among the --table names {sorted(tables)}")
    try:
        with open(args.ruleset, encoding="utf-8") as handle:
            ruleset = handle.read()
    except OSError as error:
        raise CliError(f"--ruleset {args.ruleset}: {error.strerror}") from error
    jars = _jar_paths(args.jars)

    from pyspark.sql import SparkSession

    from stedi_glue import deequ_dqdl

    spark = (
        SparkSession.builder.master(args.master)
        .appName("stedi-deequ-dqdl")
        .config("spark.jars", ",".join(jars))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        spark.sparkContext.setLogLevel("ERROR")
        frames: dict[str, Any] = {}
        info: dict[str, Any] = {}
        for name, path in tables.items():
            frames[name], info[name] = _load(spark, name, path, args.format)
        primary = frames.pop(args.primary)
        outcomes = deequ_dqdl.evaluate(spark, primary, ruleset, frames)
    finally:
        spark.stop()
    engine = {
        "evaluator": "com.amazon.deequ.dqdl.EvaluateDataQuality",
        "jars": [":".join(c) for c in deequ_dqdl.DEEQU_MAVEN_JARS],
        "ruleTypes": list(deequ_dqdl.EVALUATED_RULE_TYPES),
    }
    return {"engine": engine, "primary": args.primary, "tables": info, "outcomes": deequ_dqdl.json_safe(outcomes)}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    # The JVM inherits fd 1; point it at stderr so that only the document reaches stdout.
    sys.stdout.flush()
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        document = _evaluate(args)
    except CliError as error:
        print(f"deequ_dqdl: {error}", file=sys.stderr)
        return 2
    finally:
        sys.stdout.flush()
        os.dup2(real_stdout, 1)
        os.close(real_stdout)
    sys.stdout.write(json.dumps(document, indent=2, allow_nan=False) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
