"""awsglue.job.Job: init/commit. Bookmarks are not emulated (every run reads everything)."""

from __future__ import annotations

from stedi_glue import job_context


class Job:
    def __init__(self, glue_context):
        self._glue_context = glue_context
        self._initialized = False
        self._name = None

    def init(self, job_name, args={}):
        self._name = job_name
        self._initialized = True
        run = job_context.current()
        if run.job_name in ("", "local"):
            run.job_name = job_name

    def isInitialized(self):
        return self._initialized

    def commit(self):
        if not self._initialized:
            raise RuntimeError("Job.commit() called before Job.init()")
