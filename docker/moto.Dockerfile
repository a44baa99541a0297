# The AWS emulator container of the docker backend: the same moto (server extra) as the local
# backend, every dependency held to the harness's Python lock, served the same way (stedi_moto:
# moto with S3 objects streamed from their files, harness/python/stedi_moto).
ARG BASE=debian:bookworm-slim
FROM ${BASE}

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*

COPY ca-bundle.crt /etc/stedi/ca-bundle.crt
ENV PIP_CERT=/etc/stedi/ca-bundle.crt \
    SSL_CERT_FILE=/etc/stedi/ca-bundle.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# pip refuses extras in a constraints file: the lock's `moto[server]==x` becomes `moto==x` there.
COPY requirements.lock /opt/stedi/requirements.lock
RUN python3 -m venv /opt/stedi/venv \
 && sed 's/^\([A-Za-z0-9_.-]*\)\[[^]]*\]/\1/' /opt/stedi/requirements.lock > /opt/stedi/constraints.txt \
 && /opt/stedi/venv/bin/pip install -c /opt/stedi/constraints.txt "$(grep -E '^moto(\[|==)' /opt/stedi/requirements.lock)"

COPY python/ /opt/stedi/python/

ENV PATH=/opt/stedi/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONPATH=/opt/stedi/python \
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
EXPOSE 5000
CMD ["python", "-m", "stedi_moto", "-H", "0.0.0.0", "-p", "5000"]
