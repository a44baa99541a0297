"""Accelerometer landing -> trusted: readings of customers who consented to research.

A reading belongs to a customer when its `user` is the customer's email. Only the reading's own
columns are kept: the customer's fields stay in the customer tables.

Deployable to AWS Glue 5.0 unchanged. Job arguments: --database (default stedi),
--bucket (default stedi-lakehouse).
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext


def optional_argument(name, default):
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
output_path = f"s3://{bucket}/accelerometer/trusted/"

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

accelerometer_landing = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="accelerometer_landing", transformation_ctx="accelerometer_landing"
)
customer_trusted = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="customer_trusted", transformation_ctx="customer_trusted"
)

# A semi-join: one output row per reading, however many customer rows share the email.
accelerometer_trusted = sparkSqlQuery(
    glueContext,
    query="""
        SELECT a.user, a.timestamp, a.x, a.y, a.z
        FROM accelerometer_landing a
        WHERE a.user IN (SELECT email FROM customer_trusted)
    """,
    mapping={"accelerometer_landing": accelerometer_landing, "customer_trusted": customer_trusted},
    transformation_ctx="consented_readings",
)

glueContext.purge_s3_path(output_path, {"retentionPeriod": 0})
sink = glueContext.getSink(
    path=output_path,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="accelerometer_trusted_sink",
)
sink.setCatalogInfo(catalogDatabase=database, catalogTableName="accelerometer_trusted")
sink.setFormat("json")
sink.writeFrame(accelerometer_trusted)
job.commit()
