"""Orders landing -> silver: paid orders with a positive amount, partitioned by order date.

Written as Glue Studio generates it; deployable to AWS Glue 5.0 unchanged. The output is not
registered by the job: a crawler (here `crawl: true` in the pipeline definition) registers the
`order_date=...` partitions of the `orders_clean` table declared by ddl/orders_clean.sql.
"""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import ApplyMapping, Filter
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "target"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Orders landing
OrdersLanding_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["database"], table_name="orders_landing", transformation_ctx="OrdersLanding_node1"
)

# Script generated for node Paid orders
PaidOrders_node2 = Filter.apply(
    frame=OrdersLanding_node1,
    f=lambda row: (row["status"] == "PAID" and row["amount"] > 0),
    transformation_ctx="PaidOrders_node2",
)

# Script generated for node Change Schema
ChangeSchema_node3 = ApplyMapping.apply(
    frame=PaidOrders_node2,
    mappings=[
        ("orderid", "string", "orderid", "string"),
        ("storeid", "string", "storeid", "string"),
        ("amount", "double", "amount", "double"),
        ("orderdate", "string", "order_date", "string"),
    ],
    transformation_ctx="ChangeSchema_node3",
)

# Script generated for node Silver orders
glueContext.purge_s3_path(args["target"], {"retentionPeriod": 0})
SilverOrders_node4 = glueContext.write_dynamic_frame.from_options(
    frame=ChangeSchema_node3,
    connection_type="s3",
    format="json",
    connection_options={"path": args["target"], "partitionKeys": ["order_date"]},
    transformation_ctx="SilverOrders_node4",
)

job.commit()
