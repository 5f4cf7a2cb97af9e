"""The real bot process against the fake Bot API over HTTP: latency of one button press and
throughput with many people at once. Prints numbers; asserts nothing."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.harness import start_bot, start_fake_api
from tests.screens import label

PEOPLE = 200
PRESSES = 100


def main() -> None:
    server = start_fake_api()
    tg = server.tg
    with tempfile.TemporaryDirectory() as tmp:
        bot = start_bot(server, tmp, extra_env={"LOG_LEVEL": "WARNING", "FLOOD_BURST": "100000"})
        try:
            # latency: one person answering questions one after another
            person = tg.user(1, "A", "ru")
            tg.send_text(person, "/start")
            tg.wait_idle()
            yes, menu = label("ru", "btn-yes"), label("ru", "btn-danger-no")
            press_label(tg, 1, menu)
            if label("ru", "btn-trace-skip") in screen(tg, 1).labels:  # first contact's tips
                press_label(tg, 1, label("ru", "btn-trace-skip"))
            press_label(tg, 1, label("ru", "btn-assess"))
            press_label(tg, 1, label("ru", "btn-assess-start"))
            latencies = []
            for _ in range(PRESSES):
                started = time.perf_counter()
                on_question = yes in screen(tg, 1).labels
                press_label(tg, 1, yes if on_question else label("ru", "btn-assess-again"))
                latencies.append((time.perf_counter() - started) * 1000)
            latencies.sort()
            print(f"press -> answered, one person, {PRESSES} presses: "
                  f"p50 {statistics.median(latencies):.1f} ms, "
                  f"p95 {latencies[int(len(latencies) * 0.95)]:.1f} ms")

            # throughput: many people send /start at once
            for uid in range(1000, 1000 + PEOPLE):
                tg.user(uid, "P", "kk")
            started = time.perf_counter()
            for uid in range(1000, 1000 + PEOPLE):
                tg.send_text(uid, "/start")
            tg.wait_for(lambda: all(tg.bot_messages(u) for u in range(1000, 1000 + PEOPLE)),
                        timeout=120)
            elapsed = time.perf_counter() - started
            print(f"{PEOPLE} people send /start at once: all answered in {elapsed:.2f} s "
                  f"({PEOPLE / elapsed:.0f} updates/s)")
        finally:
            bot.stop()
            server.stop()


def screen(tg, chat_id):  # type: ignore[no-untyped-def]
    return [m for m in tg.bot_messages(chat_id) if m.buttons][-1]


def press_label(tg, chat_id: int, text: str) -> None:  # type: ignore[no-untyped-def]
    message = screen(tg, chat_id)
    data = next(b.callback_data for row in message.buttons for b in row if b.text == text)
    query = tg.press(chat_id, message.message_id, data)
    tg.wait_for(lambda: query in tg.callback_answers, timeout=10)


if __name__ == "__main__":
    main()
