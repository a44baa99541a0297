"""S3 objects that stay on disk in moto: a GET streams them, a multipart upload completes on disk.

moto spools an object's bytes to an unnamed temp file (above MOTO_S3_DEFAULT_KEY_BUFFER_SIZE), but
every GET read the whole file back into one `bytes` (a ranged GET too, then sliced it), and a
CompleteMultipartUpload joined all parts in memory twice (a bytearray, then bytes) before writing
them to a new spooled file through an in-memory buffer. The emulator's peak therefore grew with
the largest object read or written: ~4 copies of it (bench/emulator-memory.bench.ts).

Here, with the same moto:
- a GET of a spooled object answers a view of its file: slicing it (the Range header) gives a
  narrower view, iterating it (what the WSGI server does) reads 1 MiB at a time;
- CompleteMultipartUpload appends the parts to a temp file one part at a time, and the new object
  adopts that file;
- a large value set in one piece (PutObject, UploadPart) goes straight to the file instead of
  through the in-memory buffer first;
- after a request with a body of 1 MiB or more, the cycle collector runs: moto's request handling
  leaves reference cycles that keep the body alive, and the collector, which counts allocations
  and not bytes, ran too rarely to free them (12 UploadParts of 16 MiB: RSS grew 7 MiB a part, the
  peak reached 246 MiB; with the collection it stays at 119).
A PutObject's body itself is still read whole by moto's request handling (several copies): large
writes stay bounded by going multipart with bounded parts, as EMRFS and s3a do on AWS
(harness/python/stedi_glue/staged_upload.py).
"""

from __future__ import annotations

import base64
import binascii
import gc
import hashlib
import os
import tempfile
import threading

from moto.s3 import models, responses
from moto.s3.exceptions import EntityTooSmall, InvalidPart, MalformedXML
from moto.settings import S3_UPLOAD_PART_MIN_SIZE

CHUNK_BYTES = 2**20
# A request body from this size on is collected right after its request (see above).
COLLECT_AFTER_BODY_BYTES = 2**20


class _SharedFd:
    """A duplicate of a spooled object's descriptor: the bytes stay readable while a response
    streams them even if the object is overwritten or deleted meanwhile (S3 keeps serving the
    version a GET started on)."""

    def __init__(self, fd: int):
        self.fd = os.dup(fd)
        self._closed = False

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self.fd)

    def __del__(self) -> None:
        self.close()


class ObjectBytes:
    """`length` bytes of an object's file from `offset`, read only when asked for.

    What moto's GET handling does with a body works on it: len() for Content-Length, a slice for
    a Range (another view), iteration for the WSGI server, close() when the response ends.
    """

    def __init__(self, fd: _SharedFd, offset: int, length: int):
        self._fd = fd
        self._offset = offset
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: slice) -> ObjectBytes:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("an object's bytes are sliced by byte range only")
        start, stop, _ = index.indices(self._length)
        return ObjectBytes(self._fd, self._offset + start, max(0, stop - start))

    def __iter__(self):
        done = 0
        while done < self._length:
            chunk = os.pread(self._fd.fd, min(CHUNK_BYTES, self._length - done), self._offset + done)
            if not chunk:
                raise OSError(f"object file ended after {done} of {self._length} bytes")
            done += len(chunk)
            yield chunk

    def read_all(self) -> bytes:
        return b"".join(self)

    def close(self) -> None:
        self._fd.close()


class _Assembled:
    """A completed multipart upload's bytes in a spooled file already on disk, for the new object
    to adopt as its buffer."""

    def __init__(self, file, size: int):
        self.file = file
        self.size = size


# Set while moto builds a GET response: only there does a key's value become a view.
_in_get = threading.local()


def _spooled_view(key) -> ObjectBytes | None:
    buffer = key._value_buffer
    if not getattr(buffer, "_rolled", False):
        return None  # small objects stay in memory: their bytes are cheap
    return ObjectBytes(_SharedFd(buffer.fileno()), 0, key.contentsize)


def install() -> None:
    """Patches moto's S3 models and GET response in this process (idempotent)."""
    if getattr(models, "_stedi_streaming", False):
        return
    models._stedi_streaming = True
    key_value = models.FakeKey.value
    stock_get_object = responses.S3Response.get_object
    stock_key_response = responses.S3Response.key_response

    def get_value(key):
        if getattr(_in_get, "active", False):
            view = _spooled_view(key)
            if view is not None:
                return view
        return key_value.fget(key)

    def set_value(key, new_value) -> None:
        if isinstance(new_value, _Assembled):
            key._value_buffer.close()
            key._value_buffer = new_value.file
            key.contentsize = new_value.size
            return
        if isinstance(new_value, str):
            new_value = new_value.encode(models.DEFAULT_TEXT_ENCODING)
        buffer = key._value_buffer
        buffer.seek(0)
        buffer.truncate()
        if len(new_value) > key._max_buffer_size:
            buffer.rollover()
        buffer.write(new_value)
        key.contentsize = len(new_value)

    def get_object(self):
        _in_get.active = True
        try:
            return stock_get_object(self)
        finally:
            _in_get.active = False

    def key_response(self, *args, **kwargs):
        try:
            return stock_key_response(self, *args, **kwargs)
        finally:
            body = getattr(self, "raw_body", None)
            if body is not None and len(body) >= COLLECT_AFTER_BODY_BYTES:
                gc.collect()

    models.FakeKey.value = property(get_value, set_value)
    models.FakeMultipart.complete = _complete
    responses.S3Response.get_object = get_object
    responses.S3Response.key_response = key_response


class _RunningChecksum(models.MultipartChecksumBuilder):
    """moto's builder, except that a full-object checksum (a CRC; moto's default is CRC64NVME)
    runs over the parts as they come instead of over a copy of the whole object kept for the end."""

    def __init__(self, algorithm: str | None, checksum_type: str | None):
        super().__init__(algorithm, checksum_type)
        self._crc = 0
        self._width = 4

    def addPart(self, part: bytes) -> None:
        if self.checksum_type == "COMPOSITE":
            super().addPart(part)
            return
        self._crc, self._width = _crc_update(self.checksum_algorithm, part, self._crc)
        self.part_count += 1

    def build(self):
        if self.checksum_type == "COMPOSITE":
            return super().build()
        return self.checksum_type, base64.b64encode(self._crc.to_bytes(self._width, "big")).decode(), 1


def _crc_update(algorithm: str, data: bytes, crc: int) -> tuple[int, int]:
    """The CRC of everything so far and its width in bytes, with the libraries moto's
    compute_checksum uses, and its fallback (CRC32) when they are not installed."""
    if algorithm == "CRC64NVME":
        try:
            from awscrt import checksums

            return checksums.crc64nvme(data, crc), 8
        except ImportError:
            pass
    if algorithm == "CRC32C":
        try:
            import crc32c

            return crc32c.crc32c(data, crc), 4
        except ImportError:
            pass
    return binascii.crc32(data, crc), 4


def _complete(self, body):
    """moto's FakeMultipart.complete (same checks, same ETag: MD5 of the part MD5s, "-N"), with
    the parts appended to a temp file one at a time."""
    checksums = _RunningChecksum(
        self.metadata.get("x-amz-checksum-algorithm"), self.metadata.get("x-amz-checksum-type")
    )
    file = tempfile.SpooledTemporaryFile(models.get_s3_default_key_buffer_size())
    file.rollover()
    part_md5s = hashlib.md5(usedforsecurity=False)
    size = 0
    count = 0
    previous = None
    try:
        for number, etag in body:
            part = self.parts.get(number)
            if part is None or part.etag.strip('"') != etag.strip('"'):
                raise InvalidPart()
            if previous is not None and previous.contentsize < S3_UPLOAD_PART_MIN_SIZE:
                raise EntityTooSmall()
            part_md5s.update(bytes.fromhex(part.etag.strip('"')))
            data = part.value
            file.write(data)
            checksums.addPart(data)
            size += len(data)
            previous = part
            count += 1
        if count == 0:
            raise MalformedXML
    except BaseException:
        file.close()
        raise
    return _Assembled(file, size), f"{part_md5s.hexdigest()}-{count}", checksums.build()
