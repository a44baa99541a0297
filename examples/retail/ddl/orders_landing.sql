CREATE EXTERNAL TABLE `retail-analytics`.`orders_landing`(
  `orderid` string,
  `storeid` string,
  `amount` double,
  `status` string,
  `orderdate` string)
ROW FORMAT SERDE
  'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive'='TRUE')
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://retail-raw/orders/'
TBLPROPERTIES (
  'classification'='json');
