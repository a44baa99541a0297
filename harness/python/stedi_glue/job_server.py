"""# Glue job server protocol (contract between the TS harness and the Python job server)

harness/job-server/protocol.ts is the TypeScript side of this contract; change both together.

Process: `<venv>/bin/python -m stedi_glue.job_server` with cwd = project root and
PYTHONPATH=<project>/harness/python. One long-lived process = one SparkSession for many jobs.
The harness restarts it (a new process, a new SparkSession) when it dies, and kills its whole
process group (the JVM included) when a job does not stop after a timeout.

Environment set by the TS harness (the Python side must refuse to start if the endpoint is not
loopback unless STEDI_BACKEND=aws). The harness drops EVERY AWS_* variable of its own
environment first, so nothing of the developer's AWS setup reaches a job script:
  STEDI_AWS_ENDPOINT   http://127.0.0.1:<port>  (moto server: S3 + Glue + Athena on one port)
  AWS_ENDPOINT_URL     same value, and AWS_ENDPOINT_URL_S3 / _GLUE / _ATHENA / _STS too
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
  AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CREDENTIAL_PROFILES_FILE  empty files
  HOME                 a harness temp dir without .aws (the JVM gets -Duser.home to match)
  TMPDIR               a harness temp dir, removed when the harness stops (spark.local.dir too)
  STEDI_SPARK_MASTER   local[*] by default; the harness refuses a non-loopback master unless
                       the user allowed a remote one explicitly
  STEDI_SPARK_JARS     comma-separated absolute jar paths (hadoop-aws 3.3.4, aws-java-sdk-bundle, deequ ...)
  STEDI_SPARK_CONF     optional JSON object of extra spark conf key → value
  JAVA_HOME            Java 17
  PYSPARK_PYTHON       the venv python

File descriptors (the harness spawns the process with five: stdin, stdout, stderr, 3, 4):
  stdin   requests, one JSON object per line.
  fd 3    replies/events, one JSON object per line (NOT stdout: job scripts print to stdout).
  fd 4    job output. While a job runs, the process's fds 1 and 2 are redirected to fd 4, so
          everything the script writes — print(), os.write(1, …), a C extension, the
          faulthandler's dump on a segfault — reaches the harness as it is written, and what a
          job printed before its process died is still its own output. After the job, fds 1
          and 2 are restored and the server writes the end marker
          b"\0stedi-output-end <outputEnd>\0" (outputEnd from the run request) on fd 4; the
          harness takes the job's output to be the bytes before the marker. The harness caps it.
  stdout/stderr (between jobs) and the JVM's output (always): the job server log.
Without fd 3 or fd 4 the server prints the reason to stderr and exits 2.

Events (fd 3):
  {"event":"ready","sparkVersion":"3.5.4","pythonVersion":"3.11.7","master":"local[*]","startupSeconds":12.3,
   "pid":1234,"jvmPid":1240}
      sent once after the SparkSession is up (pid: this process; jvmPid: the Spark driver JVM).
      The warm-up (first SQL, JSON parsing, Python workers, S3A) then runs in the background, while
      the harness stages data; requests other than ping/cancel wait for it to end.
  {"event":"fatal","message":"...","traceback":"..."}   startup failed; the process then exits 1.

Requests (stdin) and their replies (fd 3, carrying the request "id"):
  {"id":"r1","op":"ping"}             → {"id":"r1","event":"pong"}
  {"id":"r2","op":"run","jobRunId":"jr_…","jobName":"customer_landing_to_trusted","outputEnd":"<token>",
   "script":"/abs/path/script.py","arguments":{"--JOB_NAME":"customer_landing_to_trusted","--database":"stedi",...}}
      → {"id":"r2","event":"started","jobRunId":"jr_…","startedOn":"<ISO-8601>"}
      → {"id":"r2","event":"finished","jobRunId":"jr_…","jobName":"…","state":"SUCCEEDED"|"FAILED"|"TIMEOUT",
         "startedOn":"…","completedOn":"…","executionSeconds":1.23,
         "error":null | {"type":"KeyError","message":"…","traceback":"Traceback (most recent call last): …"},
         "dataQuality":[ {"ruleset":"…","outcomes":[{"Rule":"…","Outcome":"Passed","FailureReason":null,"EvaluatedMetrics":{…}}]} ],
         "inputs":[ job_context.input_stats(run): per source read, recordsRead/recordsInFrame/errorRecords ] }
      The job's output is not in the event: it is the fd 4 stream up to the end marker.
      The script runs with sys.argv = ["<script>", "--JOB_NAME", "x", "--k", "v", ...] built from
      "arguments" (keys keep their leading "--"), in a fresh module namespace (__name__ == "__main__"),
      the same SparkSession/SparkContext (SparkContext.getOrCreate() / GlueContext(sc) reuse it).
      A script that raises (or calls sys.exit(non-zero)) → state FAILED with traceback; the server
      keeps serving. sys.exit(0) → SUCCEEDED. Jobs run one at a time, in request order.
  {"id":"r5","op":"cancel","jobRunId":"jr_…","reason":"timeout","message":"the job exceeded its timeout of 0.1 minutes"}
      → {"id":"r5","event":"cancelling","jobRunId":"jr_…","active":true|false}
      Answered at once by the request thread, even while the job runs. When "jobRunId" is the
      job in progress: every Spark job is cancelled (sc.cancelAllJobs()) and the script is
      interrupted (SIGINT to the main thread, raising JobInterrupted — a KeyboardInterrupt, so
      Py4J drops the connection it interrupted). The run then finishes with state TIMEOUT and
      error {"type":"Timeout","message":<message>}, even if the script caught the interrupt. A
      script that does not stop (blocked in C code, or looping around the interrupt) is the
      harness's to kill: it restarts the server after a grace period.
  {"id":"r3","op":"reset"}  → {"id":"r3","event":"reset"}  drop temp views, cached data, Spark-side catalog objects synced from Glue
  {"id":"r4","op":"shutdown"} → {"id":"r4","event":"bye"} then stops Spark and exits 0.
  EOF on stdin → stop Spark and exit 0 (so the server dies with its parent).
Unknown op / bad JSON → {"id":<id or null>,"event":"error","message":"…"} and keep serving.

Implementation notes (this module):
- Requests are read by a thread: "ping" and "cancel" are answered at once, even while a job
  runs; every other request is queued and handled in order by the main thread.
- Before each run the Glue Data Catalog is mirrored into Spark SQL (stedi_glue.sql_sync); after
  each run the temp views, cached data and Spark session settings the script changed are undone
  (stedi_glue.script_run: a script's argv, code, failure and session cleanup).
- argv gets "--JOB_NAME <jobName>" and "--JOB_RUN_ID <jobRunId>" when "arguments" lacks them,
  as AWS Glue passes both to every run.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import io
import json
import os
import platform
import queue
import signal
import sys
import threading
import time
import traceback

from stedi_glue import startup
from stedi_glue.job_server_io import EVENTS_FD, OUTPUT_FD, Events, JobInterrupted, JobOutput, require_fd
from stedi_glue.script_run import build_argv, clean_session, error_of, exec_script, exit_error, session_settings


def iso_now() -> str:
    now = dt.datetime.now(dt.timezone.utc)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JobServer:
    def __init__(self, events: Events, spark, output: JobOutput, warming: threading.Thread | None = None):
        self.events = events
        self.spark = spark
        self.output = output
        self._warming = warming
        self.requests: queue.Queue = queue.Queue()
        self.closing = threading.Event()
        # The job in progress and why it must stop; guarded by _lock (request thread vs main).
        self._lock = threading.RLock()  # re-entrant: the SIGINT handler runs on the main thread
        self._active_job: str | None = None
        self._interrupt: str | None = None
        self._cancellable = False  # the main thread is inside the job's script (or catalog sync)
        self._main_thread = threading.main_thread().ident

    # ---- request thread -------------------------------------------------------------------

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
            op = request.get("op")
            if op == "ping":
                self.events.emit({"id": request.get("id"), "event": "pong"})
            elif op == "cancel":
                self.cancel(request)
            else:
                self.requests.put(request)
        self.closing.set()
        self.requests.put(None)
        # The parent is gone: stop the job in progress and make sure the process ends.
        if self._stop_active_job(None, "the harness closed the job server") is not None:
            threading.Timer(20.0, lambda: os._exit(0)).start()

    def cancel(self, request: dict) -> None:
        job_run_id = request.get("jobRunId")
        message = str(request.get("message") or "the job was cancelled")
        if request.get("reason") != "timeout" or not isinstance(job_run_id, str):
            self.events.emit({"id": request.get("id"), "event": "error",
                              "message": "cancel: needs \"jobRunId\" and \"reason\": \"timeout\""})
            return
        stopped = self._stop_active_job(job_run_id, message)
        self.events.emit({"id": request.get("id"), "event": "cancelling", "jobRunId": job_run_id,
                          "active": stopped is not None})

    def _stop_active_job(self, job_run_id: str | None, reason: str) -> str | None:
        """Cancel Spark's jobs and interrupt the script, if `job_run_id` (any, if None) is running."""
        with self._lock:
            active = self._active_job
            if active is None or (job_run_id is not None and active != job_run_id):
                return None
            self._interrupt = reason
            interrupt_now = self._cancellable  # otherwise _enter_script raises it
        try:
            self.spark.sparkContext.cancelAllJobs()
        except Exception:  # noqa: BLE001 - the interrupt below still stops a Python loop
            pass
        if interrupt_now:
            signal.pthread_kill(self._main_thread, signal.SIGINT)
        return active

    # ---- main thread ----------------------------------------------------------------------

    def _on_sigint(self, signum, frame) -> None:
        """SIGINT handler: interrupts only a job the harness asked to stop; ignored otherwise."""
        with self._lock:
            reason = self._interrupt if self._cancellable else None
        if reason is not None:
            raise JobInterrupted(reason)

    def serve(self) -> int:
        signal.signal(signal.SIGINT, self._on_sigint)
        reader = threading.Thread(target=self.read_requests, args=(sys.stdin,), name="stedi-requests", daemon=True)
        reader.start()
        while True:
            request = self.requests.get()
            self._await_warm_up()
            if request is None:
                return 0
            op, rid = request.get("op"), request.get("id")
            try:
                if op == "run":
                    self.run(request)
                elif op == "reset":
                    self.reset(forget_reads=request.get("forgetReads") is True)
                    self.events.emit({"id": rid, "event": "reset"})
                elif op == "shutdown":
                    self.events.emit({"id": rid, "event": "bye"})
                    return 0
                else:
                    self.events.emit({"id": rid, "event": "error", "message": f"unknown op {op!r}"})
            except KeyboardInterrupt:
                # A late interrupt (the job had just ended) must not take the server down.
                if self.closing.is_set():
                    return 0
            except Exception as exc:  # noqa: BLE001 - a broken request must not stop the server
                self.events.emit({"id": rid, "event": "error", "message": f"{type(exc).__name__}: {exc}"})

    def _await_warm_up(self) -> None:
        """A job never shares the session with the warm-up (it clears the cache, runs Spark jobs)."""
        if self._warming is not None:
            self._warming.join()
            self._warming = None

    def reset(self, *, forget_reads: bool = False) -> None:
        from stedi_glue import read_cache, sql_sync

        clean_session(self.spark, session_settings(self.spark))
        sql_sync.drop_all(self.spark)
        if forget_reads:  # kept reads are keyed by content: a reset alone leaves them valid
            read_cache.clear(self.spark)

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
        with self._lock:  # from here on a cancel of this run is recorded
            self._active_job, self._interrupt, self._cancellable = job_run_id, None, False
        self.events.emit({"id": rid, "event": "started", "jobRunId": job_run_id, "startedOn": started_on})
        try:
            state, error, run = self._execute(job_run_id, job_name, script, arguments)
        except JobInterrupted as exc:
            # The interrupt landed in the few steps between the script's end and _deactivate.
            state, error, run = "TIMEOUT", {"type": "Timeout", "message": str(exc)}, None
        finally:
            self._deactivate()
            self.output.end(str(request.get("outputEnd") or job_run_id))
        self.events.emit({
            "id": rid, "event": "finished", "jobRunId": job_run_id, "jobName": job_name, "state": state,
            "startedOn": started_on, "completedOn": iso_now(),
            "executionSeconds": round(time.monotonic() - clock, 3), "error": error,
            "dataQuality": run.data_quality if run is not None else [],
            "inputs": self._input_stats(run),
        })

    @staticmethod
    def _input_stats(run) -> list:
        """What each source the job read yielded (records read, in the frame, error records), for
        the pipeline's reconciliation with the table layer's ledger; [] when the run never began."""
        if run is None:
            return []
        from stedi_glue import job_context

        return job_context.input_stats(run)

    def _execute(self, job_run_id, job_name, script, arguments):
        from stedi_glue import job_context

        saved = (sys.argv, sys.stdout, sys.stderr)
        settings = session_settings(self.spark)
        run = job_context.begin(job_run_id, job_name, arguments)
        state, error, interrupt = "SUCCEEDED", None, None
        try:
            # Interruptible only inside the redirect, so an interrupt lands in the script's run.
            with self.output:
                try:
                    self._enter_script()
                    sys.argv = build_argv(script, job_name, job_run_id, arguments)
                    exec_script(self.spark, script, job_name)
                except SystemExit as exc:
                    error = exit_error(exc, script)
                    state = "FAILED" if error is not None else state
                except BaseException as exc:  # noqa: BLE001 - any failure of the script is the run's failure
                    state, error = "FAILED", error_of(exc, script)
                finally:
                    interrupt = self._deactivate()
                    sys.argv, sys.stdout, sys.stderr = saved
        finally:
            try:
                clean_session(self.spark, settings)
            except Exception as exc:  # noqa: BLE001
                print(f"[stedi] cleaning the session after {job_run_id} failed: {exc}", file=sys.stderr)
            job_context.end()
        if interrupt is not None:
            # Stopped by the harness: TIMEOUT, even when the script caught the interrupt.
            where = error.get("traceback") if error else None
            state, error = "TIMEOUT", {"type": "Timeout", "message": interrupt, **({"traceback": where} if where else {})}
        return state, error, run

    def _enter_script(self) -> None:
        """Makes the run interruptible; a cancel that came before raises here at once."""
        with self._lock:
            self._cancellable = True
            reason = self._interrupt
        if reason is not None:
            raise JobInterrupted(reason)

    def _deactivate(self) -> str | None:
        """Ends the cancellable part of a job; returns why the harness stopped it, if it did."""
        with self._lock:
            interrupt = self._interrupt
            self._active_job, self._interrupt, self._cancellable = None, None, False
        return interrupt


def _jvm_pid(session) -> int | None:
    proc = getattr(getattr(session.sparkContext, "_gateway", None), "proc", None)
    return getattr(proc, "pid", None)


def main() -> int:
    events = Events(os.fdopen(require_fd(EVENTS_FD, "events"), "w", encoding="utf-8", buffering=1))
    output = JobOutput(require_fd(OUTPUT_FD, "job output"))
    # Unbuffered text streams on fds 1 and 2: what a script prints is on the pipe at once, so
    # it survives the process dying in the next instant (os._exit, a segfault, SIGKILL).
    for name, fd in (("stdout", 1), ("stderr", 2)):
        setattr(sys, name, io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8",
                                            errors="backslashreplace", write_through=True))
    # A segfault in a job dumps the Python stack to fd 2, which is the job's output then.
    faulthandler.enable(file=sys.__stderr__, all_threads=True)
    clock = time.monotonic()
    try:
        from stedi_glue import spark as spark_runtime

        session = spark_runtime.get_session()
        startup.check_s3a(session)
    except BaseException as exc:  # noqa: BLE001 - report any startup failure, then exit 1
        events.emit({"event": "fatal", "message": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()})
        return 1
    events.emit({
        "event": "ready", "sparkVersion": session.version, "pythonVersion": platform.python_version(),
        "master": session.sparkContext.master, "startupSeconds": round(time.monotonic() - clock, 3),
        "pid": os.getpid(), "jvmPid": _jvm_pid(session),
    })
    warming = startup.warm_up_in_background(session)
    try:
        return JobServer(events, session, output, warming).serve()
    finally:
        spark_runtime.stop_session()


if __name__ == "__main__":
    sys.exit(main())
