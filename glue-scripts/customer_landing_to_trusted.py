"""Customer landing -> trusted: keep only customers who consented to share their data for research.

Deployable to AWS Glue 5.0 unchanged. Job arguments (all optional except JOB_NAME):
  --database  Glue database of the STEDI tables (default: stedi)
  --bucket    S3 bucket of the lakehouse (default: stedi-lakehouse)
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext


def optional_argument(name, default):
    # getResolvedOptions fails on a missing argument, so defaults are resolved only when absent.
    if f"--{name}" in sys.argv:
        return getResolvedOptions(sys.argv, [name])[name]
    return default


def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)


args = getResolvedOptions(sys.argv, ["JOB_NAME"])
database = optional_argument("database", "stedi")
bucket = optional_argument("bucket", "stedi-lakehouse")
output_path = f"s3://{bucket}/customer/trusted/"

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

customer_landing = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="customer_landing", transformation_ctx="customer_landing"
)

# Consent is a date; customers who never gave it have no such field (absent, not null) and an
# explicit 0 is not consent either.
customer_trusted = sparkSqlQuery(
    glueContext,
    query="SELECT * FROM customer_landing WHERE sharewithresearchasofdate IS NOT NULL AND sharewithresearchasofdate <> 0",
    mapping={"customer_landing": customer_landing},
    transformation_ctx="consent_filter",
)

# Glue appends to S3 targets; purge first so a re-run does not duplicate the table.
glueContext.purge_s3_path(output_path, {"retentionPeriod": 0})
sink = glueContext.getSink(
    path=output_path,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="customer_trusted_sink",
)
sink.setCatalogInfo(catalogDatabase=database, catalogTableName="customer_trusted")
sink.setFormat("json")
sink.writeFrame(customer_trusted)
job.commit()
