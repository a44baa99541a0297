"""Read a Glue Data Catalog table as GlueContext.create_dynamic_frame.from_catalog does.

- Columns are the catalog's, lower-cased and cast to their catalog types; JSON keys match them
  case-insensitively (Hive's JSON SerDes).
- A partitioned table reads its REGISTERED partitions (GetPartitions): each at its own
  StorageDescriptor.Location, with the catalog's Values as partition column values, whatever the
  path looks like (crawler-style `partition_0` folders included). Files under LOCATION that no
  partition names are not read, and a partitioned table without partitions reads nothing.
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-partitions.html
- push_down_predicate / catalogPartitionPredicate choose partitions before any file is listed.
- CSV tables follow their SerDe: OpenCSVSerde (separatorChar, quoteChar, escapeChar) or
  LazySimpleSerDe (field.delim, no quoting, `\\N` for NULL), and skip.header.line.count.
"""

from __future__ import annotations

from stedi_glue import accounting, catalog, read_cache, s3
from stedi_glue.columns import PRESENT, quote, sql_string, with_presence
from stedi_glue.readers import LOWER_KEY_MAP, empty_errors, empty_frame

OPEN_CSV = "OpenCSVSerde"


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


def schema_ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"{quote(n.lower())} {catalog.spark_type_sql(t)}" for n, t in columns)


def csv_options(table: catalog.TableInfo) -> dict[str, str]:
    """Spark CSV reader options that read the files as the table's SerDe does."""
    params = table.serde_parameters
    header_lines = int(params.get("skip.header.line.count", "0") or 0)
    if header_lines > 1:
        raise NotImplementedError(
            f"table {table.qualified}: skip.header.line.count={header_lines} is not supported by the local "
            "harness (0 or 1 is)")
    options = {"header": str(header_lines == 1).lower()}
    if table.serde_library.endswith(OPEN_CSV):
        options.update(sep=params.get("separatorChar", ","), quote=params.get("quoteChar", '"'),
                       escape=params.get("escapeChar", "\\"))
    else:
        # LazySimpleSerDe: Hive's default delimiter is \001; it knows no quotes.
        sep = params.get("field.delim") or params.get("serialization.format") or "\u0001"
        if sep.isdigit() and len(sep) > 1:
            sep = chr(int(sep))
        options.update(sep=sep, quote="\u0000", nullValue=params.get("serialization.null.format", "\\N"))
        if params.get("escape.delim"):
            options["escape"] = params["escape.delim"]
    return options


def select_partitions(spark, table: catalog.TableInfo, parts: list[dict], predicate: str | None) -> list[dict]:
    """The partitions whose typed values satisfy `predicate` (a Spark SQL boolean expression)."""
    if not predicate or not parts:
        return parts
    keys = [(n.lower(), catalog.spark_type_sql(t)) for n, t in table.partition_keys]
    rows = [(i, *[None if v == "__HIVE_DEFAULT_PARTITION__" else v for v in p["values"]])
            for i, p in enumerate(parts) if len(p["values"]) == len(keys)]
    raw = spark.createDataFrame(rows, "__i int, " + ", ".join(f"{quote(n)} string" for n, _ in keys))
    typed = raw.selectExpr("__i", *[f"CAST({quote(n)} AS {t}) AS {quote(n)}" for n, t in keys])
    chosen = {r["__i"] for r in typed.filter(predicate).select("__i").collect()}
    return [p for i, p in enumerate(parts) if i in chosen]


def _file_groups(spark, table: catalog.TableInfo, predicate: str | None) -> list[tuple[list[tuple[str, str, int]], list]]:
    """[(files as (URI, ETag, size), partition values)]: one group per registered partition, or the whole table."""
    if not table.partition_keys:
        return [(s3.list_file_objects(table.location, recurse=True), [])]
    parts = select_partitions(spark, table, catalog.get_partitions(table), predicate)
    groups, seen = [], set()
    for part in parts:
        if len(part["values"]) != len(table.partition_keys):
            continue
        files = [f for f in s3.list_file_objects(part["location"], recurse=True) if f[0] not in seen]
        seen.update(f[0] for f in files)
        if files:
            groups.append((files, part["values"]))
    return groups


def _partition_literals(table: catalog.TableInfo, values: list) -> list[str]:
    out = []
    for (name, hive), value in zip(table.partition_keys, values):
        literal = "NULL" if value == "__HIVE_DEFAULT_PARTITION__" else sql_string(value)
        out.append(f"CAST({literal} AS {catalog.spark_type_sql(hive)}) AS {quote(name.lower())}")
    return out


def _union(frames):
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def _empty(spark, table: catalog.TableInfo):
    columns = table.columns + table.partition_keys
    empty = spark.createDataFrame([], schema_ddl(columns)) if columns else empty_frame(spark)
    return with_presence(empty), empty_errors(spark)


def read_catalog_table(spark, table: catalog.TableInfo, *, predicate: str | None = None):
    """(frame, errors) of a catalog table, recording the read in the run's input accounting."""
    groups = _file_groups(spark, table, predicate)
    source = {"database": table.database, "table": table.name, "location": table.location, "fmt": table.fmt}
    if not groups:
        accounting.record_counted(count=0, **source)
        return _empty(spark, table)
    if table.fmt == "json":
        return _read_json(spark, table, groups, source)
    frames = []
    for objects, values in groups:
        files = [uri for uri, _, _ in objects]
        if table.fmt == "parquet":
            df = spark.read.schema(schema_ddl(table.columns)).parquet(*files)
        else:
            df = spark.read.options(**csv_options(table)).schema(schema_ddl(table.columns)).csv(files)
        frames.append(df.selectExpr("*", *_partition_literals(table, values)))
    frame = _union(frames)
    accounting.record_counted(count=frame.count(), **source)
    return with_presence(frame), empty_errors(spark)


def _read_json(spark, table: catalog.TableInfo, groups, source: dict):
    from pyspark.sql import functions as F

    def finish(parsed):
        stats = accounting.record(spark=spark, lines_df=parsed, **source)
        pnames = [quote(n.lower()) for n, _ in table.partition_keys]
        errors = parsed.filter(F.col(accounting.REASON).isNotNull()).select(
            F.concat(F.col(accounting.REASON), F.lit(f" in {table.qualified}")).alias("errorMessage"),
            F.col("value").alias("record"))
        frame = parsed.filter(F.col(accounting.REASON).isNull()).select(
            *[F.col(quote(n.lower())) for n, _ in table.columns], *[F.col(p) for p in pnames], PRESENT)
        return stats, frame, errors

    return read_cache.read_through(
        spark, read_cache.table_definition(table), groups, naming={"database": table.database, "table": table.name},
        lines=lambda: _parsed_lines(spark, table, groups), finish=finish)


def _parsed_lines(spark, table: catalog.TableInfo, groups):
    """The lines of the table's files parsed into typed catalog columns (read_through computes them once)."""
    from pyspark.sql import functions as F

    pnames = [quote(n.lower()) for n, _ in table.partition_keys]
    frames = []
    for objects, values in groups:
        lines = spark.read.text([uri for uri, _, _ in objects]).filter(F.trim(F.col("value")) != "")
        frames.append(lines.selectExpr("value", f"_metadata.file_path AS {accounting.PATH}",
                                       *_partition_literals(table, values)))
    raw = _union(frames).selectExpr("*", f"{LOWER_KEY_MAP} AS __m")
    # What is kept of a line: its typed catalog columns, the keys it has (NULL when it has every
    # column, as columns.PRESENT allows), and its text and file only when it is an error record
    # (the accounting locates error samples by file; nothing reads a good line's file).
    # Not the text and the key map of every line: the frame below is kept or persisted, and keeping those
    # cost 26% more CPU on 812k lines and the whole input text in the heap (bench/RESULTS.md,
    # issue 13: scale, round 2). A file's S3 URI (~100 bytes) on every line was as large as the
    # line's columns: kept reads held twice the heap (bench/RESULTS.md, issue 13: job server memory).
    known = [sql_string(n.lower()) for n, _ in table.columns]
    pkeys = [sql_string(n.lower()) for n, _ in table.partition_keys]
    keys = f"filter(map_keys(__m), k -> k IN ({', '.join(known)}))" if known else "CAST(array() AS array<string>)"
    present = f"concat({keys}, array({', '.join(pkeys)}))" if pkeys else keys
    # Most lines have every column: a generated lookup per column decides that, and only the
    # others pay for the interpreted lambda that lists their keys.
    complete = " AND ".join(f"map_contains_key(__m, {k})" for k in known) or "true"
    return raw.selectExpr(
        *catalog_column_exprs(table.columns), *pnames,
        f"CASE WHEN {complete} THEN NULL ELSE CAST({present} AS array<string>) END AS {PRESENT}",
        f"{accounting.json_reason_expr('__m')} AS {accounting.REASON}",
        f"CASE WHEN __m IS NULL THEN {accounting.PATH} END AS {accounting.PATH}",
        "CASE WHEN __m IS NULL THEN value END AS value")
