"""State of the job run in progress, shared by awsglue, awsgluedq and the job server.

`record_data_quality` is the hook awsgluedq calls after evaluating a ruleset; the job server
returns the collected list as the run's "dataQuality". `input_stats()` gives what each source
read (see stedi_glue.accounting and /work/notes/input-stats-contract.md). Outside the job server (a script run
directly) an implicit run collects them, so the hook never fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class JobRun:
    job_run_id: str
    job_name: str
    arguments: dict[str, str] = field(default_factory=dict)
    started_on: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    data_quality: list[dict] = field(default_factory=list)
    catalog_synced: bool = False
    written_paths: list[str] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)


_current: JobRun | None = None


def begin(job_run_id: str, job_name: str, arguments: dict[str, str] | None = None) -> JobRun:
    global _current
    _current = JobRun(job_run_id=job_run_id, job_name=job_name, arguments=dict(arguments or {}))
    return _current


def end() -> JobRun | None:
    global _current
    run, _current = _current, None
    return run


def current() -> JobRun:
    """The run in progress (an implicit one when no job server started a run)."""
    global _current
    if _current is None:
        _current = JobRun(job_run_id="jr_local", job_name="local")
    return _current


def record_data_quality(ruleset: str, outcomes: list[dict]) -> None:
    """Append one evaluated ruleset to the current run's "dataQuality" list.

    `outcomes` are rule results in Glue's shape: {"Rule", "Outcome", "FailureReason",
    "EvaluatedMetrics"}; they are copied so later mutation by the caller cannot change them.
    """
    current().data_quality.append({"ruleset": ruleset, "outcomes": [dict(o) for o in outcomes]})


def input_stats(run: JobRun | None = None) -> list[dict]:
    """JSON-able accounting of every source the run read, in read order.

    Each item: {database, table, location, format, recordsRead, recordsInFrame, errorRecords,
    errorSamples: [{file, line, reason}]}; database/table are None for from_options sources.
    Pass the JobRun returned by `end()` after the run has ended.
    """
    return [dict(item, errorSamples=[dict(s) for s in item["errorSamples"]])
            for item in (run or current()).inputs]
