"""GlueContext: sources, sinks and purges over the emulated S3 and Glue Data Catalog."""

from __future__ import annotations

import sys

from awsglue._support import as_list, check_keys, truthy, unsupported
from awsglue.data_sink import DataSink
from awsglue.dynamicframe import DataFrameReader, DynamicFrame, DynamicFrameReader, DynamicFrameWriter
from stedi_glue import accounting, catalog, catalog_reader, job_context, readers, s3, sql_sync, writers

# Options Glue accepts that change performance only.
_NEUTRAL_SOURCE_OPTIONS = {"paths", "path", "recurse", "groupFiles", "groupSize", "useS3ListImplementation",
                           "maxBand", "maxFilesInBand", "isFailFast"}
_FORMAT_OPTIONS = {
    "json": {"multiline", "multiLine", "optimizePerformance"},
    "parquet": {"useGlueParquetWriter", "optimizePerformance"},
    "csv": {"separator", "withHeader", "quoteChar", "escaper", "skipFirst", "optimizePerformance", "multiLine"},
}


class _Logger:
    """glueContext.get_logger(): lines go to the job run's captured output."""

    def _log(self, level, message):
        print(f"{level} {message}", file=sys.stderr)

    def info(self, message):
        self._log("INFO", message)

    def warn(self, message):
        self._log("WARN", message)

    def error(self, message):
        self._log("ERROR", message)


class GlueContext:
    def __init__(self, sparkContext, **options):
        from pyspark.sql import SparkSession

        from stedi_glue import spark as spark_runtime

        self._sc = sparkContext
        self._jvm = sparkContext._jvm
        self.spark_session = SparkSession.getActiveSession() or spark_runtime.get_session()
        self.create_dynamic_frame = DynamicFrameReader(self)
        self.create_data_frame = DataFrameReader(self)
        self.write_dynamic_frame = DynamicFrameWriter(self)
        run = job_context.current()
        if not run.catalog_synced:
            sql_sync.sync_all(self.spark_session)
            run.catalog_synced = True

    def get_logger(self):
        return _Logger()

    # ---- sources ---------------------------------------------------------------------------

    def create_dynamic_frame_from_options(self, connection_type, connection_options={}, format=None,
                                          format_options={}, transformation_ctx="", push_down_predicate="", **kwargs):
        call = "GlueContext.create_dynamic_frame.from_options"
        if str(connection_type).lower() != "s3":
            raise unsupported(call, f"connection_type {connection_type!r}")
        if push_down_predicate:
            raise unsupported(call, "push_down_predicate (partition pruning applies to catalog sources)")
        if kwargs:
            raise unsupported(call, f"argument(s) {sorted(kwargs)}")
        check_keys(call, connection_options, _NEUTRAL_SOURCE_OPTIONS)
        fmt = str(format or "").lower()
        if fmt not in _FORMAT_OPTIONS:
            raise unsupported(call, f"format {format!r} (json, parquet and csv are supported)")
        check_keys(call, format_options, _FORMAT_OPTIONS[fmt])
        paths = as_list(connection_options.get("paths", connection_options.get("path")))
        if not paths:
            raise ValueError(f"{call}: connection_options needs \"paths\": [\"s3://...\"]")
        recurse = truthy(connection_options.get("recurse", False))
        objects = [o for p in paths for o in s3.list_file_objects(p, recurse=recurse)]
        files = [uri for uri, _, _ in objects]
        spark = self.spark_session
        source = {"location": ",".join(paths), "fmt": fmt}
        if fmt == "json":
            multiline = truthy(format_options.get("multiline", format_options.get("multiLine", False)))
            frame, errors = readers.read_json(spark, files, multiline=multiline, source=source, objects=objects)
        else:
            if fmt == "parquet":
                frame, errors = readers.read_parquet(spark, files)
            else:
                frame, errors = readers.read_csv(
                    spark, files, separator=format_options.get("separator", ","),
                    with_header=truthy(format_options.get("withHeader", False)),
                    quote_char=format_options.get("quoteChar", '"'), escaper=format_options.get("escaper"))
            accounting.record_counted(database=None, table=None, count=frame.count(), **source)
        return DynamicFrame(frame, self, transformation_ctx, stage_errors=errors)

    def create_dynamic_frame_from_catalog(self, database=None, table_name=None, redshift_tmp_dir="",
                                          transformation_ctx="", push_down_predicate="", additional_options={},
                                          catalog_id=None, **kwargs):
        call = "GlueContext.create_dynamic_frame.from_catalog"
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        if catalog_id is not None:
            raise unsupported(call, "catalog_id (cross-account catalogs)")
        if kwargs:
            raise unsupported(call, f"argument(s) {sorted(kwargs)}")
        check_keys(call, additional_options, _NEUTRAL_SOURCE_OPTIONS | {"catalogPartitionPredicate"})
        table = catalog.get_table(database, table_name, caller=call)
        options = additional_options or {}
        # Both prune partitions before any file is read (Glue evaluates catalogPartitionPredicate
        # in the catalog, push_down_predicate on the partition list; both may be given).
        predicates = [p for p in (options.get("catalogPartitionPredicate"), push_down_predicate) if p]
        predicate = " AND ".join(f"({p})" for p in predicates) or None
        if predicate and not table.partition_keys:
            frame, errors = catalog_reader.read_catalog_table(self.spark_session, table)
            frame = frame.filter(predicate)
        else:
            frame, errors = catalog_reader.read_catalog_table(self.spark_session, table, predicate=predicate)
        return DynamicFrame(frame, self, transformation_ctx or table_name, stage_errors=errors)

    def create_dynamic_frame_from_rdd(self, data, name, schema=None, sample_ratio=None, transformation_ctx=""):
        return DynamicFrame.fromDF(self.spark_session.createDataFrame(data, schema, sample_ratio), self, name)

    def create_data_frame_from_catalog(self, *args, **kwargs):
        return self.create_dynamic_frame_from_catalog(*args, **kwargs).toDF()

    def create_data_frame_from_options(self, *args, **kwargs):
        return self.create_dynamic_frame_from_options(*args, **kwargs).toDF()

    def getSource(self, *args, **kwargs):
        raise unsupported("GlueContext.getSource", "use create_dynamic_frame.from_options / from_catalog")

    # ---- sinks -----------------------------------------------------------------------------

    def getSink(self, connection_type, format=None, transformation_ctx="", **options):
        if format and str(format).lower() in ("parquet", "orc"):
            connection_type = "s3"
        return DataSink(self, connection_type, format, transformation_ctx, options)

    def write_dynamic_frame_from_options(self, frame, connection_type, connection_options={}, format=None,
                                         format_options={}, transformation_ctx=""):
        call = "GlueContext.write_dynamic_frame.from_options"
        if str(connection_type).lower() != "s3":
            raise unsupported(call, f"connection_type {connection_type!r}")
        if not isinstance(frame, DynamicFrame):
            raise unsupported(call, f"writing a {type(frame).__name__} (only a DynamicFrame)")
        fmt = writers.normalize_format(format, caller=call)
        if "enableUpdateCatalog" in connection_options:
            raise unsupported(call, "enableUpdateCatalog here (use getSink + setCatalogInfo or from_catalog)")
        sink = DataSink(self, "s3", fmt, transformation_ctx, connection_options)
        sink.setFormat(format, **format_options)
        return sink.writeFrame(frame)

    def write_from_options(self, frame_or_dfc, connection_type, connection_options={}, format={}, format_options={},
                           transformation_ctx="", **kwargs):
        return self.write_dynamic_frame_from_options(frame_or_dfc, connection_type, connection_options, format,
                                                     format_options, transformation_ctx)

    def write_dynamic_frame_from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="",
                                         transformation_ctx="", additional_options={}, catalog_id=None, **kwargs):
        call = "GlueContext.write_dynamic_frame.from_catalog"
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        if catalog_id is not None:
            raise unsupported(call, "catalog_id (cross-account catalogs)")
        options = dict(additional_options or {})
        check_keys(call, options, {"enableUpdateCatalog", "updateBehavior", "partitionKeys", "compression"})
        table = catalog.get_table(database, table_name, caller=call)
        sink_options = {"path": table.location, **options}
        sink = DataSink(self, "s3", table.fmt, transformation_ctx, sink_options)
        sink.setFormat(table.fmt)
        sink.setCatalogInfo(table.database, table.name)
        return sink.writeFrame(frame)

    # ---- purges ----------------------------------------------------------------------------

    def purge_s3_path(self, s3_path, options={}, transformation_ctx=""):
        """Delete objects under s3_path older than retentionPeriod hours (Glue's default: 168)."""
        call = "GlueContext.purge_s3_path"
        options = dict(options or {})
        check_keys(call, options, {"retentionPeriod", "excludeStorageClasses"})
        deleted = s3.purge(s3_path, float(options.get("retentionPeriod", 168)), options.get("excludeStorageClasses"))
        sql_sync.refresh_location(self.spark_session, s3_path)
        return deleted

    def purge_table(self, database, table_name, options={}, transformation_ctx="", catalog_id=None):
        """purge_s3_path on the table's location; partitions left without files leave the catalog."""
        call = "GlueContext.purge_table"
        if catalog_id is not None:
            raise unsupported(call, "catalog_id (cross-account catalogs)")
        options = dict(options or {})
        check_keys(call, options, {"retentionPeriod", "excludeStorageClasses"})
        table = catalog.get_table(database, table_name, caller=call)
        deleted = self.purge_s3_path(table.location, options)
        if table.partition_keys:
            glue = catalog.client()
            pages = glue.get_paginator("get_partitions").paginate(DatabaseName=table.database, TableName=table.name)
            for page in pages:
                for part in page.get("Partitions", []):
                    location = part.get("StorageDescriptor", {}).get("Location")
                    if location and not s3.has_objects(location):
                        glue.delete_partition(DatabaseName=table.database, TableName=table.name,
                                              PartitionValues=part["Values"])
        return deleted

    def __getattr__(self, name):
        if name in _UNSUPPORTED:
            raise unsupported(f"GlueContext.{name}")
        raise AttributeError(name)


_UNSUPPORTED = {"transition_s3_path", "transition_table", "extract_jdbc_conf", "forEachBatch",
                "write_dynamic_frame_from_jdbc_conf", "write_from_jdbc_conf", "getSampleDynamicFrame",
                "get_catalog_schema_as_spark_schema", "start_transaction", "commit_transaction",
                "cancel_transaction", "create_sample_dynamic_frame_from_catalog"}
