"""Compressed sinks (issue 9 item 6, write side) and CSV catalog tables (item 7, read side).

Sinks: JSON takes `compression` gzip / bzip2 / snappy (and others), Parquet its codec
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-json-home.html,
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-parquet-home.html); a
snappy JSON file is Hadoop's block-framed snappy (`.json.snappy`), what Spark's text codec writes.
The catalog entry records `classification` and `compressionType`, the two table properties AWS
tells users to consume (https://docs.aws.amazon.com/glue/latest/dg/table-properties-crawler.html).

CSV: OpenCSVSerde honours separatorChar / quoteChar / escapeChar
(https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html); LazySimpleSerDe splits on
field.delim with no quoting and reads `\\N` as NULL
(https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html); skip.header.line.count
skips the header line of every file.
"""

from __future__ import annotations

import bz2
import gzip
import json
import struct

import pytest

from conftest import BUCKET, DATABASE, list_keys, put_lines

ROWS = [{"id": i, "name": f"n{i}", "note": "same text " * 5} for i in range(50)]


def _snappy_raw(data: bytes) -> bytes:
    """Decode one raw snappy stream (the format's public description, written for this test)."""
    pos, length, shift = 0, 0, 0
    while True:
        byte = data[pos]
        pos += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    out = bytearray()
    while pos < len(data):
        tag = data[pos]
        pos += 1
        kind = tag & 3
        if kind == 0:
            size = tag >> 2
            if size >= 60:
                extra = size - 59
                size = int.from_bytes(data[pos:pos + extra], "little")
                pos += extra
            size += 1
            out += data[pos:pos + size]
            pos += size
            continue
        if kind == 1:
            size, offset = ((tag >> 2) & 7) + 4, ((tag >> 5) << 8) | data[pos]
            pos += 1
        elif kind == 2:
            size, offset = (tag >> 2) + 1, int.from_bytes(data[pos:pos + 2], "little")
            pos += 2
        else:
            size, offset = (tag >> 2) + 1, int.from_bytes(data[pos:pos + 4], "little")
            pos += 4
        for _ in range(size):
            out.append(out[-offset])
    assert len(out) == length
    return bytes(out)


def _hadoop_snappy(data: bytes) -> bytes:
    """Hadoop BlockCompressorStream framing: [raw length] then [chunk length][snappy chunk]..."""
    out, pos = bytearray(), 0
    while pos < len(data):
        (raw_length,) = struct.unpack(">I", data[pos:pos + 4])
        pos += 4
        block = bytearray()
        while len(block) < raw_length:
            (chunk_length,) = struct.unpack(">I", data[pos:pos + 4])
            pos += 4
            block += _snappy_raw(data[pos:pos + chunk_length])
            pos += chunk_length
        out += block
    return bytes(out)


JSON_CODECS = {"snappy": (".json.snappy", _hadoop_snappy), "gzip": (".json.gz", gzip.decompress),
               "bzip2": (".json.bz2", bz2.decompress)}

SINK = """
a = getResolvedOptions(sys.argv, ["input", "output", "table", "fmt", "codec"])
src = glueContext.create_dynamic_frame.from_options("s3", {"paths": [a["input"]]}, "json")
sink = glueContext.getSink(path=a["output"], connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[], enableUpdateCatalog=True, compression=a["codec"])
sink.setCatalogInfo(catalogDatabase="stedi", catalogTableName=a["table"])
sink.setFormat(a["fmt"])
sink.writeFrame(src)
back = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name=a["table"])
result("back", back.count())
if a["fmt"] != "json":
    jvm = spark._jvm
    codecs = set()
    for status in jvm.org.apache.hadoop.fs.Path(a["output"]).getFileSystem(
            spark._jsc.hadoopConfiguration()).listStatus(jvm.org.apache.hadoop.fs.Path(a["output"])):
        hin = jvm.org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(status.getPath(),
                                                                        spark._jsc.hadoopConfiguration())
        reader = jvm.org.apache.parquet.hadoop.ParquetFileReader.open(hin)
        for block in reader.getFooter().getBlocks():
            codecs.add(block.getColumns().get(0).getCodec().name())
        reader.close()
    result("codecs", sorted(codecs))
"""


def _run_sink(glue, aws, prefix, fmt, codec):
    source = put_lines(aws, f"{prefix}/in/x.json", ROWS)
    table = f"{prefix}_{codec}"
    output = f"s3://{BUCKET}/{prefix}/out/"
    done = glue.run(SINK, {"--input": source, "--output": output, "--table": table, "--fmt": fmt, "--codec": codec})
    entry = aws["glue"].get_table(DatabaseName=DATABASE, Name=table)["Table"]
    return done["results"], entry, list_keys(aws, f"{prefix}/out/")


@pytest.mark.parametrize("codec", sorted(JSON_CODECS))
def test_json_sink_codec_framing_and_catalog(glue, aws, prefix, codec):
    results, entry, keys = _run_sink(glue, aws, prefix, "json", codec)
    suffix, decode = JSON_CODECS[codec]
    assert keys and all(k.endswith(suffix) for k in keys)
    lines = []
    for key in keys:
        body = aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read()
        lines.extend(line for line in decode(body).decode().splitlines() if line)
    assert sorted((json.loads(x) for x in lines), key=lambda r: r["id"]) == ROWS
    assert entry["Parameters"]["classification"] == "json"
    assert entry["Parameters"]["compressionType"] == codec
    assert results["back"] == len(ROWS)


@pytest.mark.parametrize("codec,suffix,parquet_name", [
    ("snappy", ".snappy.parquet", "SNAPPY"), ("gzip", ".gz.parquet", "GZIP"),
    ("zstd", ".zstd.parquet", "ZSTD"), ("uncompressed", ".parquet", "UNCOMPRESSED")])
def test_parquet_sink_codecs(glue, aws, prefix, codec, suffix, parquet_name):
    results, entry, keys = _run_sink(glue, aws, prefix, "glueparquet", codec)
    assert keys and all(k.endswith(suffix) for k in keys)
    assert results["codecs"] == [parquet_name]
    assert entry["Parameters"]["classification"] == "parquet"
    assert entry["Parameters"]["compressionType"] == ("none" if codec == "uncompressed" else codec)
    assert results["back"] == len(ROWS)


def _csv_table(aws, name, location, serde, params, columns):
    aws["glue"].create_table(DatabaseName=DATABASE, TableInput={
        "Name": name, "TableType": "EXTERNAL_TABLE", "Parameters": {"classification": "csv"},
        "StorageDescriptor": {
            "Columns": [{"Name": n, "Type": t} for n, t in columns], "Location": location,
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {"SerializationLibrary": serde, "Parameters": params}},
        "PartitionKeys": []})


def test_csv_tables_read_as_their_serde_says(glue, aws, prefix):
    open_csv = f"s3://{BUCKET}/{prefix}/open/"
    aws["s3"].put_object(Bucket=BUCKET, Key=f"{prefix}/open/a.csv", Body=(
        'name;city;n\n"Ann; Jr";"Paris";1\n"Bob \\"B\\"";Rome;2\n').encode())
    aws["s3"].put_object(Bucket=BUCKET, Key=f"{prefix}/open/b.csv", Body=b'name;city;n\nCy;"Oslo";3\n')
    _csv_table(aws, f"{prefix}_open", open_csv, "org.apache.hadoop.hive.serde2.OpenCSVSerde",
               {"separatorChar": ";", "quoteChar": '"', "escapeChar": "\\", "skip.header.line.count": "1"},
               [("name", "string"), ("city", "string"), ("n", "int")])
    lazy = f"s3://{BUCKET}/{prefix}/lazy/"
    aws["s3"].put_object(Bucket=BUCKET, Key=f"{prefix}/lazy/a.txt", Body=(
        'name|city|n\n"Ann"|Paris|1\nBob|\\N|2\n').encode())
    _csv_table(aws, f"{prefix}_lazy", lazy, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
               {"field.delim": "|", "serialization.format": "|", "skip.header.line.count": "1"},
               [("name", "string"), ("city", "string"), ("n", "int")])
    done = glue.run(f"""
        for t in ["{prefix}_open", "{prefix}_lazy"]:
            f = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name=t)
            result(t, sorted([list(r) for r in f.toDF().collect()], key=lambda r: r[2]))
            result(t + "_sql", spark.sql("SELECT count(*) AS c FROM stedi." + t).first()["c"])
    """)
    r = done["results"]
    assert r[f"{prefix}_open"] == [["Ann; Jr", "Paris", 1], ['Bob "B"', "Rome", 2], ["Cy", "Oslo", 3]]
    # LazySimpleSerDe keeps quotes as data and reads \N as NULL.
    assert r[f"{prefix}_lazy"] == [['"Ann"', "Paris", 1], ["Bob", None, 2]]
    assert r[f"{prefix}_open_sql"] == 3 and r[f"{prefix}_lazy_sql"] == 2
