# The Glue container of the docker backend: Java 17, Python 3.11 (Debian bookworm's python3),
# PySpark and the rest of the harness's Python lock, the pinned jars, and the harness's awsglue
# layer with its job server behind a TCP bridge. Built by `stedi images build` from Debian's
# package mirror, PyPI and a build context the harness assembles (no image registry needed);
# BASE is debian:bookworm-slim when it can be pulled, else a debootstrap-made base.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

# openjdk's post-install links man pages: slim bases drop /usr/share/man/man1.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless python3 python3-venv procps \
 && rm -rf /var/lib/apt/lists/*

# The CA bundle of the machine that builds (a proxy with TLS inspection included): pip verifies
# PyPI against it. An input of the image's content hash.
COPY ca-bundle.crt /etc/stedi/ca-bundle.crt
ENV PIP_CERT=/etc/stedi/ca-bundle.crt \
    SSL_CERT_FILE=/etc/stedi/ca-bundle.crt \
    REQUESTS_CA_BUNDLE=/etc/stedi/ca-bundle.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

COPY requirements.lock /opt/stedi/requirements.lock
RUN python3 -m venv /opt/stedi/venv \
 && /opt/stedi/venv/bin/pip install -r /opt/stedi/requirements.lock

# The jars, copied from the host's verified cache by the harness, checked again against the pins.
COPY jars/ /opt/stedi/jars/
RUN cd /opt/stedi/jars && sha1sum -c jars.sha1

ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    PATH=/opt/stedi/venv/bin:$PATH \
    PYSPARK_PYTHON=/opt/stedi/venv/bin/python \
    PYSPARK_DRIVER_PYTHON=/opt/stedi/venv/bin/python \
    PYTHONPATH=/opt/stedi/python \
    PYTHONUNBUFFERED=1 \
    SPARK_LOCAL_IP=127.0.0.1 \
    AWS_CONFIG_FILE=/dev/null \
    AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_CREDENTIAL_PROFILES_FILE=/dev/null \
    AWS_EC2_METADATA_DISABLED=true

# Last: the layer that changes most often rebuilds in seconds.
COPY python/ /opt/stedi/python/
COPY job-bridge.py /opt/stedi/job-bridge.py
RUN java -version 2>&1 | head -1 && python -c "import sys, pyspark; assert sys.version_info[:2] == (3, 11), sys.version; print('python', sys.version.split()[0], 'pyspark', pyspark.__version__)"

WORKDIR /tmp
EXPOSE 7070
CMD ["python", "/opt/stedi/job-bridge.py", "--port", "7070"]
