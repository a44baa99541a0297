-- What a Glue crawler (or this Athena DDL) makes over the clean_orders job's output: a table
-- partitioned by the order date, whose partitions are registered after each write.
CREATE EXTERNAL TABLE `retail-analytics`.`orders_clean`(
  `orderid` string,
  `storeid` string,
  `amount` double)
PARTITIONED BY (
  `order_date` string)
ROW FORMAT SERDE
  'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://retail-lake/silver/orders/'
TBLPROPERTIES (
  'classification'='json');
