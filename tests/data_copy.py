"""A copy of a bot's data as someone with a backup, the server's disk or a database dump would
have it, and the forms a Telegram id takes in it: for tests that look for a person there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from tests.harness import BotProcess

PG_DUMP = "pg_dump"


def encodings_of(user_id: int) -> list[bytes]:
    """How an id can sit in the data: as text (JSON, a dump), or as a SQLite record integer
    (big-endian, in as few of 1, 2, 3, 4, 6 or 8 bytes as hold it; all of them from 4 up)."""
    forms = [str(user_id).encode()]
    forms += [user_id.to_bytes(n, "big", signed=True) for n in (4, 6, 8)
              if -(1 << (8 * n - 1)) <= user_id < 1 << (8 * n - 1)]
    return forms


def sqlite_files(bot: BotProcess, into: Path) -> bytes:
    """The database, its WAL and shared-memory file, copied as a backup would copy them."""
    into.mkdir(parents=True)
    data = b""
    assert isinstance(bot.database, Path)
    for suffix in ("", "-wal", "-shm"):
        source = bot.database.with_name(bot.database.name + suffix)
        if source.exists():
            shutil.copy(source, into / source.name)
            data += (into / source.name).read_bytes()
    return data


def postgres_dump(url: str) -> bytes:
    """pg_dump of the bot's schema (its URL names it in search_path), schema and rows."""
    parts = urlsplit(url)
    schema = dict(parse_qsl(parts.query)).get("search_path")
    plain_url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    command = [PG_DUMP, "--no-owner", *(("-n", schema) if schema else ()), plain_url]
    done = subprocess.run(command, capture_output=True, timeout=60, check=True)
    return done.stdout


def redis_dump(url: str, prefix: str) -> bytes:
    """Every key under `prefix` and its value, whatever its type, as bytes."""
    from redis import Redis

    redis = Redis.from_url(url)
    out = []
    try:
        for key in redis.scan_iter(match=f"{prefix}*", count=1000):
            out.append(key)
            kind = redis.type(key)
            if kind == b"string":
                out.append(redis.get(key) or b"")
            elif kind == b"set":
                out.extend(redis.smembers(key))
            elif kind == b"hash":
                for field, value in redis.hgetall(key).items():
                    out += [field, value]
            elif kind == b"list":
                out.extend(redis.lrange(key, 0, -1))
            elif kind == b"zset":
                out.extend(m for m, _ in redis.zrange(key, 0, -1, withscores=True))
            else:
                out.append(redis.dump(key) or b"")
    finally:
        redis.close()
    return b"\n".join(out)


def data_copy(bot: BotProcess, into: Path) -> bytes:
    """All the bot keeps: its SQLite files, or a dump of its PostgreSQL schema, and its keys in
    Redis on the scale path (never the key file: that must live elsewhere)."""
    data = sqlite_files(bot, into) if isinstance(bot.database, Path) else \
        postgres_dump(bot.database)
    if bot.redis_url:
        data += redis_dump(bot.redis_url, bot.redis_prefix)
    return data
