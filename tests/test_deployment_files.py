"""The Dockerfile and compose.yaml keep what README promises (issue #24): base images pinned by
digest, and the data key given as a file outside the data volume, never in the environment."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = re.compile(r"^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$")


def images() -> list[str]:
    dockerfile = (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "compose.yaml").read_text()
    return (re.findall(r"^FROM\s+(\S+)", dockerfile, re.M)
            + re.findall(r"^\s+image:\s*(\S+)", compose, re.M))


def test_every_base_image_is_pinned_by_digest() -> None:
    found = images()
    assert len(found) >= 3  # python, postgres, redis
    assert [image for image in found if not PINNED.match(image)] == []


def test_the_key_is_a_file_away_from_the_data() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    key_file = re.search(r"DATA_KEY_FILE=(\S+)", dockerfile)
    data_dir = re.search(r"DATA_DIR=(\S+)", dockerfile)
    assert key_file and data_dir
    assert not Path(key_file[1]).is_relative_to(data_dir[1])
    compose = (ROOT / "compose.yaml").read_text()
    assert "DATA_KEY_FILE: /run/secrets/qorgau_key" in compose
    assert not re.search(r"^\s+DATA_KEY:", compose, re.M)  # env shows in `docker inspect`
