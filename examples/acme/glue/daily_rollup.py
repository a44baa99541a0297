"""events_clean -> events_daily: events per day. Deployable to AWS Glue unchanged."""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

target = "s3://acme-lake/events/daily/"
glueContext.create_dynamic_frame.from_catalog(database="acme", table_name="events_clean").toDF().createOrReplaceTempView("events")
daily = spark.sql(
    "SELECT to_date(from_unixtime(event_time / 1000)) AS day, count(*) AS events FROM events GROUP BY 1"
)
glueContext.purge_s3_path(target, {"retentionPeriod": 0})
sink = glueContext.getSink(path=target, connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
                           partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="sink")
sink.setCatalogInfo(catalogDatabase="acme", catalogTableName="events_daily")
sink.setFormat("glueparquet")
sink.writeFrame(DynamicFrame.fromDF(daily, glueContext, "daily"))
job.commit()
