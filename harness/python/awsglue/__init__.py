"""AWS Glue Python API (awsglue) implemented over plain PySpark for the local STEDI harness.

Our own implementation of the public API surface Glue Studio scripts use; behaviour follows AWS
Glue's documentation. Unsupported calls raise NotImplementedError naming the call.
"""

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

__all__ = ["DynamicFrame", "DynamicFrameCollection"]
