"""Shared fixtures: one real moto server and one job server (one Spark JVM) for the whole suite.

Fidelity tests are Glue scripts run through the job server protocol, exactly as the TypeScript
harness runs them; they report values by printing `RESULT <json>` lines, which come back in the
run's captured output.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import pytest

PYTHON_ROOT = Path(__file__).resolve().parent.parent
M2 = Path.home() / ".m2" / "repository"
# `npm test` passes the provisioned jars (harness/runtime, cached from Maven Central); a bare
# pytest run falls back to a local Maven repository.
JARS = [Path(j) for j in os.environ.get("STEDI_SPARK_JARS", "").split(",") if j] or [
    M2 / "org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar",
    M2 / "com/amazonaws/aws-java-sdk-bundle/1.12.262/aws-java-sdk-bundle-1.12.262.jar",
]
if str(PYTHON_ROOT) not in sys.path:
    sys.path.insert(0, str(PYTHON_ROOT))
# Spark's Python workers inherit the JVM's environment: they must import awsglue as well.
if str(PYTHON_ROOT) not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(PYTHON_ROOT), os.environ.get("PYTHONPATH")) if p)

BUCKET = "stedi-test"
DATABASE = "stedi"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(endpoint: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "STEDI_AWS_ENDPOINT": endpoint, "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
        "STEDI_SPARK_MASTER": "local[2]", "STEDI_SPARK_JARS": ",".join(str(j) for j in JARS),
        "PYTHONPATH": str(PYTHON_ROOT), "PYSPARK_PYTHON": sys.executable,
    })
    env.pop("STEDI_BACKEND", None)
    return env


@contextlib.contextmanager
def started_moto(log_dir: Path):
    """stedi_moto on a free loopback port as the harness starts it (objects above 256 KiB spooled
    to disk); yields (process, url) once it answers, and stops it after."""
    port = free_port()
    log = open(log_dir / "moto.log", "w")
    env = dict(os.environ, PYTHONPATH=str(PYTHON_ROOT), MOTO_S3_DEFAULT_KEY_BUFFER_SIZE=str(256 * 1024))
    proc = subprocess.Popen([sys.executable, "-m", "stedi_moto", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"stedi_moto did not answer on {url} within 30 s (see {log.name})")
                time.sleep(0.2)
        yield proc, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory):
    missing = [str(j) for j in JARS if not j.exists()]
    if missing:
        pytest.skip(f"s3a jars missing: {missing}; run `node bin/stedi.js provision` and pass STEDI_SPARK_JARS, or use `npm test`")
    # The emulator as the harness starts it (harness/emulator/moto-emulator.ts): stedi_moto, with
    # objects above 256 KiB spooled to disk, so s3a's ranged reads go through its streamed GETs.
    with started_moto(tmp_path_factory.mktemp("moto")) as (_proc, url):
        yield url


@pytest.fixture(scope="session")
def aws(endpoint):
    import boto3

    kwargs = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                  aws_secret_access_key="testing")
    clients = {"s3": boto3.client("s3", **kwargs), "glue": boto3.client("glue", **kwargs)}
    clients["s3"].create_bucket(Bucket=BUCKET)
    clients["glue"].create_database(DatabaseInput={"Name": DATABASE})
    return clients


class JobServerProcess:
    """The job server as the TypeScript harness drives it: stdin requests, fd 3 events, fd 4 job output."""

    def __init__(self, env: dict[str, str], log_path: Path):
        import fcntl

        read_fd, write_fd = os.pipe()
        out_read, out_write = os.pipe()

        def give_fds():
            # Move both pipe ends above 10 first, so placing them on 3 and 4 cannot clobber either.
            events, output = fcntl.fcntl(write_fd, fcntl.F_DUPFD, 10), fcntl.fcntl(out_write, fcntl.F_DUPFD, 10)
            os.dup2(events, 3)
            os.dup2(output, 4)

        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "stedi_glue.job_server"], cwd=str(PYTHON_ROOT), env=env,
            stdin=subprocess.PIPE, stdout=self.log, stderr=self.log, pass_fds=(write_fd, out_write, 3, 4),
            preexec_fn=give_fds,
        )
        os.close(write_fd)
        os.close(out_write)
        self.events: queue.Queue = queue.Queue()
        self._ids = itertools.count(1)
        self._output = bytearray()
        self._output_changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(os.fdopen(read_fd, encoding="utf-8"),), daemon=True)
        self._reader.start()
        threading.Thread(target=self._read_output, args=(out_read,), daemon=True).start()
        self.startup = self.next_event(timeout=180)

    def _read(self, stream):
        for line in stream:
            self.events.put(json.loads(line))
        self.events.put({"event": "__closed__"})

    def _read_output(self, fd: int):
        while True:
            chunk = os.read(fd, 65536)
            with self._output_changed:
                if chunk:
                    self._output.extend(chunk)
                self._output_changed.notify_all()
            if not chunk:
                os.close(fd)
                return

    def wait_for_output(self, text: str, timeout=60) -> bool:
        """Whether `text` appears in the pending (not yet taken) job output within `timeout`."""
        with self._output_changed:
            return self._output_changed.wait_for(lambda: text.encode() in self._output, timeout=timeout)

    def take_output(self, token: str, timeout=30) -> str:
        """The job output up to the end marker of the run with this token (see job_server)."""
        marker = b"\0stedi-output-end " + token.encode() + b"\0"
        with self._output_changed:
            found = self._output_changed.wait_for(lambda: marker in self._output, timeout=timeout)
            if not found:
                text, self._output[:] = bytes(self._output), b""
                return text.decode("utf-8", "replace")
            at = self._output.index(marker)
            text = bytes(self._output[:at])
            del self._output[:at + len(marker)]
            return text.decode("utf-8", "replace")

    def next_event(self, timeout=120) -> dict:
        return self.events.get(timeout=timeout)

    def send_raw(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def request(self, payload: dict) -> str:
        rid = payload.setdefault("id", f"r{next(self._ids)}")
        self.send_raw(json.dumps(payload))
        return rid

    def wait_for(self, rid, event: str, timeout=300) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            got = self.next_event(timeout=max(0.1, deadline - time.monotonic()))
            if got.get("id") == rid and got.get("event") in (event, "error"):
                return got

    def run(self, script: Path, arguments: dict | None = None, job_name="test_job") -> dict:
        run_id = f"jr_{next(self._ids)}"
        token = f"end{run_id}"
        rid = self.request({"op": "run", "jobRunId": run_id, "jobName": job_name, "script": str(script),
                            "arguments": arguments or {}, "outputEnd": token})
        finished = self.wait_for(rid, "finished")
        if finished.get("event") == "finished":
            finished["output"] = self.take_output(token)
        return finished

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server(endpoint, aws, tmp_path_factory):
    proc = JobServerProcess(base_env(endpoint), tmp_path_factory.mktemp("jobserver") / "job-server.log")
    if proc.startup.get("event") != "ready":
        proc.close()
        pytest.fail(f"job server did not start: {proc.startup}")
    yield proc
    proc.close()


GLUE_PRELUDE = """\
import sys, json
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue import DynamicFrame

def result(name, value):
    print("RESULT " + json.dumps({"name": name, "value": value}, default=str))

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)
"""


class Runner:
    def __init__(self, server: JobServerProcess, tmp_path: Path):
        self.server = server
        self.tmp_path = tmp_path
        self._n = itertools.count(1)

    def script(self, body: str, *, prelude=True) -> Path:
        path = self.tmp_path / f"job_{next(self._n)}.py"
        text = (GLUE_PRELUDE if prelude else "") + textwrap.dedent(body) + ("\njob.commit()\n" if prelude else "")
        path.write_text(text)
        return path

    def run(self, body: str, arguments=None, *, prelude=True, expect="SUCCEEDED", job_name="test_job") -> dict:
        finished = self.server.run(self.script(body, prelude=prelude), arguments, job_name=job_name)
        assert finished.get("event") == "finished", finished
        if expect is not None:
            assert finished["state"] == expect, finished.get("error") or finished.get("output")
        finished["results"] = {}
        for line in finished["output"].splitlines():
            if line.startswith("RESULT "):
                item = json.loads(line[len("RESULT "):])
                finished["results"][item["name"]] = item["value"]
        return finished


@pytest.fixture
def glue(server, tmp_path):
    return Runner(server, tmp_path)


@pytest.fixture
def prefix(request):
    """A unique S3 prefix (and table-name stem) per test."""
    name = request.node.name.lower().replace("[", "_").replace("]", "").replace("-", "_")
    return name[:60]


def put_lines(aws, key: str, records: list) -> str:
    body = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"
    aws["s3"].put_object(Bucket=BUCKET, Key=key, Body=body.encode())
    return f"s3://{BUCKET}/{key}"


def read_json_lines(aws, prefix: str) -> list[dict]:
    out = []
    for obj in list_keys(aws, prefix):
        body = aws["s3"].get_object(Bucket=BUCKET, Key=obj)["Body"].read().decode()
        out.extend(json.loads(line) for line in body.splitlines() if line.strip())
    return out


def list_keys(aws, prefix: str) -> list[str]:
    keys = []
    for page in aws["s3"].get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        keys.extend(o["Key"] for o in page.get("Contents", []))
    return keys


def json_table(aws, name: str, location: str, columns: list[tuple[str, str]], serde_params=None):
    aws["glue"].create_table(DatabaseName=DATABASE, TableInput={
        "Name": name, "TableType": "EXTERNAL_TABLE", "Parameters": {"classification": "json"},
        "StorageDescriptor": {
            "Columns": [{"Name": n, "Type": t} for n, t in columns], "Location": location,
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe",
                          "Parameters": dict(serde_params or {})},
        },
        "PartitionKeys": [],
    })
