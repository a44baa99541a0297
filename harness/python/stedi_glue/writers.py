"""S3 writers and the Data Catalog update of Glue sinks (enableUpdateCatalog).

Writes append, as Glue's S3 sinks do: re-running a job without purging duplicates its output.
"""

from __future__ import annotations

from stedi_glue import catalog, job_context, s3, sql_sync, staged_upload
from stedi_glue.columns import dedupe_columns

FORMAT_ALIASES = {"json": "json", "parquet": "parquet", "glueparquet": "parquet", "csv": "csv"}
TEXT_CODECS = {"none": None, "uncompressed": None, "gzip": "gzip", "bzip2": "bzip2", "snappy": "snappy",
               "lz4": "lz4", "deflate": "deflate"}
PARQUET_CODECS = {"none": "none", "uncompressed": "uncompressed", "snappy": "snappy", "gzip": "gzip",
                  "lz4": "lz4", "zstd": "zstd"}
# Options that do not change what is written (performance knobs of Glue's writers).
NEUTRAL_OPTIONS = {"useGlueParquetWriter", "blockSize", "pageSize", "optimizePerformance", "enableUpdateCatalog",
                   "updateBehavior", "partitionKeys", "path", "compression", "transformation_ctx", "groupFiles",
                   "groupSize", "callSite", "catalogDatabase", "catalogTableName"}
CSV_OPTIONS = {"separator", "writeHeader", "quoteChar", "escaper"}


def normalize_format(fmt: str | None, *, caller: str) -> str:
    key = (fmt or "").strip()
    if key.lower() in FORMAT_ALIASES:
        return FORMAT_ALIASES[key.lower()]
    raise NotImplementedError(
        f"{caller}: format {fmt!r} is not supported by the local harness (json, parquet, glueparquet, csv are)"
    )


def check_options(options: dict, fmt: str, *, caller: str) -> None:
    allowed = NEUTRAL_OPTIONS | (CSV_OPTIONS if fmt == "csv" else set())
    unknown = sorted(k for k in options if k not in allowed)
    if unknown:
        raise NotImplementedError(f"{caller}: option(s) {unknown} are not supported by the local harness for {fmt}")


def _codec(fmt: str, compression, *, caller: str):
    if compression is None:
        return "snappy" if fmt == "parquet" else None
    table = PARQUET_CODECS if fmt == "parquet" else TEXT_CODECS
    key = str(compression).strip().lower()
    if key not in table:
        raise NotImplementedError(f"{caller}: compression {compression!r} is not supported for {fmt} ({sorted(table)})")
    return table[key]


def write_frame(spark, df, *, path: str, fmt: str, partition_keys=None, compression=None, options=None,
                caller: str) -> None:
    """Append `df` (no hidden columns) under `path` in `fmt` ("json" | "parquet" | "csv")."""
    s3.parse(path, what=f"{caller}: path")
    options = dict(options or {})
    check_options(options, fmt, caller=caller)
    if not df.columns:
        # A frame read from no files has no fields; Glue writes nothing for it (Spark would fail).
        return
    df = dedupe_columns(df, caller=caller, case_insensitive=True)
    writer = df.write.mode("append")
    keys = list(partition_keys or [])
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError(f"{caller}: partitionKeys {missing} are not fields of the frame ({df.columns})")
    if keys:
        writer = writer.partitionBy(*keys)
    codec = _codec(fmt, compression, caller=caller)
    if codec:
        writer = writer.option("compression", codec)
    if fmt == "csv":
        writer = writer.option("sep", options.get("separator", ","))
        writer = writer.option("header", str(options.get("writeHeader", True)).lower())
        writer = writer.option("quote", options.get("quoteChar", '"'))
        if options.get("escaper"):
            writer = writer.option("escape", options["escaper"])
    save = getattr(writer, fmt)
    if staged_upload.usable(spark):
        staged_upload.write(save, path)
    else:
        save(path)
    job_context.current().written_paths.append(path)
    sql_sync.refresh_location(spark, path)


def _table_input(df, *, name: str, path: str, fmt: str, partition_keys: list[str], codec, existing: dict | None):
    columns, seen = [], {}
    for field in df.schema.fields:
        lowered = field.name.lower()
        if lowered in seen:
            raise ValueError(
                f"table {name}: fields {seen[lowered]!r} and {field.name!r} are the same column once lower-cased"
            )
        seen[lowered] = field.name
        if field.name in partition_keys:
            continue
        columns.append({"Name": lowered, "Type": catalog.hive_type(field.dataType)})
    pcols = [{"Name": k.lower(), "Type": catalog.hive_type(df.schema[k].dataType)} for k in partition_keys]
    run = job_context.current()
    parameters = dict((existing or {}).get("Parameters") or {})
    parameters.update({"classification": fmt, "UpdatedByJob": run.job_name, "UpdatedByJobRun": run.job_run_id})
    if existing is None:
        parameters.update({"CreatedByJob": run.job_name, "CreatedByJobRun": run.job_run_id})
    # What Glue's crawlers record and Athena reads: the codec, or "none"
    # (https://docs.aws.amazon.com/glue/latest/dg/table-properties-crawler.html).
    parameters["compressionType"] = codec if codec and codec not in ("none", "uncompressed") else "none"
    shape = catalog.FORMATS[fmt]
    storage = {
        "Columns": columns,
        "Location": path,
        "InputFormat": shape["InputFormat"],
        "OutputFormat": shape["OutputFormat"],
        "Compressed": bool(codec and codec not in ("none", "uncompressed")),
        "SerdeInfo": {"SerializationLibrary": shape["SerdeInfo"]["SerializationLibrary"],
                      "Parameters": dict(shape["SerdeInfo"]["Parameters"])},
        "StoredAsSubDirectories": False,
    }
    return {"Name": name, "TableType": "EXTERNAL_TABLE", "Parameters": parameters, "StorageDescriptor": storage,
            "PartitionKeys": pcols}


def update_catalog(spark, df, *, database: str, table_name: str, path: str, fmt: str, partition_keys=None,
                   update_behavior: str = "UPDATE_IN_DATABASE", compression=None, caller: str) -> None:
    """Create or update the catalog table of a sink, as Glue's enableUpdateCatalog does.

    Glue never creates the database: a missing one fails the job (EntityNotFoundException).
    With updateBehavior LOG an existing table keeps its schema; new partitions are still added.
    """
    behavior = (update_behavior or "UPDATE_IN_DATABASE").upper()
    if behavior not in ("UPDATE_IN_DATABASE", "LOG"):
        raise ValueError(f"{caller}: updateBehavior {update_behavior!r} must be UPDATE_IN_DATABASE or LOG")
    # Glue stores names lower-cased and matches them case-insensitively.
    db = catalog.resolve_database(database)
    if db is None:
        raise catalog.CatalogError(
            f"{caller}: database {database.lower()!r} not found in the Glue Data Catalog (EntityNotFoundException); "
            "AWS Glue does not create databases from a job sink, create it first"
        )
    keys = list(partition_keys or [])
    existing = catalog.get_raw_table(db, table_name)
    name = existing["Name"] if existing is not None else table_name.lower()
    table_input = _table_input(df, name=name, path=path, fmt=fmt, partition_keys=keys,
                               codec=_codec(fmt, compression, caller=caller), existing=existing)
    glue = catalog.client()
    if existing is None:
        glue.create_table(DatabaseName=db, TableInput=table_input)
    elif behavior == "UPDATE_IN_DATABASE":
        glue.update_table(DatabaseName=db, TableInput=table_input)
    else:
        print(f"[stedi] {caller}: updateBehavior LOG, schema of {db}.{name} left unchanged")
    if keys:
        _add_partitions(df, db=db, name=name, path=path, keys=keys, table_input=table_input)
    sql_sync.sync_one(spark, db, name)


def _add_partitions(df, *, db: str, name: str, path: str, keys: list[str], table_input: dict) -> None:
    glue = catalog.client()
    base = path if path.endswith("/") else path + "/"
    wanted = []
    for row in df.select(*keys).distinct().collect():
        values = ["__HIVE_DEFAULT_PARTITION__" if row[k] is None else str(row[k]) for k in keys]
        suffix = "/".join(f"{k}={v}" for k, v in zip(keys, values))
        storage = dict(table_input["StorageDescriptor"], Location=base + suffix + "/")
        wanted.append({"Values": values, "StorageDescriptor": storage})
    for start in range(0, len(wanted), 100):
        batch = wanted[start:start + 100]
        response = glue.batch_create_partition(DatabaseName=db, TableName=name, PartitionInputList=batch)
        for err in response.get("Errors", []):
            if err.get("ErrorDetail", {}).get("ErrorCode") != "AlreadyExistsException":
                raise catalog.CatalogError(f"adding partition {err.get('PartitionValues')} to {db}.{name}: {err}")
