# Qorgau: the bot with its SQLite state in the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin qorgau \
    && mkdir /data && chown qorgau:qorgau /data

WORKDIR /app
# Dependencies only from the hashed lock (build requirements included); then the app itself,
# with nothing more fetched.
COPY requirements/runtime.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY texts ./texts
COPY storage ./storage
RUN pip install --no-cache-dir --no-deps --no-build-isolation .

USER 10001:10001
VOLUME ["/data"]
STOPSIGNAL SIGTERM
CMD ["qorgau", "run"]
