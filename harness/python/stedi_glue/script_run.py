"""One Glue script's run inside the shared session: its argv, its code, its failure as the job
run reports it, and the session put back as it was before the script (see job_server).

The job server (stedi_glue.job_server) owns the protocol, the request thread and cancellation;
this module is what happens between `started` and `finished` that is not about either.
"""

from __future__ import annotations

import builtins
import json
import traceback

MESSAGE_LIMIT = 4000


def build_argv(script: str, job_name: str, job_run_id: str, arguments: dict) -> list[str]:
    """sys.argv as AWS Glue gives it: the arguments, then --JOB_NAME and --JOB_RUN_ID if absent."""
    argv = [script]
    for key, value in arguments.items():
        flag = key if key.startswith("--") else "--" + key
        argv.extend([flag, value if isinstance(value, str) else json.dumps(value)])
    if "--JOB_NAME" not in argv[1::2]:
        argv.extend(["--JOB_NAME", job_name])
    if "--JOB_RUN_ID" not in argv[1::2]:
        argv.extend(["--JOB_RUN_ID", job_run_id])
    return argv


def exec_script(spark, script: str, job_name: str) -> None:
    """Mirror the catalog into Spark SQL, then run the script as `__main__` (profiled if asked)."""
    from stedi_glue import job_context, profiling, sql_sync

    with open(script, encoding="utf-8") as handle:
        code = compile(handle.read(), script, "exec")
    namespace = {"__name__": "__main__", "__file__": script, "__builtins__": builtins}
    with profiling.profiled(job_name):
        sql_sync.sync_all(spark)
        job_context.current().catalog_synced = True
        exec(code, namespace)


def script_traceback(exc: BaseException, script: str) -> str:
    """The traceback from the script's first frame on (the server's own frames are noise)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))


def error_of(exc: BaseException, script: str) -> dict:
    """The run's `error` for a script that raised."""
    message = str(exc)
    if len(message) > MESSAGE_LIMIT:
        message = message[:MESSAGE_LIMIT] + " [...]"
    return {"type": type(exc).__name__, "message": message, "traceback": script_traceback(exc, script)}


def exit_error(exc: SystemExit, script: str) -> dict | None:
    """The run's `error` for sys.exit(code): None for 0 (SUCCEEDED), as Glue treats it."""
    if exc.code in (None, 0):
        return None
    return {"type": "SystemExit", "message": f"script exited with status {exc.code}",
            "traceback": script_traceback(exc, script)}


def session_settings(spark) -> dict[str, str]:
    from stedi_glue.sql_mirror_lazy import suspended

    with suspended():  # reading settings needs no catalog table
        return {row["key"]: row["value"] for row in spark.sql("SET").collect()}


def clean_session(spark, settings_before: dict[str, str]) -> None:
    """Undo what a job left in the shared session: temp views, cached data, changed settings."""
    from stedi_glue.sql_mirror_lazy import suspended

    with suspended():  # only temp views are looked at
        temporary = [t.name for t in spark.catalog.listTables() if t.isTemporary]
    for name in temporary:
        spark.catalog.dropTempView(name)
    spark.catalog.clearCache()
    after = session_settings(spark)
    for key, value in after.items():
        if key not in settings_before:
            spark.conf.unset(key)
        elif settings_before[key] != value:
            spark.conf.set(key, settings_before[key])
