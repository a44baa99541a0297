"""Step trainer trusted x accelerometer trusted -> machine_learning_curated, joined on the timestamp.

The project specifies the join on the reading time alone (43,681 rows on the 2023 data); the
quality suite reports the pairs whose two readings belong to different customers. No customer
PII is carried: the accelerometer's `user` (an email) is left out.

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
output_path = f"s3://{bucket}/machine_learning/curated/"

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

step_trainer_trusted = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="step_trainer_trusted", transformation_ctx="step_trainer_trusted"
)
accelerometer_trusted = glueContext.create_dynamic_frame.from_catalog(
    database=database, table_name="accelerometer_trusted", transformation_ctx="accelerometer_trusted"
)

# Each step reading pairs with every phone reading taken at the same millisecond.
machine_learning_curated = sparkSqlQuery(
    glueContext,
    query="""
        SELECT s.sensorreadingtime, s.serialnumber, s.distancefromobject,
               a.timestamp, a.x, a.y, a.z
        FROM step_trainer_trusted s
        JOIN accelerometer_trusted a ON s.sensorreadingtime = a.timestamp
    """,
    mapping={"step_trainer_trusted": step_trainer_trusted, "accelerometer_trusted": accelerometer_trusted},
    transformation_ctx="timestamp_join",
)

glueContext.purge_s3_path(output_path, {"retentionPeriod": 0})
sink = glueContext.getSink(
    path=output_path,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="machine_learning_curated_sink",
)
sink.setCatalogInfo(catalogDatabase=database, catalogTableName="machine_learning_curated")
sink.setFormat("json")
sink.writeFrame(machine_learning_curated)
job.commit()
