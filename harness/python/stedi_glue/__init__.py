"""Runtime for running AWS Glue job scripts locally.

The `awsglue` package next to this one implements the AWS Glue Python API; this package holds the
pieces it runs on: environment checks (`env`), the Spark session (`spark`), S3 and Glue Data
Catalog access through boto3 (`s3`, `catalog`), catalog table reads (`catalog_reader`) and their
accounting (`accounting`), the catalog → Spark SQL sync (`sql_sync`), the
per-run state (`job_context`) and the long-lived job server (`job_server`).
"""
