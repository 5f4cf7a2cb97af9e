"""What sealing costs: microseconds to seal and open a typical dialog's data, a case summary
and an update, and the size they take sealed.

    .venv/bin/python bench/bench_crypto.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.crypto import Sealer, new_key

SAMPLES = {
    "dialog (16 answers)": json.dumps({"assessment": {"answers": {f"{b}.{q}": "y" for b in
                                                                  range(1, 5) for q in
                                                                  range(1, 5)}, "at": 7}}),
    "case summary": json.dumps({"locale": "kk", "region": "almaty-city", "children": True,
                                "danger_now": False, "contact": "phone",
                                "phone": "+77015550199", "description": "Күйеуім " * 60,
                                "answers": {"1.1": "y"}}, ensure_ascii=False),
    "update (a text)": json.dumps({"update_id": 1, "message": {
        "message_id": 5, "date": 0, "chat": {"id": 700001, "type": "private"},
        "from": {"id": 700001, "is_bot": False, "first_name": "A"}, "text": "Сәлем " * 20}},
        ensure_ascii=False),
}


def per_call(fn, arg, rounds: int = 20_000) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(rounds):
        fn(arg)
    return (time.perf_counter() - start) / rounds * 1e6


def main() -> None:
    sealer = Sealer(new_key())
    print(f"{'value':22} {'bytes':>6} {'sealed':>7} {'seal µs':>8} {'open µs':>8}")
    for name, text in SAMPLES.items():
        sealed = sealer.seal(text)
        print(f"{name:22} {len(text.encode()):6} {len(sealed):7} "
              f"{per_call(sealer.seal, text):8.1f} {per_call(sealer.open, sealed):8.1f}")
    print(f"{'log pseudonym':22} {'':6} {'':7} {per_call(sealer.pseudonym, 712345678):8.1f}")


if __name__ == "__main__":
    main()
