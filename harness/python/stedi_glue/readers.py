"""Readers that build DynamicFrame contents: (DataFrame with PRESENT, error-records DataFrame).

JSON is read as text and parsed by Spark so that each record also yields the list of keys it
really has (`json_object_keys`); lines that are not a JSON object become error records, as
Glue's reader counts them, instead of rows of nulls.
"""

from __future__ import annotations

import json

from stedi_glue import catalog, s3
from stedi_glue.columns import ERROR_SCHEMA, PRESENT, quote, sql_string

# Parses one line into a map with lower-cased keys: Hive's JSON SerDes match keys to the
# (lower-case) catalog columns case-insensitively. Nested values stay JSON text.
ORDER_SAMPLE = 1000
LOWER_KEY_MAP = "transform_keys(from_json(value, 'map<string,string>'), (k, v) -> lower(k))"


def empty_frame(spark):
    return spark.createDataFrame([], f"{PRESENT} array<string>")


def empty_errors(spark):
    return spark.createDataFrame([], ERROR_SCHEMA)


def _split_documents(text: str) -> list[str]:
    """Records of a multi-line JSON file: objects, or elements of top-level arrays, in order.

    A non-object element or an unparsable rest of the file is returned as its text, which the
    caller then counts as an error record.
    """
    decoder = json.JSONDecoder()
    out: list[str] = []
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return out
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            out.append(text[pos:])
            return out
        items = value if isinstance(value, list) else [value]
        out.extend(json.dumps(item) for item in items)


def _infer_schema(spark, strings_df):
    """Spark's JSON schema inference over a one-column DataFrame of JSON object texts."""
    from pyspark.sql import DataFrame

    encoder = spark._jvm.org.apache.spark.sql.Encoders.STRING()
    dataset = getattr(strings_df._jdf, "as")(encoder)
    return DataFrame(spark._jsparkSession.read().json(dataset), spark).schema


def _keyed(texts_df):
    """The texts with PRESENT (their keys) and REASON (why a line is an error record, else NULL)."""
    from pyspark.sql import functions as F

    from stedi_glue.accounting import REASON, json_reason_expr

    keys = F.json_object_keys("value")
    # json_object_keys accepts a record whose string values exceed Jackson's limit while
    # from_json returns NULL for it: only such long lines pay for a second parse.
    parsed = "CASE WHEN length(value) > 20000000 THEN from_json(value, 'map<string,string>') ELSE map() END"
    return texts_df.select("*", keys.alias(PRESENT)).withColumn(
        REASON, F.expr(json_reason_expr(f"CASE WHEN {PRESENT} IS NULL THEN NULL ELSE {parsed} END")))


def frame_from_json_texts(spark, texts_df):
    """(frame, errors) from a DataFrame with a string column `value`, one JSON record per row."""
    return _frame_from_keyed(spark, _persisted(_keyed(texts_df.select("value"))))


def _persisted(df):
    from pyspark import StorageLevel

    # Inference, the order sample, parsing and error counting all scan the texts: read S3 (or
    # run a Map function) once. The job server clears the cache after each run.
    return df.persist(StorageLevel.MEMORY_AND_DISK)


def _frame_from_keyed(spark, keyed):
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from stedi_glue.accounting import REASON

    good = keyed.filter(F.col(REASON).isNull())
    errors = keyed.filter(F.col(REASON).isNotNull()).select(
        F.col(REASON).alias("errorMessage"), F.col("value").alias("record")
    )
    schema = _infer_schema(spark, good.select("value"))
    if not schema.fields:
        return good.select(F.col(PRESENT)).filter(F.lit(False)), errors
    # Spark sorts inferred fields by name; a DynamicFrame lists them in order of appearance.
    # The first records decide the order (a full scan for it costs a shuffle per read).
    rank: dict[str, int] = {}
    for row in good.select(PRESENT).limit(ORDER_SAMPLE).collect():
        for key in row[PRESENT]:
            rank.setdefault(key, len(rank))
    fields = sorted(schema.fields, key=lambda f: rank.get(f.name, len(rank)))
    ordered = T.StructType(fields)
    parsed = good.select(F.from_json("value", ordered).alias("__r"), PRESENT)
    return parsed.select(*[F.col("__r").getField(f.name).alias(f.name) for f in fields], PRESENT), errors


def read_json(spark, files: list[str], *, multiline: bool, source: dict | None = None, objects=None):
    """(frame, errors) of JSON files; `source` ({location, format}) records the read's accounting.

    With `objects` ((URI, ETag, size) of `files`) and `source`, a warm job server reuses an
    earlier read of the same bytes (stedi_glue/read_cache.py).
    """
    from stedi_glue import accounting, read_cache

    if not files:
        if source is not None:
            accounting.record_counted(database=None, table=None, count=0, **source)
        return empty_frame(spark), empty_errors(spark)
    reusable = source is not None and objects is not None
    definition = {"reader": "from_options", "fmt": "json", "multiline": multiline,
                  "location": source["location"]} if reusable else None

    def finish(keyed):
        stats = None
        if source is not None:
            stats = accounting.record(spark=spark, lines_df=keyed, database=None, table=None,
                                      line_numbers=not multiline, **source)
        return (stats, *_frame_from_keyed(spark, keyed.drop(accounting.PATH)))

    return read_cache.read_through(spark, definition, [(objects or [], [])], naming={},
                                   lines=lambda: _keyed_lines(spark, files, multiline=multiline), finish=finish)


def _keyed_lines(spark, files: list[str], *, multiline: bool):
    """The records of `files` with PRESENT, REASON and PATH (read_through computes them once)."""
    from pyspark.sql import functions as F

    from stedi_glue import accounting

    if multiline:
        split = F.udf(_split_documents, "array<string>")
        texts = spark.read.text(files, wholetext=True).select(
            F.explode(split("value")).alias("value"), F.col("_metadata.file_path").alias(accounting.PATH))
    else:
        texts = spark.read.text(files).filter(F.trim(F.col("value")) != "").select(
            "value", F.col("_metadata.file_path").alias(accounting.PATH))
    return _keyed(texts)


def read_parquet(spark, files: list[str], schema_ddl: str | None = None):
    from stedi_glue.columns import with_presence

    if not files:
        return empty_frame(spark), empty_errors(spark)
    reader = spark.read
    if schema_ddl:
        reader = reader.schema(schema_ddl)
    return with_presence(reader.parquet(*files)), empty_errors(spark)


def read_csv(spark, files: list[str], *, separator=",", with_header=False, quote_char='"', escaper=None,
             schema_ddl: str | None = None):
    from stedi_glue.columns import with_presence

    if not files:
        return empty_frame(spark), empty_errors(spark)
    reader = spark.read.option("sep", separator).option("header", str(bool(with_header)).lower())
    reader = reader.option("quote", quote_char or "\u0000")
    if escaper:
        reader = reader.option("escape", escaper)
    if schema_ddl:
        df = reader.schema(schema_ddl).csv(files)
    else:
        df = reader.option("inferSchema", "true").csv(files)
        if not with_header:
            # Glue names header-less CSV columns col0, col1, ...
            df = df.toDF(*[f"col{i}" for i in range(len(df.columns))])
    return with_presence(df), empty_errors(spark)


