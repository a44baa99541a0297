"""AWS Glue Data Quality's Python API (`awsgluedq.transforms.EvaluateDataQuality`), evaluated by
Deequ's open-source DQDL engine on the local Spark (see stedi_glue.deequ_dqdl)."""
