"""Customer trusted -> curated: consenting customers that have accelerometer data, one row per customer.

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
output_path = f"s3://{bucket}/customer/curated/"

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

customer_trusted = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="customer_trusted", transformation_ctx="customer_trusted"
)
accelerometer_trusted = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="accelerometer_trusted", transformation_ctx="accelerometer_trusted"
)

# A plain join on email fans out to one row per reading (40,981 on the 2023 data); a semi-join
# keeps one row per customer.
customers_curated = sparkSqlQuery(
    glueContext,
    query="""
        SELECT c.*
        FROM customer_trusted c
        WHERE c.email IN (SELECT DISTINCT user FROM accelerometer_trusted)
    """,
    mapping={"customer_trusted": customer_trusted, "accelerometer_trusted": accelerometer_trusted},
    transformation_ctx="customers_with_readings",
)

glueContext.purge_s3_path(output_path, {"retentionPeriod": 0})
sink = glueContext.getSink(
    path=output_path,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="customers_curated_sink",
)
sink.setCatalogInfo(catalogDatabase=database, catalogTableName="customers_curated")
sink.setFormat("json")
sink.writeFrame(customers_curated)
job.commit()
