"""Sink writes that reach S3 as plain uploads: Spark writes the files to a local temp
directory, then each file is uploaded under the target path with the same relative name (one
PutObject, or a multipart upload for a file larger than one part).

Through s3a, Hadoop's FileOutputCommitter writes every file under `_temporary/` and commits it by
rename — on S3 a copy and a delete, plus the probes and directory markers around them: about a
second of emulator round trips per write, whatever the size. AWS Glue's own S3 writes
(the EMRFS S3-optimized committer) make no such detour either: the objects appear under the
target prefix with their final names. The upload needs the executors' files on the driver's
disk, so it is used only with a local Spark master; otherwise (or with STEDI_S3A_WRITES=1)
writes go through s3a.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

from stedi_glue import env, s3

# Spark's local writes leave checksums (.part-….crc) and markers (_SUCCESS) beside the data.
_SKIPPED_PREFIXES = (".", "_")

# The emulator holds a request's body in memory (moto: ~4 copies) while it handles it: eight
# 100 MB part files at once would take GiBs. (moto alone, 4 PutObjects of 100 MB: peak 470 MiB one
# at a time, 871 MiB four at once; bench/RESULTS.md, issue 13: scale, round 2.) Requests in flight
# share this budget; small files still go eight at a time.
UPLOAD_BYTES_IN_FLIGHT = 64 * 2**20

# A file larger than one part goes as a multipart upload of parts this size, so no request body
# grows with the data: one 300 MB PutObject alone cost moto over 1 GiB. AWS Glue's writers do the
# same with large objects (EMRFS, s3a: multipart above a threshold), so the "<md5>-<parts>" ETag is
# what AWS shows too; readers depend on an ETag changing with the bytes, not on its shape
# (read_cache keys on ETag and size). S3: parts of 5 MiB to 5 GiB, the last one smaller, at most
# 10,000 of them (docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html).
MULTIPART_PART_BYTES = 16 * 2**20
_MAX_PARTS = 10_000


class _BytesInFlight:
    """A semaphore counted in bytes; one holder may exceed the budget when it is alone."""

    def __init__(self, budget: int):
        self._budget = budget
        self._used = 0
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def hold(self, size: int):
        with self._changed:
            self._changed.wait_for(lambda: self._used == 0 or self._used + size <= self._budget)
            self._used += size
        try:
            yield
        finally:
            with self._changed:
                self._used -= size
                self._changed.notify_all()


def usable(spark) -> bool:
    """Driver and executors share this machine's disk, and the target is the emulator."""
    if env.backend() == "aws" or os.environ.get("STEDI_S3A_WRITES") == "1":
        return False
    return spark.sparkContext.master.startswith("local")


def data_files(root: str) -> list[str]:
    """Relative paths (with `/`) of the data files Spark wrote under `root`, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(_SKIPPED_PREFIXES)]
        for name in files:
            if not name.startswith(_SKIPPED_PREFIXES):
                found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return sorted(found)


def write(write_local, path: str) -> list[str]:
    """Runs `write_local(local_uri)` (a Spark write), then uploads its files under `path`.

    Returns the S3 keys written. The local directory is removed in any case.
    """
    loc = s3.parse(path)
    local = tempfile.mkdtemp(prefix="stedi-sink-")
    try:
        target = os.path.join(local, "out")
        write_local("file://" + target)
        relative = data_files(target) if os.path.isdir(target) else []
        keys = [loc.prefix + name for name in relative]
        client = s3.client()

        budget = _BytesInFlight(UPLOAD_BYTES_IN_FLIGHT)

        def upload(pair):
            name, key = pair
            local_file = os.path.join(target, name)
            size = os.path.getsize(local_file)
            if size > MULTIPART_PART_BYTES:
                upload_multipart(client, loc.bucket, key, local_file, size, budget)
                return
            with budget.hold(size), open(local_file, "rb") as body:
                client.put_object(Bucket=loc.bucket, Key=key, Body=body)

        with ThreadPoolExecutor(max_workers=min(8, max(1, len(keys)))) as pool:
            list(pool.map(upload, zip(relative, keys)))
        return keys
    finally:
        shutil.rmtree(local, ignore_errors=True)


def part_bytes(size: int) -> int:
    """The part size for a file of `size` bytes: MULTIPART_PART_BYTES, or more when that would
    take more than S3's 10,000 parts."""
    return max(MULTIPART_PART_BYTES, -(-size // _MAX_PARTS))


def upload_multipart(client, bucket: str, key: str, local_file: str, size: int, budget: _BytesInFlight) -> None:
    """Uploads `local_file` to `key` part by part, each part held against `budget` while it goes;
    aborts the upload when a part fails (no orphaned parts left on S3)."""
    upload_id = client.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    try:
        parts = []
        step = part_bytes(size)
        with open(local_file, "rb") as source:
            for number, offset in enumerate(range(0, size, step), start=1):
                length = min(step, size - offset)
                with budget.hold(length):
                    answer = client.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                                                Body=source.read(length))
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
        client.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts})
    except BaseException:
        with contextlib.suppress(Exception):
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise
