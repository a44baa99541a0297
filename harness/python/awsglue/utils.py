"""getResolvedOptions: job arguments from sys.argv, with Glue's error behaviour.

A requested option missing from argv raises GlueArgumentError("the following arguments are
required: --NAME"), as in Glue. The result also carries Glue's reserved keys (JOB_ID,
JOB_RUN_ID, TempDir, job_bookmark_option, ...) so scripts reading them do not KeyError.
"""

from __future__ import annotations

import argparse

_global_args: dict = {}

BOOKMARK_OPTION = "--job-bookmark-option"
BOOKMARK_CHOICES = ["job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]
CONTINUATION_OPTION = "--continuation-option"
CONTINUATION_CHOICES = ["continuation-enabled", "continuation-readonly", "continuation-ignore"]
RANGE_OPTIONS = ["--job-bookmark-from", "--job-bookmark-to"]
ID_OPTIONS = ["--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]
ENCRYPTION_OPTION = "--encryption-type"


class GlueArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise GlueArgumentError(message)


def _reserved(name: str) -> RuntimeError:
    return RuntimeError("Using reserved arguments " + name)


def getResolvedOptions(args, options):
    """Parse `args` (sys.argv: program name first) for the `--name value` options requested."""
    parser = _Parser()
    requested = list(options)
    for reserved in [BOOKMARK_OPTION, CONTINUATION_OPTION, ENCRYPTION_OPTION, *RANGE_OPTIONS, *ID_OPTIONS]:
        if reserved[2:] in requested:
            raise _reserved(reserved)
    parser.add_argument(BOOKMARK_OPTION, choices=BOOKMARK_CHOICES, required=False)
    parser.add_argument(CONTINUATION_OPTION, choices=CONTINUATION_CHOICES, required=False)
    for option in RANGE_OPTIONS + ID_OPTIONS:
        parser.add_argument(option, required=False)
    parser.add_argument(ENCRYPTION_OPTION, choices=["sse-s3"], required=False)
    requested = [o for o in requested if o not in ("RedshiftTempDir", "TempDir")]
    parser.add_argument("--RedshiftTempDir", required=False)
    parser.add_argument("--TempDir", required=False)
    for option in requested:
        parser.add_argument("--" + option, required=True)
    parsed, _extra = parser.parse_known_args(list(args[1:]))
    result = vars(parsed)
    if result.get("TempDir") is not None:
        result["RedshiftTempDir"] = result["TempDir"]
    elif result.get("RedshiftTempDir") is not None:
        result["TempDir"] = result["RedshiftTempDir"]
    continuation = result.pop("continuation_option", None)
    if result.get("job_bookmark_option") is None:
        if continuation is None:
            result["job_bookmark_option"] = "job-bookmark-disable"
        else:
            result["job_bookmark_option"] = BOOKMARK_CHOICES[CONTINUATION_CHOICES.index(continuation)]
    absent = [o for o in RANGE_OPTIONS if result.get(o[2:].replace("-", "_")) is None]
    if result["job_bookmark_option"] == "job-bookmark-pause":
        if len(absent) == 1:
            raise RuntimeError("Missing option or value for " + absent[0])
    elif not absent:
        raise RuntimeError("Invalid option(s)" + " ".join(RANGE_OPTIONS))
    _global_args.update(result)
    return result
