"""Opt-in profiling of job runs: STEDI_JOB_PROFILE=<dir> writes, per run, a cProfile dump
(<dir>/<job>.prof) and its top functions by cumulative time (<dir>/<job>.txt).

The driver's Python time includes every wait on the JVM (py4j calls), so the cumulative figures
say which of the harness's steps (catalog sync, readers, accounting, writers, catalog update)
a job's seconds go to. bench/profile-jobs.ts prints them for the STEDI pipeline.
"""

from __future__ import annotations

import contextlib
import os
import re

TOP = 45


@contextlib.contextmanager
def profiled(job_name: str):
    target = os.environ.get("STEDI_JOB_PROFILE")
    if not target:
        yield
        return
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        os.makedirs(target, exist_ok=True)
        stem = os.path.join(target, re.sub(r"[^A-Za-z0-9_.-]", "_", job_name))
        profile.dump_stats(stem + ".prof")
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(TOP)
        with open(stem + ".txt", "w", encoding="utf-8") as handle:
            handle.write(text.getvalue())
