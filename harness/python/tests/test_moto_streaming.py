"""stedi_moto: the emulator's S3 objects stay on disk. Byte-exact reads (whole, ranged, during an
overwrite), multipart uploads as S3 answers them, and moto's memory not growing with an object.

Against moto's own server (`-m moto.server`) the read tests pass too; the memory tests fail.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import started_moto

MiB = 2**20
BUCKET = "streaming"


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    """stedi_moto as the harness starts it: objects above 256 KiB spooled to disk."""
    with started_moto(tmp_path_factory.mktemp("stedi-moto")) as running:
        yield running


@pytest.fixture(scope="module")
def s3(moto):
    import boto3

    client = boto3.client("s3", endpoint_url=moto[1], region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket=BUCKET)
    return client


def pattern(size: int, seed: int = 0) -> bytes:
    """Bytes whose every MiB differs, so a misplaced range cannot read back equal."""
    return b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() * (MiB // 32) for i in range(-(-size // MiB)))[:size]


def get(s3, key: str, **kwargs):
    answer = s3.get_object(Bucket=BUCKET, Key=key, **kwargs)
    return answer, answer["Body"].read()


def test_whole_and_ranged_gets_read_the_stored_bytes(s3):
    data = pattern(3 * MiB + 12345)
    s3.put_object(Bucket=BUCKET, Key="ranges.bin", Body=data)
    answer, body = get(s3, "ranges.bin")
    assert body == data and answer["ContentLength"] == len(data)
    assert answer["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'
    last = len(data) - 1
    for header, expected, first, end in [
        (f"bytes=100-{MiB + 99}", data[100:MiB + 100], 100, MiB + 99),
        (f"bytes={2 * MiB}-", data[2 * MiB:], 2 * MiB, last),
        ("bytes=-5000", data[-5000:], len(data) - 5000, last),
        (f"bytes=10-{len(data) + 50}", data[10:], 10, last),
    ]:
        answer, body = get(s3, "ranges.bin", Range=header)
        assert body == expected, header
        assert answer["ContentRange"] == f"bytes {first}-{end}/{len(data)}", header
        assert answer["ContentLength"] == len(expected), header
    with pytest.raises(s3.exceptions.ClientError, match="InvalidRange"):
        s3.get_object(Bucket=BUCKET, Key="ranges.bin", Range=f"bytes={len(data)}-")


def test_small_objects_read_back_from_memory(s3):
    s3.put_object(Bucket=BUCKET, Key="small.json", Body=b'{"a": 1}\n')
    assert get(s3, "small.json")[1] == b'{"a": 1}\n'
    assert get(s3, "small.json", Range="bytes=2-4")[1] == b'a":'


def test_a_get_started_before_an_overwrite_reads_the_old_bytes(s3):
    old, new = pattern(4 * MiB, seed=1), pattern(4 * MiB, seed=2)
    s3.put_object(Bucket=BUCKET, Key="replaced.bin", Body=old)
    stream = s3.get_object(Bucket=BUCKET, Key="replaced.bin")["Body"]
    first = stream.read(MiB)
    s3.put_object(Bucket=BUCKET, Key="replaced.bin", Body=new)
    s3.delete_object(Bucket=BUCKET, Key="replaced.bin")
    assert first + stream.read() == old


def upload_parts(s3, key: str, parts: list[bytes]) -> tuple[str, list[dict]]:
    upload = s3.create_multipart_upload(Bucket=BUCKET, Key=key)["UploadId"]
    done = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=BUCKET, Key=key, UploadId=upload, PartNumber=n, Body=part)["ETag"]}
            for n, part in enumerate(parts, start=1)]
    return upload, done


def test_multipart_upload_reads_back_with_the_s3_multipart_etag(s3):
    # S3: every part but the last at least 5 MiB; the ETag of the whole is the MD5 of the parts'
    # binary MD5s, "-" and the part count (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
    parts = [pattern(5 * MiB, seed=3), pattern(5 * MiB, seed=4), pattern(MiB + 7, seed=5)]
    upload, done = upload_parts(s3, "multi.bin", parts)
    answer = s3.complete_multipart_upload(Bucket=BUCKET, Key="multi.bin", UploadId=upload, MultipartUpload={"Parts": done})
    expected_etag = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest() + "-3"
    assert answer["ETag"] == f'"{expected_etag}"'
    data = b"".join(parts)
    assert get(s3, "multi.bin")[1] == data
    assert get(s3, "multi.bin", Range=f"bytes={5 * MiB - 10}-{5 * MiB + 9}")[1] == data[5 * MiB - 10:5 * MiB + 10]
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="multi.bin")["Contents"][0]
    assert (listed["Size"], listed["ETag"]) == (len(data), f'"{expected_etag}"')


def test_multipart_upload_keeps_s3s_checks(s3):
    upload, done = upload_parts(s3, "too-small.bin", [b"x" * MiB, b"y" * MiB])
    with pytest.raises(s3.exceptions.ClientError, match="EntityTooSmall"):
        s3.complete_multipart_upload(Bucket=BUCKET, Key="too-small.bin", UploadId=upload, MultipartUpload={"Parts": done})
    upload, done = upload_parts(s3, "wrong-etag.bin", [pattern(MiB)])
    done[0]["ETag"] = '"' + "0" * 32 + '"'
    with pytest.raises(s3.exceptions.ClientError, match="InvalidPart"):
        s3.complete_multipart_upload(Bucket=BUCKET, Key="wrong-etag.bin", UploadId=upload, MultipartUpload={"Parts": done})


def peak_growth_mib(pid: int, action) -> float:
    """How far moto's resident high-water mark rose during `action` (Linux: VmHWM, reset first)."""
    def hwm() -> int:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])

    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pytest.skip("cannot reset a process's VmHWM here (needs Linux /proc/PID/clear_refs)")
    before = hwm()
    action()
    return (hwm() - before) / 1024


def test_reading_a_large_object_does_not_hold_it_in_memory(moto, s3):
    size = 96 * MiB
    parts = [pattern(16 * MiB, seed=10 + n) for n in range(size // (16 * MiB))]
    upload, done = upload_parts(s3, "large.bin", parts)
    s3.complete_multipart_upload(Bucket=BUCKET, Key="large.bin", UploadId=upload, MultipartUpload={"Parts": done})
    del parts

    def read_whole_and_a_tail():
        body = s3.get_object(Bucket=BUCKET, Key="large.bin")["Body"]
        while body.read(MiB):
            pass
        body = s3.get_object(Bucket=BUCKET, Key="large.bin", Range=f"bytes={MiB}-")["Body"]
        while body.read(MiB):
            pass

    # moto's own GET holds the object at least once (96 MiB), a ranged one twice.
    assert peak_growth_mib(moto[0].pid, read_whole_and_a_tail) < size / MiB / 4


def test_completing_a_large_multipart_upload_does_not_hold_it_in_memory(moto, s3):
    parts = [pattern(16 * MiB, seed=20 + n) for n in range(6)]
    upload, done = upload_parts(s3, "completed.bin", parts)
    del parts
    growth = peak_growth_mib(moto[0].pid, lambda: s3.complete_multipart_upload(
        Bucket=BUCKET, Key="completed.bin", UploadId=upload, MultipartUpload={"Parts": done}))
    # moto's own CompleteMultipartUpload joins the 96 MiB twice in memory.
    assert growth < 96 / 4


def test_multipart_full_object_checksum_is_the_crc_of_the_whole(s3):
    import base64
    import binascii

    parts = [pattern(5 * MiB, seed=30), pattern(2 * MiB, seed=31)]
    upload = s3.create_multipart_upload(Bucket=BUCKET, Key="checksum.bin", ChecksumAlgorithm="CRC32",
                                        ChecksumType="FULL_OBJECT")["UploadId"]
    done = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=BUCKET, Key="checksum.bin", UploadId=upload, PartNumber=n,
                                                     Body=part, ChecksumAlgorithm="CRC32")["ETag"]}
            for n, part in enumerate(parts, start=1)]
    s3.complete_multipart_upload(Bucket=BUCKET, Key="checksum.bin", UploadId=upload, MultipartUpload={"Parts": done})
    answer = s3.get_object(Bucket=BUCKET, Key="checksum.bin", ChecksumMode="ENABLED")
    whole = b"".join(parts)
    assert answer["Body"].read() == whole
    assert answer["ChecksumCRC32"] == base64.b64encode(binascii.crc32(whole).to_bytes(4, "big")).decode()


def test_a_staged_sink_write_uploads_a_file_larger_than_a_part_multipart(moto, s3, monkeypatch):
    from stedi_glue import staged_upload

    monkeypatch.setenv("STEDI_AWS_ENDPOINT", moto[1])
    monkeypatch.delenv("STEDI_BACKEND", raising=False)
    part = staged_upload.MULTIPART_PART_BYTES
    large, small = pattern(2 * part + 5 * MiB + 3, seed=40), b'{"a": 1}\n'

    def write_local(uri: str) -> None:
        root = Path(uri.removeprefix("file://"))
        (root / "k=1").mkdir(parents=True)
        (root / "k=1" / "part-00000.json").write_bytes(large)
        (root / "part-00001.json").write_bytes(small)
        (root / "_SUCCESS").write_bytes(b"")

    keys = staged_upload.write(write_local, f"s3://{BUCKET}/sink/")
    assert keys == ["sink/k=1/part-00000.json", "sink/part-00001.json"]
    listed = {o["Key"]: o for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="sink/")["Contents"]}
    assert sorted(listed) == keys
    assert get(s3, keys[0])[1] == large and listed[keys[0]]["Size"] == len(large)
    assert get(s3, keys[1])[1] == small and listed[keys[1]]["Size"] == len(small)
    # Three parts (16 + 16 + 5 MiB and 3 bytes): S3's multipart ETag; the small file's is its MD5.
    chunks = [large[i:i + part] for i in range(0, len(large), part)]
    assert listed[keys[0]]["ETag"] == '"' + hashlib.md5(b"".join(hashlib.md5(c).digest() for c in chunks)).hexdigest() + '-3"'
    assert listed[keys[1]]["ETag"] == f'"{hashlib.md5(small).hexdigest()}"'
    assert [u for u in s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) if u["Key"].startswith("sink/")] == []


def test_part_size_grows_only_past_s3s_ten_thousand_parts():
    from stedi_glue import staged_upload

    part = staged_upload.MULTIPART_PART_BYTES
    assert staged_upload.part_bytes(part + 1) == part
    assert staged_upload.part_bytes(10_000 * part) == part
    huge = 10_000 * part + 1
    assert -(-huge // staged_upload.part_bytes(huge)) <= 10_000

