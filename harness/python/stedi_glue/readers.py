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


def frame_from_json_texts(spark, texts_df):
    """(frame, errors) from a DataFrame with a string column `value`, one JSON record per row."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from pyspark import StorageLevel

    # Inference, the order sample, parsing and error counting all scan the texts: read S3 (or
    # run a Map function) once. The job server clears the cache after each run.
    keyed = texts_df.select("value", F.json_object_keys("value").alias(PRESENT))
    keyed = keyed.persist(StorageLevel.MEMORY_AND_DISK)
    good = keyed.filter(F.col(PRESENT).isNotNull())
    errors = keyed.filter(F.col(PRESENT).isNull()).select(
        F.lit("malformed JSON record (not a JSON object)").alias("errorMessage"), F.col("value").alias("record")
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


def read_json(spark, files: list[str], *, multiline: bool):
    from pyspark.sql import functions as F

    if not files:
        return empty_frame(spark), empty_errors(spark)
    if multiline:
        split = F.udf(_split_documents, "array<string>")
        texts = spark.read.text(files, wholetext=True).select(F.explode(split("value")).alias("value"))
    else:
        texts = spark.read.text(files).filter(F.trim(F.col("value")) != "")
    return frame_from_json_texts(spark, texts)


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


# ---- catalog tables -------------------------------------------------------------------------


def catalog_column_exprs(columns: list[tuple[str, str]], map_col: str = "__m") -> list[str]:
    """SQL expressions reading catalog columns out of a lower-cased key map, cast to their types."""
    exprs = []
    for name, hive in columns:
        key = f"{map_col}[{sql_string(name.lower())}]"
        spark_type = catalog.spark_type_sql(hive)
        if catalog.is_complex(hive):
            exprs.append(f"from_json({key}, {sql_string(spark_type)}) AS {quote(name.lower())}")
        else:
            exprs.append(f"CAST({key} AS {spark_type}) AS {quote(name.lower())}")
    return exprs


def _partition_exprs(partition_keys, path_col: str) -> list[str]:
    exprs = []
    for name, hive in partition_keys:
        pattern = sql_string(f"(?i)/{name}=([^/]*)/")
        value = f"nullif(regexp_extract({path_col}, {pattern}, 1), '')"
        exprs.append(f"CAST({value} AS {catalog.spark_type_sql(hive)}) AS {quote(name.lower())}")
    return exprs


def schema_ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"{quote(n.lower())} {catalog.spark_type_sql(t)}" for n, t in columns)


def read_catalog_table(spark, table: catalog.TableInfo):
    """(frame, errors) of a catalog table: its columns, lower-cased and cast to catalog types."""
    from pyspark.sql import functions as F

    from stedi_glue.columns import with_presence

    files = s3.list_files(table.location, recurse=True)
    if not files:
        columns = table.columns + table.partition_keys
        empty = spark.createDataFrame([], schema_ddl(columns) or None) if columns else empty_frame(spark)
        return with_presence(empty), empty_errors(spark)
    parts = _partition_exprs(table.partition_keys, "__path")
    if table.fmt == "json":
        raw = spark.read.text(files).filter(F.trim(F.col("value")) != "")
        raw = raw.selectExpr("value", "_metadata.file_path AS __path", f"{LOWER_KEY_MAP} AS __m")
        errors = raw.filter("__m IS NULL").select(
            F.lit(f"malformed JSON record in {table.qualified}").alias("errorMessage"), F.col("value").alias("record")
        )
        known = ", ".join(sql_string(n.lower()) for n, _ in table.columns)
        keys_expr = f"filter(map_keys(__m), k -> k IN ({known}))" if known else "array()"
        pkeys = [sql_string(n.lower()) for n, _ in table.partition_keys]
        presence = f"concat({keys_expr}, array({', '.join(pkeys)}))" if pkeys else keys_expr
        frame = raw.filter("__m IS NOT NULL").selectExpr(
            *catalog_column_exprs(table.columns), *parts, f"CAST({presence} AS array<string>) AS {PRESENT}"
        )
        return frame, errors
    if table.fmt == "parquet":
        df = spark.read.schema(schema_ddl(table.columns)).parquet(*files)
    else:
        header = int(table.serde_parameters.get("skip.header.line.count", "0") or 0) > 0
        sep = table.serde_parameters.get("field.delim") or table.serde_parameters.get("separatorChar") or ","
        df = spark.read.option("sep", sep).option("header", str(header).lower()).schema(schema_ddl(table.columns)).csv(files)
    if parts:
        df = df.selectExpr("*", "_metadata.file_path AS __path").selectExpr(
            *[quote(n.lower()) for n, _ in table.columns], *parts
        )
    return with_presence(df), empty_errors(spark)
