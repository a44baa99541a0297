"""Pure-Python parts (no Spark): argument parsing, endpoint policy, paths, protocol helpers."""

from __future__ import annotations

import json

import pytest

from awsglue.utils import GlueArgumentError, getResolvedOptions
from stedi_glue import env
from stedi_glue.columns import split_path
from stedi_glue.script_run import build_argv
from stedi_glue.readers import _split_documents


def test_resolved_options_reads_both_spellings_and_ignores_extra_arguments():
    argv = ["script.py", "--JOB_NAME", "customer_trusted", "--database=stedi", "--unrelated", "x"]
    args = getResolvedOptions(argv, ["JOB_NAME", "database"])
    assert args["JOB_NAME"] == "customer_trusted"
    assert args["database"] == "stedi"
    assert "unrelated" not in args
    # Glue's reserved keys are always there, so scripts can read them.
    assert args["job_bookmark_option"] == "job-bookmark-disable"
    assert args["JOB_RUN_ID"] is None and args["TempDir"] is None


def test_resolved_options_missing_argument_fails_like_glue():
    with pytest.raises(GlueArgumentError, match="the following arguments are required: --output_path"):
        getResolvedOptions(["script.py", "--JOB_NAME", "j"], ["JOB_NAME", "output_path"])


def test_resolved_options_refuses_reserved_names():
    with pytest.raises(RuntimeError, match="Using reserved arguments --JOB_RUN_ID"):
        getResolvedOptions(["script.py"], ["JOB_RUN_ID"])


def test_endpoint_must_be_loopback_unless_aws_backend(monkeypatch):
    monkeypatch.delenv("STEDI_BACKEND", raising=False)
    env.check_endpoint("http://127.0.0.1:5000")
    env.check_endpoint("http://localhost:5000")
    env.check_endpoint("http://[::1]:5000")
    with pytest.raises(env.EnvironmentProblem, match="not a loopback address"):
        env.check_endpoint("http://10.1.2.3:5000")
    monkeypatch.setenv("STEDI_BACKEND", "aws")
    env.check_endpoint("https://s3.us-east-1.amazonaws.com")


def test_field_paths_split_on_dots_outside_backticks():
    assert split_path("a.b") == ["a", "b"]
    assert split_path("`.email`") == [".email"]
    assert split_path("`a.b`.c") == ["a.b", "c"]
    with pytest.raises(ValueError):
        split_path("a..b")


def test_multiline_json_documents_split_into_records():
    text = '[{"a": 1}, {"a": 2}]\n{"b": {"c": 3}}\n  {"d": 4} [5] {oops'
    records = _split_documents(text)
    assert [json.loads(r) for r in records[:5]] == [{"a": 1}, {"a": 2}, {"b": {"c": 3}}, {"d": 4}, 5]
    assert records[5] == "{oops"


def test_argv_gets_job_name_and_run_id_like_glue():
    argv = build_argv("/s.py", "job_a", "jr_1", {"--database": "stedi", "--JOB_NAME": "explicit"})
    assert argv == ["/s.py", "--database", "stedi", "--JOB_NAME", "explicit", "--JOB_RUN_ID", "jr_1"]
