"""# Glue job server protocol (contract between the TS harness and the Python job server)

Process: `<venv>/bin/python -m stedi_glue.job_server` with cwd = project root and
PYTHONPATH=<project>/harness/python. One long-lived process = one SparkSession for many jobs.

Environment set by the TS harness (the Python side must refuse to start if the endpoint is not
loopback unless STEDI_BACKEND=aws):
  STEDI_AWS_ENDPOINT   http://127.0.0.1:<port>  (moto server: S3 + Glue + Athena on one port)
  AWS_ENDPOINT_URL     same value (boto3 picks it up)
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
  AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
  STEDI_SPARK_MASTER   default local[*] (a cluster URL works the same way)
  STEDI_SPARK_JARS     comma-separated absolute jar paths (hadoop-aws 3.3.4, aws-java-sdk-bundle, deequ ...)
  STEDI_SPARK_CONF     optional JSON object of extra spark conf key → value
  JAVA_HOME            Java 17
  PYSPARK_PYTHON       the venv python

Requests: one JSON object per line on the child's STDIN.
Replies/events: one JSON object per line on file descriptor 3 (NOT stdout: job scripts print to
stdout; the server captures sys.stdout/sys.stderr per job run and returns it in `output`).
The JVM/Spark log goes to the process's stderr (the harness keeps it as logs/job-server.log).

Events (fd 3):
  {"event":"ready","sparkVersion":"3.5.4","pythonVersion":"3.11.7","master":"local[*]","startupSeconds":12.3}
      sent once after the SparkSession is up.
  {"event":"fatal","message":"...","traceback":"..."}   startup failed; the process then exits 1.

Requests (stdin) and their replies (fd 3, carrying the request "id"):
  {"id":"r1","op":"ping"}             → {"id":"r1","event":"pong"}
  {"id":"r2","op":"run","jobRunId":"jr_…","jobName":"customer_landing_to_trusted",
   "script":"/abs/path/script.py","arguments":{"--JOB_NAME":"customer_landing_to_trusted","--database":"stedi",...}}
      → {"id":"r2","event":"started","jobRunId":"jr_…","startedOn":"<ISO-8601>"}
      → {"id":"r2","event":"finished","jobRunId":"jr_…","jobName":"…","state":"SUCCEEDED"|"FAILED",
         "startedOn":"…","completedOn":"…","executionSeconds":1.23,
         "error":null | {"type":"KeyError","message":"…","traceback":"Traceback (most recent call last): …"},
         "output":"what the script printed (stdout+stderr, truncated to the last 200 kB)",
         "dataQuality":[ {"ruleset":"…","outcomes":[{"Rule":"…","Outcome":"Passed","FailureReason":null,"EvaluatedMetrics":{…}}]} ] }
      The script runs with sys.argv = ["<script>", "--JOB_NAME", "x", "--k", "v", ...] built from
      "arguments" (keys keep their leading "--"), in a fresh module namespace (__name__ == "__main__"),
      the same SparkSession/SparkContext (SparkContext.getOrCreate() / GlueContext(sc) reuse it).
      A script that raises (or calls sys.exit(non-zero)) → state FAILED with traceback; the server
      keeps serving. sys.exit(0) → SUCCEEDED. Jobs run one at a time, in request order.
  {"id":"r3","op":"reset"}  → {"id":"r3","event":"reset"}  drop temp views, cached data, Spark-side catalog objects synced from Glue
  {"id":"r4","op":"shutdown"} → {"id":"r4","event":"bye"} then stops Spark and exits 0.
  EOF on stdin → stop Spark and exit 0 (so the server dies with its parent).
Unknown op / bad JSON → {"id":<id or null>,"event":"error","message":"…"} and keep serving.

Implementation notes (this module):
- Requests are read by a thread: "ping" is answered at once, even while a job runs; every other
  request is queued and handled in order by the main thread.
- Before each run the Glue Data Catalog is mirrored into Spark SQL (stedi_glue.sql_sync); after
  each run the temp views, cached data and Spark session settings the script changed are undone.
- argv gets "--JOB_NAME <jobName>" and "--JOB_RUN_ID <jobRunId>" when "arguments" lacks them,
  as AWS Glue passes both to every run.
- The harness must give the process a fd 3 (e.g. stdio: ['pipe', 'pipe', 'pipe', 'pipe']);
  without it the server prints the reason to stderr and exits 2.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import os
import platform
import queue
import sys
import threading
import time
import traceback

OUTPUT_LIMIT = 200 * 1024
MESSAGE_LIMIT = 4000
EVENTS_FD = 3


def iso_now() -> str:
    now = dt.datetime.now(dt.timezone.utc)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Events:
    """One JSON object per line on fd 3, safe to call from the reader thread and the main one."""

    def __init__(self, stream):
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, payload: dict) -> None:
        line = json.dumps(payload, default=str)
        with self._lock:
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass


class Capture:
    """A write-only text stream keeping the last OUTPUT_LIMIT characters written to it."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self):
        self._chunks: list[str] = []
        self._size = 0
        self._dropped = 0

    def write(self, text) -> int:
        text = str(text)
        self._chunks.append(text)
        self._size += len(text)
        if self._size > 2 * OUTPUT_LIMIT:
            joined = "".join(self._chunks)
            self._dropped += len(joined) - OUTPUT_LIMIT
            joined = joined[-OUTPUT_LIMIT:]
            self._chunks, self._size = [joined], len(joined)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def value(self) -> str:
        joined = "".join(self._chunks)
        dropped = self._dropped + max(0, len(joined) - OUTPUT_LIMIT)
        joined = joined[-OUTPUT_LIMIT:]
        return f"[... {dropped} earlier characters truncated ...]\n{joined}" if dropped else joined


def build_argv(script: str, job_name: str, job_run_id: str, arguments: dict) -> list[str]:
    argv = [script]
    for key, value in arguments.items():
        flag = key if key.startswith("--") else "--" + key
        argv.extend([flag, value if isinstance(value, str) else json.dumps(value)])
    if "--JOB_NAME" not in argv[1::2]:
        argv.extend(["--JOB_NAME", job_name])
    if "--JOB_RUN_ID" not in argv[1::2]:
        argv.extend(["--JOB_RUN_ID", job_run_id])
    return argv


def _script_traceback(exc: BaseException, script: str) -> str:
    """The traceback from the script's first frame on (the server's own frames are noise)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))


def _error(exc: BaseException, script: str) -> dict:
    message = str(exc)
    if len(message) > MESSAGE_LIMIT:
        message = message[:MESSAGE_LIMIT] + " [...]"
    return {"type": type(exc).__name__, "message": message, "traceback": _script_traceback(exc, script)}


def _session_settings(spark) -> dict[str, str]:
    return {row["key"]: row["value"] for row in spark.sql("SET").collect()}


def _clean_session(spark, settings_before: dict[str, str]) -> None:
    """Undo what a job left in the shared session: temp views, cached data, changed settings."""
    for table in spark.catalog.listTables():
        if table.isTemporary:
            spark.catalog.dropTempView(table.name)
    spark.catalog.clearCache()
    after = _session_settings(spark)
    for key, value in after.items():
        if key not in settings_before:
            spark.conf.unset(key)
        elif settings_before[key] != value:
            spark.conf.set(key, settings_before[key])


class JobServer:
    def __init__(self, events: Events, spark):
        self.events = events
        self.spark = spark
        self.requests: queue.Queue = queue.Queue()
        self.running = threading.Event()
        self.closing = threading.Event()

    # ---- reader thread --------------------------------------------------------------------

    def read_requests(self, stream) -> None:
        for raw in stream:
            line = raw.strip()
            if not line:
                continue
            try:
                request = json.loads(line)
                if not isinstance(request, dict):
                    raise ValueError("a request must be a JSON object")
            except ValueError as exc:
                self.events.emit({"id": None, "event": "error", "message": f"bad request line: {exc}"})
                continue
            if request.get("op") == "ping":
                self.events.emit({"id": request.get("id"), "event": "pong"})
            else:
                self.requests.put(request)
        self.closing.set()
        self.requests.put(None)
        if self.running.is_set():
            self._abort_running_job()

    def _abort_running_job(self) -> None:
        """The parent is gone: stop the job in progress and make sure the process ends."""
        import _thread

        try:
            self.spark.sparkContext.cancelAllJobs()
        except Exception:  # noqa: BLE001 - best effort while shutting down
            pass
        _thread.interrupt_main()
        threading.Timer(20.0, lambda: os._exit(0)).start()

    # ---- main loop ------------------------------------------------------------------------

    def serve(self) -> int:
        reader = threading.Thread(target=self.read_requests, args=(sys.stdin,), name="stedi-requests", daemon=True)
        reader.start()
        while True:
            try:
                request = self.requests.get()
            except KeyboardInterrupt:
                if self.closing.is_set():
                    return 0
                raise
            if request is None:
                return 0
            op, rid = request.get("op"), request.get("id")
            try:
                if op == "run":
                    self.run(request)
                elif op == "reset":
                    self.reset()
                    self.events.emit({"id": rid, "event": "reset"})
                elif op == "shutdown":
                    self.events.emit({"id": rid, "event": "bye"})
                    return 0
                else:
                    self.events.emit({"id": rid, "event": "error", "message": f"unknown op {op!r}"})
            except KeyboardInterrupt:
                if self.closing.is_set():
                    return 0
                raise
            except Exception as exc:  # noqa: BLE001 - a broken request must not stop the server
                self.events.emit({"id": rid, "event": "error", "message": f"{type(exc).__name__}: {exc}"})

    def reset(self) -> None:
        from stedi_glue import sql_sync

        _clean_session(self.spark, _session_settings(self.spark))
        sql_sync.drop_all(self.spark)

    def run(self, request: dict) -> None:
        rid = request.get("id")
        missing = [k for k in ("jobRunId", "jobName", "script") if not isinstance(request.get(k), str)]
        arguments = request.get("arguments") or {}
        if missing or not isinstance(arguments, dict):
            problem = f"missing or non-string {missing}" if missing else "\"arguments\" must be an object"
            self.events.emit({"id": rid, "event": "error", "message": f"run: {problem}"})
            return
        job_run_id, job_name, script = request["jobRunId"], request["jobName"], request["script"]
        started_on, clock = iso_now(), time.monotonic()
        self.events.emit({"id": rid, "event": "started", "jobRunId": job_run_id, "startedOn": started_on})
        state, error, output, run = self._execute(job_run_id, job_name, script, arguments)
        self.events.emit({
            "id": rid, "event": "finished", "jobRunId": job_run_id, "jobName": job_name, "state": state,
            "startedOn": started_on, "completedOn": iso_now(),
            "executionSeconds": round(time.monotonic() - clock, 3), "error": error, "output": output,
            "dataQuality": run.data_quality if run is not None else [],
        })

    def _execute(self, job_run_id, job_name, script, arguments):
        from stedi_glue import job_context, sql_sync

        capture = Capture()
        saved = (sys.argv, sys.stdout, sys.stderr)
        settings = _session_settings(self.spark)
        run = job_context.begin(job_run_id, job_name, arguments)
        state, error = "SUCCEEDED", None
        self.running.set()
        try:
            sys.argv = build_argv(script, job_name, job_run_id, arguments)
            sys.stdout = sys.stderr = capture
            sql_sync.sync_all(self.spark)
            run.catalog_synced = True
            with open(script, encoding="utf-8") as handle:
                code = compile(handle.read(), script, "exec")
            namespace = {"__name__": "__main__", "__file__": script, "__builtins__": builtins}
            exec(code, namespace)
        except SystemExit as exc:
            if exc.code not in (None, 0):
                state = "FAILED"
                error = {"type": "SystemExit", "message": f"script exited with status {exc.code}",
                         "traceback": _script_traceback(exc, script)}
        except BaseException as exc:  # noqa: BLE001 - any failure of the script is the run's failure
            state, error = "FAILED", _error(exc, script)
        finally:
            sys.argv, sys.stdout, sys.stderr = saved
            self.running.clear()
            try:
                _clean_session(self.spark, settings)
            except Exception as exc:  # noqa: BLE001
                print(f"[stedi] cleaning the session after {job_run_id} failed: {exc}", file=sys.stderr)
            job_context.end()
        return state, error, capture.value(), run


def _open_events() -> Events:
    try:
        stream = os.fdopen(EVENTS_FD, "w", encoding="utf-8", buffering=1)
    except OSError as exc:
        print(f"stedi_glue.job_server: file descriptor {EVENTS_FD} is not open ({exc}); "
              "the harness must spawn it with a 4th pipe for events", file=sys.stderr)
        sys.exit(2)
    return Events(stream)


def main() -> int:
    events = _open_events()
    clock = time.monotonic()
    try:
        from stedi_glue import spark as spark_runtime

        session = spark_runtime.get_session()
        spark_runtime.warm_up(session)
    except BaseException as exc:  # noqa: BLE001 - report any startup failure, then exit 1
        events.emit({"event": "fatal", "message": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()})
        return 1
    events.emit({
        "event": "ready", "sparkVersion": session.version, "pythonVersion": platform.python_version(),
        "master": session.sparkContext.master, "startupSeconds": round(time.monotonic() - clock, 3),
    })
    try:
        return JobServer(events, session).serve()
    finally:
        spark_runtime.stop_session()


if __name__ == "__main__":
    sys.exit(main())
