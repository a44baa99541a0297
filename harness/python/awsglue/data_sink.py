"""DataSink returned by GlueContext.getSink: S3 writes plus the optional catalog update."""

from __future__ import annotations

from awsglue._support import as_list, truthy, unsupported


class DataSink:
    def __init__(self, glue_context, connection_type, format=None, transformation_ctx="", options=None):
        self._ctx = glue_context
        self._connection_type = connection_type
        self._format = format
        self._format_options: dict = {}
        self._options = dict(options or {})
        self._transformation_ctx = transformation_ctx
        self._catalog: tuple[str, str] | None = None

    def setFormat(self, format, **options):
        self._format = format
        self._format_options = dict(options)

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=None):
        if catalogId is not None:
            raise unsupported("DataSink.setCatalogInfo", "catalogId (cross-account catalogs)")
        self._catalog = (catalogDatabase, catalogTableName)

    def setAccumulableSize(self, size):
        return None

    def writeFrame(self, dynamic_frame, info=""):
        from stedi_glue import writers
        from stedi_glue.columns import dedupe_columns

        call = "DataSink.writeFrame"
        if str(self._connection_type).lower() != "s3":
            raise unsupported(call, f"connection_type {self._connection_type!r}")
        path = self._options.get("path")
        if not path:
            raise ValueError(f"{call}: getSink(...) needs path=\"s3://...\"")
        if not self._format:
            raise ValueError(f"{call}: call setFormat(...) before writing (json, glueparquet, parquet, csv)")
        fmt = writers.normalize_format(self._format, caller=call)
        options = {**self._options, **self._format_options}
        compression = self._format_options.get("compression", self._options.get("compression"))
        keys = as_list(self._options.get("partitionKeys"))
        df = dedupe_columns(dynamic_frame.toDF(), caller=call, case_insensitive=True)
        spark = self._ctx.spark_session
        writers.write_frame(spark, df, path=path, fmt=fmt, partition_keys=keys, compression=compression,
                            options=options, caller=call)
        if truthy(self._options.get("enableUpdateCatalog", False)):
            database, table = self._catalog or (self._options.get("catalogDatabase"), self._options.get("catalogTableName"))
            if not database or not table:
                raise ValueError(f"{call}: enableUpdateCatalog=True needs setCatalogInfo(catalogDatabase=..., "
                                 "catalogTableName=...)")
            writers.update_catalog(spark, df, database=database, table_name=table, path=path, fmt=fmt,
                                   partition_keys=keys, update_behavior=self._options.get("updateBehavior"),
                                   compression=compression, caller=call)
        return dynamic_frame

    def write(self, frame_or_dfc, info=""):
        from awsglue.dynamicframe import DynamicFrame

        if not isinstance(frame_or_dfc, DynamicFrame):
            raise unsupported("DataSink.write", "DynamicFrameCollection")
        return self.writeFrame(frame_or_dfc, info)
