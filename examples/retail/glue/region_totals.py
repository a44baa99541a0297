"""Gold `Orders By Region` -> gold `region_totals` (Parquet, gzip): paid amount per region.

Reads a catalog table whose name has spaces and upper case, as Glue allows; Glue lower-cases it.
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "target"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders = glueContext.create_dynamic_frame.from_catalog(
    database=args["database"], table_name="orders by region", transformation_ctx="orders"
)
totals = (
    orders.toDF()
    .groupBy("region")
    .agg(F.count("*").alias("orders"), F.round(F.sum("amount"), 2).alias("amount"))
)

glueContext.purge_s3_path(args["target"], {"retentionPeriod": 0})
sink = glueContext.getSink(
    path=args["target"],
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    compression="gzip",
    enableUpdateCatalog=True,
    transformation_ctx="totals_sink",
)
sink.setCatalogInfo(catalogDatabase=args["database"], catalogTableName="region_totals")
sink.setFormat("glueparquet")
sink.writeFrame(DynamicFrame.fromDF(totals, glueContext, "totals"))
job.commit()
