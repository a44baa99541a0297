"""events_landing -> events_clean: events that name their user. Deployable to AWS Glue unchanged."""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Filter
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "target"])
glueContext = GlueContext(SparkContext())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

events = glueContext.create_dynamic_frame.from_catalog(database=args["database"], table_name="events_landing")
clean = Filter.apply(frame=events, f=lambda row: row["user_id"] is not None and row["user_id"] != "")

glueContext.purge_s3_path(args["target"], {"retentionPeriod": 0})
sink = glueContext.getSink(path=args["target"], connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
                           partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="sink")
sink.setCatalogInfo(catalogDatabase=args["database"], catalogTableName="events_clean")
sink.setFormat("json")
sink.writeFrame(clean)
job.commit()
