"""Silver orders + store regions -> gold `Orders By Region` (snappy JSON, registered by the sink).

Written as Glue Studio generates it; deployable to AWS Glue 5.0 unchanged. The SQL node selects
`*` over a join of two tables that both have `storeid`: Glue writes one `storeid` field.
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext


def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)


args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "target"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Silver orders
SilverOrders_node1 = glueContext.create_dynamic_frame.from_catalog(
    database=args["database"], table_name="orders_clean", transformation_ctx="SilverOrders_node1"
)

# Script generated for node Store regions
StoreRegions_node2 = glueContext.create_dynamic_frame.from_catalog(
    database=args["database"], table_name="store_regions", transformation_ctx="StoreRegions_node2"
)

# Script generated for node Join
SqlQuery0 = """
select * from orders o join stores s on o.storeid = s.storeid
"""
Join_node3 = sparkSqlQuery(
    glueContext,
    query=SqlQuery0,
    mapping={"orders": SilverOrders_node1, "stores": StoreRegions_node2},
    transformation_ctx="Join_node3",
)

# Script generated for node Orders By Region
glueContext.purge_s3_path(args["target"], {"retentionPeriod": 0})
OrdersByRegion_node4 = glueContext.getSink(
    path=args["target"],
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    compression="snappy",
    enableUpdateCatalog=True,
    transformation_ctx="OrdersByRegion_node4",
)
OrdersByRegion_node4.setCatalogInfo(catalogDatabase=args["database"], catalogTableName="Orders By Region")
OrdersByRegion_node4.setFormat("json")
OrdersByRegion_node4.writeFrame(Join_node3)
job.commit()
