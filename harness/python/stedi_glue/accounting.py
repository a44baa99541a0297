"""Reader accounting: for each job input, records read, records in the frame and error records.

Error records follow Glue's `DynamicFrame.errorsCount()`: a line the reader could not turn into a
record is not in the frame but is counted (and shown by errorsAsDynamicFrame). Each input keeps
up to SAMPLE_LIMIT error samples located by file and 1-based line number, so a record lost by the
job can be reconciled with the table layer's ledger (issue 10 item 2).

The figures are computed when the source is read (one aggregate over the parsed lines), so a
job that later overwrites its own input cannot change them.
"""

from __future__ import annotations

import bz2
import gzip
import urllib.parse

from stedi_glue import job_context, s3

SAMPLE_LIMIT = 20
PREVIEW_CHARS = 200
# Spark 3.5 parses JSON with Jackson 2.15, whose StreamReadConstraints refuse a string value
# longer than 20,000,000 characters: from_json then returns NULL for the whole record.
JACKSON_MAX_STRING = 20_000_000
REASON = "__stedi_reason"
PATH = "__stedi_path"


def json_reason_expr(map_expr: str) -> str:
    """SQL giving why a JSON line is an error record (NULL when it is a good record).

    `map_expr` is the line parsed as a map (NULL when Spark could not parse it).
    """
    too_big = (f"'record of ' || length(value) || ' characters: Spark''s JSON parser returned NULL "
               f"(Jackson''s maximum string length is {JACKSON_MAX_STRING:,} characters)'")
    return (f"CASE WHEN {map_expr} IS NOT NULL THEN NULL "
            f"WHEN length(value) > {JACKSON_MAX_STRING} THEN {too_big} "
            "ELSE 'malformed JSON record (not a JSON object)' END")


def record(*, spark, lines_df, database, table, location, fmt, records_in_frame=None, line_numbers=True) -> dict:
    """Count `lines_df` (columns: value, PATH, REASON) and record one input of the current run.

    `records_in_frame` defaults to the lines without a REASON.
    """
    from pyspark.sql import functions as F

    totals = lines_df.agg(
        F.count(F.lit(1)).alias("read"), F.count(F.col(REASON)).alias("errors")
    ).first()
    read, errors = int(totals["read"]), int(totals["errors"])
    samples = []
    if errors:
        rows = (lines_df.filter(F.col(REASON).isNotNull())
                .select(PATH, REASON, F.substring("value", 1, PREVIEW_CHARS).alias("preview"),
                        F.length("value").alias("length"))
                .limit(SAMPLE_LIMIT).collect())
        samples = locate(rows) if line_numbers else [
            {"file": _decode(r[PATH]), "line": None, "reason": r[REASON]} for r in rows]
    stats = {
        "database": database, "table": table, "location": location, "format": fmt,
        "recordsRead": read,
        "recordsInFrame": read - errors if records_in_frame is None else int(records_in_frame),
        "errorRecords": errors, "errorSamples": samples,
    }
    job_context.current().inputs.append(stats)
    return stats


def record_counted(*, database, table, location, fmt, count: int) -> dict:
    """An input whose reader yields every record it reads (Parquet, CSV): no error records."""
    stats = {"database": database, "table": table, "location": location, "format": fmt,
             "recordsRead": int(count), "recordsInFrame": int(count), "errorRecords": 0, "errorSamples": []}
    job_context.current().inputs.append(stats)
    return stats


def _decode(spark_path: str) -> str:
    """Spark reports file paths URL-encoded (`a%20b`); give the S3 URI as the catalog spells it."""
    return urllib.parse.unquote(spark_path or "")


def _open_lines(uri: str):
    loc = s3.parse(uri)
    body = s3.client().get_object(Bucket=loc.bucket, Key=loc.key)["Body"]
    lower = loc.key.lower()
    if lower.endswith(".gz"):
        return _lines(gzip.open(body, "rb"))
    if lower.endswith(".bz2"):
        return _lines(bz2.open(body, "rb"))
    if lower.endswith((".snappy", ".lz4", ".deflate", ".zst")):
        return None
    return _lines(body)


def _lines(stream, chunk_size: int = 1 << 20):
    """Lines of a binary stream, without their terminator; linear in the size of long lines
    (botocore's iter_lines re-copies a line at every chunk)."""
    parts: list[bytes] = []
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                parts.append(chunk[start:])
                break
            parts.append(chunk[start:end])
            yield b"".join(parts)
            parts = []
            start = end + 1
    if parts and any(parts):
        yield b"".join(parts)


def locate(rows) -> list[dict]:
    """File and 1-based line number of each sampled error row (line None where not findable)."""
    wanted: dict[str, list] = {}
    for row in rows:
        wanted.setdefault(_decode(row[PATH]), []).append(row)
    found: dict[int, int] = {}
    for uri, file_rows in wanted.items():
        try:
            lines = _open_lines(uri)
        except Exception:  # noqa: BLE001 - a sample without a line number beats a failed job
            lines = None
        if lines is None:
            continue
        pending = list(file_rows)
        for number, raw in enumerate(lines, start=1):
            if not pending:
                break
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            for row in pending:
                if len(text) == row["length"] and text.startswith(row["preview"]):
                    found[id(row)] = number
                    pending.remove(row)
                    break
    return [{"file": _decode(r[PATH]), "line": found.get(id(r)), "reason": r[REASON]} for r in rows]
