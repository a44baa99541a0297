"""The moto server the harness starts as its AWS emulator: moto itself, with S3 object bytes kept
out of memory (s3_streaming). `python -m stedi_moto -H 127.0.0.1 -p PORT` takes moto.server's
arguments."""
