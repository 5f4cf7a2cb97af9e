"""What the database keeps per person who finished the pre-assessment (issue #25: ≤ 1 MB per
1,000 people).

PEOPLE people each write /start and answer all the questions, through the real app
(build_app: middlewares, router tree, SQLite storage, sealing) with the Bot API answered in
process, as bench_dispatch.py does; with --process, the real `python -m bot run` against the
stand-in Bot API instead (slower: it also stores and deletes each update in the inbox). Then
the WAL is checkpointed, the file VACUUMed, and the bytes per 1,000 people printed, by table
and index (SQLite's dbstat), twice: as the dialogs leave them, and after the chat log's 48
hours have passed (its ids are transient: quick exit needs them only while Telegram still
lets a bot delete the messages).

    .venv/bin/python bench/bench_storage_per_person.py [--people 1000] [--process]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_ARGV, sys.argv = sys.argv, sys.argv[:1]  # bench_dispatch reads its own arguments on import
from bench.bench_dispatch import TOKEN, answer_in_process, feed, press, text  # noqa: E402

sys.argv = _ARGV
from bench.bench_load import ANSWERS, Load, start_bot  # noqa: E402
from bot.app import build_app  # noqa: E402
from bot.assessment.callbacks import AnswerPress, QuestionAction, QuestionPress  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from sandbox.fakeapi import running_in_thread  # noqa: E402
from storage.crypto import new_key  # noqa: E402

FIRST_USER = 7_000_000_000  # ids as large as Telegram's newest, so they are stored as wide


async def finish_assessments(path: Path, people: int) -> dict[str, int]:
    """Every person finishes the check; returns the rows of each table it left."""
    settings = load_settings(bot_token=TOKEN, telegram_api_url="http://127.0.0.1:9",
                             database_url=f"sqlite:///{path}", flood_burst=10**9,
                             log_level="WARNING", data_dir=path.parent, data_key=new_key())
    app = await build_app(settings)
    app.bot.session.make_request = answer_in_process  # type: ignore[method-assign]
    questions = len(app.dp["content"].assessment.criteria)

    async def person(user_id: int) -> None:
        await feed(app, text(user_id, "/start"))
        await feed(app, press(user_id, QuestionPress(q=0, act=QuestionAction.START).pack()))
        for position in range(questions):
            await feed(app, press(user_id, AnswerPress(q=position, v="y" if position % 3 else "n")
                                  .pack()))

    users = range(FIRST_USER, FIRST_USER + people)
    for start in range(0, people, 100):  # a hundred at a time, as people come
        await asyncio.gather(*(person(u) for u in users[start:start + 100]))
    await app.close()
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def compacted(path: Path) -> tuple[int, dict[str, int]]:
    """The file's size once the WAL is folded in and free pages dropped, and bytes per table
    or index (dbstat: pages in use, with their unused space)."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"  (the file: {path.stat().st_size:,} bytes before VACUUM)")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
    finally:
        db.close()
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0), sizes


def after_48_hours(path: Path) -> None:
    """What the retention purge leaves once the chat log's window has passed (storage.chat_log:
    purge_expired), without waiting two days: the same statements."""
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO chat_undeletable (chat_id) SELECT DISTINCT chat_id"
                   " FROM chat_messages WHERE 1 ON CONFLICT (chat_id) DO NOTHING")
        db.execute("DELETE FROM chat_messages")


def report(title: str, total: int, sizes: dict[str, int], rows: dict[str, int],
           people: int, empty: tuple[int, dict[str, int]]) -> None:
    """Bytes per 1,000 people: the whole file, and beyond what an empty database takes (a
    page for each table and index, whoever uses the bot)."""
    per = 1000 / people
    print(f"{title}: {total * per / 1e6:.3f} MB per 1,000 people ({total:,} bytes in all; "
          f"{(total - empty[0]) * per / 1e6:.3f} MB beyond an empty database's "
          f"{empty[0] / 1e3:.0f} kB)")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        grown = size - empty[1].get(name, 0)
        if grown > 0:
            count = f", {rows[name] / people:.1f} rows a person" if rows.get(name) else ""
            print(f"  {name:34} {grown * per / 1e3:8.1f} kB{count}")


def finish_in_the_real_process(path: Path, people: int) -> dict[str, int]:
    """The same, by `python -m bot run` against the stand-in Bot API, a hundred at a time."""
    with running_in_thread() as server:
        tg = server.tg
        bot = start_bot(ROOT, server.url, tg.token, path.parent, count=False)
        try:
            tg.wait_polling(timeout=120)
            load = Load(tg, 0)
            for start in range(FIRST_USER, FIRST_USER + people, 100):
                load.users = list(range(start, min(start + 100, FIRST_USER + people)))
                load.setup()  # /start and "start the check"
                for position in range(ANSWERS):
                    queries = [tg.press(u, load.screen_id(u), f"a:{position}:y")
                               for u in load.users]
                    tg.wait_for(lambda q=queries: all(x in load.answered for x in q), 120)
        finally:
            bot.terminate()
            bot.wait(30)
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--process", action="store_true", help="the real bot process")
    args = parser.parse_args()
    people = args.people
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "empty").mkdir()
        await finish_assessments(Path(tmp) / "empty" / "q.db", 0)
        empty = compacted(Path(tmp) / "empty" / "q.db")
        path = Path(tmp) / "q.db"
        rows = finish_in_the_real_process(path, people) if args.process else \
            await finish_assessments(path, people)
        total, sizes = compacted(path)
        print(f"{people} people, each /start and every question answered "
              f"({'the real bot process' if args.process else 'in process'}; page size "
              f"{sqlite3.connect(path).execute('PRAGMA page_size').fetchone()[0]}); "
              "bytes by table and index beyond an empty database's")
        report("as the dialogs leave it", total, sizes, rows, people, empty)
        after_48_hours(path)
        rows["chat_messages"] = 0
        rows["chat_undeletable"] = people
        total, sizes = compacted(path)
        report("after 48 hours (the chat log's ids purged)", total, sizes, rows, people, empty)


if __name__ == "__main__":
    asyncio.run(main())
