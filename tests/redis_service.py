"""The local Redis the scale-path tests use (127.0.0.1:6379, or QORGAU_TEST_REDIS_URL).

Without a Redis answering, those tests are skipped on a developer's machine and fail in CI
(CI=true), where the scale path must be tested."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest

DEFAULT = "redis://127.0.0.1:6379/15"  # a database of its own, away from anything else


def redis_url() -> str:
    return os.environ.get("QORGAU_TEST_REDIS_URL", DEFAULT)


def require_redis() -> None:
    url = urlparse(redis_url())
    try:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail(f"no Redis answers at {redis_url()}: CI must test the scale path")
        pytest.skip(f"no Redis answers at {redis_url()}")
