"""Parsed JSON reads (catalog tables, S3 sources) kept by a warm job server across jobs and runs,
keyed by content.

Why: reading a JSON table (GETs from the emulator, the key-map parse, the input accounting) is
75-88% of a warm job's time (bench/RESULTS.md, issue 13, per-job overhead round 2). A warm
`stedi dev` run stages the same landing bytes again, `--job` reruns restore a previous run's
tables, and within a run two jobs often read the same table: the parse gives the same rows each
time the files are the same.

When a read is reused — all of these equal:
- what the reader follows: for a catalog table its location, format, columns and types,
  partition keys, SerDe library and parameters (table_definition); for an S3 source its paths
  and multiline option,
- the contents of the files it would read: ETag and size of each (the ETag is the MD5 of the
  bytes, or of the part MD5s for a multipart upload: new bytes give a new ETag), grouped by the
  registered partitions chosen, with their values,
- the session's Spark SQL settings (`SET`: those set to other than their defaults): the time
  zone, ANSI mode, the timestamp type and the parser policies change what the same text parses
  to, and a job may set them,
- the S3 endpoint.
The job still records its input accounting (the stored figures and error samples of that read).

Safety:
- An entry is a local checkpoint: its lineage is cut, so a lost block fails the read instead of
  re-reading S3, whose objects may have changed since.
- Only with a local master: there the blocks live in the driver's JVM (memory, then local disk)
  and are never lost while the server lives; a cluster's executors can die.
- `STEDI_READ_CACHE_MB` (default 256) bounds the input bytes kept; the least recently used
  entries are dropped first; a read larger than the budget is not kept; 0 turns reuse off. A
  kept read holds ~1.4x its input in the heap (step_trainer: 44.9 MiB for 31.5 MiB).
- A read that is not kept is persisted for its job only: in memory, or on local disk when its
  input is more than 1/8 of the driver's heap (HEAP_READ_SHARE).
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

DEFAULT_BUDGET_MB = 256


@dataclass
class Entry:
    frame: object
    errors: object
    stats: dict
    size: int
    objects: list = field(default_factory=list)  # (uri, etag, size) of the read that made it
    rdd_ids: list[int] = field(default_factory=list)


_entries: "OrderedDict[str, Entry]" = OrderedDict()
_lock = threading.Lock()
_counters = {"hits": 0, "misses": 0, "evictions": 0}
_mapper = None  # the JVM's Jackson ObjectMapper for sql_settings, made once


def _budget_bytes() -> int:
    raw = os.environ.get("STEDI_READ_CACHE_MB", "").strip()
    if not raw:
        return DEFAULT_BUDGET_MB << 20
    try:
        megabytes = float(raw)
    except ValueError as exc:
        raise ValueError(f"STEDI_READ_CACHE_MB={raw!r}: expected a number of MiB (0 turns reuse off)") from exc
    if megabytes < 0:
        raise ValueError(f"STEDI_READ_CACHE_MB={raw!r}: expected 0 or more MiB")
    return int(megabytes * (1 << 20))


def _enabled(spark) -> bool:
    master = spark.sparkContext.master or ""
    return _budget_bytes() > 0 and master.startswith("local")


def read_through(spark, definition: dict | None, groups, *, naming: dict, lines, finish):
    """(frame, errors) of one read, reusing a kept read of the same content when there is one.

    `lines()` builds the parsed-lines DataFrame; it is computed once here: kept as a checkpoint
    when the read is admitted, else persisted for this job. `finish(lines)` records the input
    accounting and returns (stats, frame, errors). `definition` None: the read is never kept.
    """
    from stedi_glue import env, job_context

    cache_key = None
    if definition is not None and _enabled(spark):
        cache_key = _key(spark, definition, groups, env.aws_endpoint())
        hit = _lookup(spark, cache_key)
        if hit is not None:
            job_context.current().inputs.append(_stats_for_run(hit, groups, **naming))
            return _fresh(hit.frame), _fresh(hit.errors)
    objects = [o for group_objects, _ in groups for o in group_objects]
    size = sum(object_size for _, _, object_size in objects)
    keep = cache_key is not None and _admits(size)
    if keep:
        parsed, rdd_ids = _checkpoint(spark, lines())
    else:
        # The accounting and the frame both scan the lines: read S3 once (cleared after the job).
        parsed, rdd_ids = lines().persist(_job_storage_level(spark, size)), []
    try:
        stats, frame, errors = finish(parsed)
    except BaseException:
        _discard(spark, rdd_ids)
        raise
    if keep:
        _store(spark, cache_key, Entry(frame, errors, stats, size, objects=objects, rdd_ids=rdd_ids))
    return frame, errors


# A read of more than this share of the driver's heap (its input bytes) is persisted for its job
# on local disk, not in the heap: its parsed rows take ~1.5x its input there, and blocks kept in
# Spark's protected storage half cannot be evicted for the joins' execution memory. At 100x of
# stedi-2023 (2g driver) this lowered the heap in use after a collection from 1.30 to 1.01 GiB at
# the same CPU; the JVM's peak is set by the joins' sorters filling the unified pool
# (bench/RESULTS.md, issue 13: job server memory). With a 2g driver the limit is 256 MiB.
HEAP_READ_SHARE = 8


def _job_storage_level(spark, size: int):
    from pyspark import StorageLevel

    heap = int(spark._jvm.java.lang.Runtime.getRuntime().maxMemory())
    return StorageLevel.MEMORY_AND_DISK if size <= heap // HEAP_READ_SHARE else StorageLevel.DISK_ONLY


def table_definition(table) -> dict:
    """What of a catalog table its reader follows.

    Table parameters are not in it: the reader uses them only through the format
    (classification), which is, and every write stamps the job run id on them.
    """
    return {
        "reader": "from_catalog", "location": table.location, "fmt": table.fmt, "columns": table.columns,
        "partitionKeys": table.partition_keys, "serde": table.serde_library,
        "serdeParameters": table.serde_parameters,
    }


def _key(spark, definition: dict, groups, endpoint: str | None) -> str:
    """The content key of a read: `groups` are [([(uri, etag, size)], partition values)].

    File names are not in it, their contents are: a job writes the same bytes again under new
    part-file names on every run.
    """
    contents = [[sorted([etag, size] for _, etag, size in objects), values] for objects, values in groups]
    return json.dumps({"endpoint": endpoint, "definition": definition, "groups": contents,
                       "sql": _sql_settings(spark)}, sort_keys=True, default=str)


def _sql_settings(spark) -> dict[str, str]:
    """The session's Spark SQL settings that were set, as `SET` lists them.

    Read from the JVM as one JSON string: `spark.sql("SET")` costs ~20 ms a read with the
    server's C1-only JIT, this ~4 ms (one ObjectMapper kept; a new one each time costs 7 ms).
    """
    global _mapper
    jvm = spark._jvm
    if _mapper is None:
        _mapper = jvm.com.fasterxml.jackson.databind.ObjectMapper()
    confs = spark._jsparkSession.sessionState().conf().getAllConfs()
    as_java = jvm.scala.collection.JavaConverters.mapAsJavaMapConverter(confs).asJava()
    text = _mapper.writeValueAsString(jvm.java.util.TreeMap(as_java))
    return {k: v for k, v in json.loads(text).items() if k.startswith("spark.sql.")}


def _lookup(spark, cache_key: str) -> Entry | None:
    """The kept read for this key, if its blocks are still held.

    A script may free every persisted RDD itself (`sc._jsc.getPersistentRDDs()` ... `unpersist()`
    is a known idiom): such an entry is dropped, and the read done again, instead of failing later
    on a missing checkpoint block.
    """
    held = set(_persistent_ids(spark))
    with _lock:
        entry = _entries.get(cache_key)
        if entry is not None and not all(i in held for i in entry.rdd_ids):
            del _entries[cache_key]
            entry = None
        if entry is None:
            _counters["misses"] += 1
            return None
        _entries.move_to_end(cache_key)
        _counters["hits"] += 1
        return entry


def _stats_for_run(entry: Entry, groups, **naming) -> dict:
    """A copy of the stored accounting, naming this read's table (`naming`) and files.

    Error samples name the files of the first read: each is renamed to a file of this read with
    the same ETag and size (the same bytes, so the same line number).
    """
    stats = copy.deepcopy(entry.stats)
    stats.update(naming, reusedRead=True)
    renamed = _renaming(entry.objects, [o for objects, _ in groups for o in objects])
    for sample in stats.get("errorSamples", []):
        sample["file"] = renamed.get(sample["file"], sample["file"])
    return stats


def _renaming(before: list, now: list) -> dict[str, str]:
    by_content: dict[tuple, list[str]] = {}
    for uri, etag, size in now:
        by_content.setdefault((etag, size), []).append(uri)
    renamed = {}
    for uri, etag, size in before:
        candidates = by_content.get((etag, size))
        if candidates:
            renamed[uri] = candidates.pop(0)
    return renamed


def _fresh(df):
    """The same rows under new column ids: two reads of one table must join as two relations
    (a script's self-join of the frame it got twice would otherwise be ambiguous)."""
    from pyspark.sql import functions as F

    from stedi_glue.columns import quote

    return df.select(*[F.col(quote(name)).alias(name) for name in df.columns])


def _admits(size: int) -> bool:
    budget = _budget_bytes()
    return budget > 0 and size <= budget


def _checkpoint(spark, df):
    """`df` computed once and kept with its lineage cut; returns (kept frame, the RDD ids it holds)."""
    jsc = spark.sparkContext._jsc
    before = set(int(i) for i in jsc.getPersistentRDDs().keySet())
    try:
        kept = df.localCheckpoint(eager=True)
    except BaseException:
        _unpersist(spark, [i for i in _persistent_ids(spark) if i not in before])
        raise
    return kept, [i for i in _persistent_ids(spark) if i not in before]


def _store(spark, cache_key: str, entry: Entry) -> None:
    entry.stats = copy.deepcopy(entry.stats)  # the run's own copy may still be amended
    with _lock:
        _entries[cache_key] = entry
        _entries.move_to_end(cache_key)
        doomed = []
        total = sum(e.size for e in _entries.values())
        while total > _budget_bytes() and _entries:
            _, old = _entries.popitem(last=False)
            total -= old.size
            doomed.append(old)
            _counters["evictions"] += 1
    for old in doomed:
        _unpersist(spark, old.rdd_ids)


def _discard(spark, rdd_ids: list[int]) -> None:
    """Frees a checkpoint that will not be kept (the read failed after it was made)."""
    _unpersist(spark, rdd_ids)


def clear(spark) -> None:
    with _lock:
        doomed = list(_entries.values())
        _entries.clear()
    for old in doomed:
        _unpersist(spark, old.rdd_ids)


def kept_rdd_ids() -> list[int]:
    with _lock:
        return [i for e in _entries.values() for i in e.rdd_ids]


def counters() -> dict:
    with _lock:
        return {**_counters, "entries": len(_entries), "bytes": sum(e.size for e in _entries.values())}


def _persistent_ids(spark) -> list[int]:
    return [int(i) for i in spark.sparkContext._jsc.getPersistentRDDs().keySet()]


def _unpersist(spark, rdd_ids: list[int]) -> None:
    persistent = spark.sparkContext._jsc.getPersistentRDDs()
    for rdd_id in rdd_ids:
        rdd = persistent.get(rdd_id)
        if rdd is not None:
            rdd.unpersist(False)
