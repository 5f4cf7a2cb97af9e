# Qorgau: the bot with its SQLite state in the /data volume and its data key in another,
# /key (or a secret: DATA_KEY_FILE=/run/secrets/qorgau_key), never in /data (README).
# The base image is pinned by digest; README, "Supply chain", says how to move it on.
FROM python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data \
    DATA_KEY_FILE=/key/qorgau.key

# Both folders only the bot's user may enter.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin qorgau \
    && install -d -m 0700 -o qorgau -g qorgau /data /key

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
VOLUME ["/data", "/key"]
STOPSIGNAL SIGTERM
CMD ["qorgau", "run"]
