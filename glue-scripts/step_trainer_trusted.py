"""Step trainer landing -> trusted: readings of devices owned by curated customers.

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
output_path = f"s3://{bucket}/step_trainer/trusted/"

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

step_trainer_landing = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="step_trainer_landing", transformation_ctx="step_trainer_landing"
)
customers_curated = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="customers_curated", transformation_ctx="customers_curated"
)

# A semi-join on the serial number: a serial shared by several customers (the fulfillment
# defect) must not multiply readings.
step_trainer_trusted = sparkSqlQuery(
    glueContext,
    query="""
        SELECT s.sensorreadingtime, s.serialnumber, s.distancefromobject
        FROM step_trainer_landing s
        WHERE s.serialnumber IN (SELECT serialnumber FROM customers_curated)
    """,
    mapping={"step_trainer_landing": step_trainer_landing, "customers_curated": customers_curated},
    transformation_ctx="curated_devices",
)

glueContext.purge_s3_path(output_path, {"retentionPeriod": 0})
sink = glueContext.getSink(
    path=output_path,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="step_trainer_trusted_sink",
)
sink.setCatalogInfo(catalogDatabase=database, catalogTableName="step_trainer_trusted")
sink.setFormat("json")
sink.writeFrame(step_trainer_trusted)
job.commit()
