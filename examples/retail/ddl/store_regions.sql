CREATE EXTERNAL TABLE `retail-analytics`.`store_regions`(
  `storeid` string,
  `region` string,
  `opened` string)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY ','
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://retail-raw/stores/'
TBLPROPERTIES (
  'classification'='csv',
  'skip.header.line.count'='1');
