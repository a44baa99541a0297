"""S3 access through boto3: path parsing, file listing for readers, and Glue's purge helpers."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from stedi_glue import env

# Hadoop input formats skip these; Glue's readers do too.
_HIDDEN_PREFIXES = ("_", ".")


@dataclass(frozen=True)
class S3Path:
    scheme: str
    bucket: str
    key: str  # no leading slash; "" for the bucket root

    @property
    def prefix(self) -> str:
        """The key as a directory prefix (with a trailing slash unless it is the root)."""
        return self.key if (not self.key or self.key.endswith("/")) else self.key + "/"

    def uri(self, key: str | None = None) -> str:
        return f"{self.scheme}://{self.bucket}/{self.key if key is None else key}"


def parse(path: str, *, what: str = "path") -> S3Path:
    for scheme in ("s3", "s3a", "s3n"):
        marker = scheme + "://"
        if path.startswith(marker):
            rest = path[len(marker):]
            bucket, _, key = rest.partition("/")
            if not bucket:
                break
            return S3Path(scheme, bucket, key)
    raise ValueError(f"{what} {path!r} is not an s3:// URI (the local harness only emulates S3)")


@functools.lru_cache(maxsize=None)
def _client_for(endpoint: str | None, region: str):
    import boto3

    kwargs = {"region_name": region}
    if endpoint:
        kwargs.update(endpoint_url=endpoint, aws_access_key_id=env.access_key(), aws_secret_access_key=env.secret_key())
    return boto3.client("s3", **kwargs)


def client():
    return _client_for(env.aws_endpoint(), env.region())


def _is_hidden(relative_key: str) -> bool:
    return any(part.startswith(_HIDDEN_PREFIXES) for part in relative_key.split("/") if part)


def list_objects(path: str, *, recurse: bool = True) -> list[dict]:
    """Objects under `path` (a prefix or a single object), hidden files excluded."""
    loc = parse(path)
    paginator = client().get_paginator("list_objects_v2")
    found: list[dict] = []
    # A path naming one object is read as that object, as Hadoop does.
    if loc.key and not loc.key.endswith("/"):
        for page in paginator.paginate(Bucket=loc.bucket, Prefix=loc.key):
            for obj in page.get("Contents", []):
                if obj["Key"] == loc.key:
                    return [obj]
    kwargs = {"Bucket": loc.bucket, "Prefix": loc.prefix}
    if not recurse:
        kwargs["Delimiter"] = "/"
    for page in paginator.paginate(**kwargs):
        for obj in page.get("Contents", []):
            relative = obj["Key"][len(loc.prefix):]
            if not relative or relative.endswith("/") or _is_hidden(relative):
                continue
            found.append(obj)
    return found


def list_files(path: str, *, recurse: bool = True) -> list[str]:
    """URIs (keeping the caller's scheme) of the data files under `path`."""
    return [uri for uri, _, _ in list_file_objects(path, recurse=recurse)]


def list_file_objects(path: str, *, recurse: bool = True) -> list[tuple[str, str, int]]:
    """(URI, ETag, size) of the data files under `path`: what a read of them depends on."""
    loc = parse(path)
    return [(loc.uri(obj["Key"]), obj.get("ETag", ""), int(obj.get("Size", 0)))
            for obj in list_objects(path, recurse=recurse)]


def has_objects(path: str) -> bool:
    return bool(list_objects(path, recurse=True))


def purge(path: str, retention_hours: float, excluded_storage_classes: list[str] | None = None) -> int:
    """Delete objects under `path` older than `retention_hours`; returns how many were deleted."""
    loc = parse(path)
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=float(retention_hours))
    excluded = set(excluded_storage_classes or [])
    paginator = client().get_paginator("list_objects_v2")
    doomed: list[str] = []
    for page in paginator.paginate(Bucket=loc.bucket, Prefix=loc.key):
        for obj in page.get("Contents", []):
            if obj.get("StorageClass", "STANDARD") in excluded:
                continue
            if obj["LastModified"] <= cutoff:
                doomed.append(obj["Key"])
    for start in range(0, len(doomed), 1000):
        batch = [{"Key": k} for k in doomed[start:start + 1000]]
        client().delete_objects(Bucket=loc.bucket, Delete={"Objects": batch, "Quiet": True})
    return len(doomed)
