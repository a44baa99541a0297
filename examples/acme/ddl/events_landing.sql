CREATE EXTERNAL TABLE acme.events_landing (
  `event_id` string,
  `user_id` string,
  `event_type` string,
  `event_time` bigint)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://acme-raw/events/'
TBLPROPERTIES ('classification'='json');
