"""`python -m stedi_moto ARGS`: moto.server's main with S3 objects streamed from their files."""

from moto import server

from stedi_moto import s3_streaming

if __name__ == "__main__":
    s3_streaming.install()
    server.main()
