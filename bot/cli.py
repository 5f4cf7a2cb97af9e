"""Command line: `python -m bot [run]` runs the bot; `python -m bot sandbox` tries it locally.

Every operator mistake (a missing or malformed setting, an unwritable database, a broken legal
content file) ends with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys

from bot.kit.content import ContentError
from bot.pipeline.aiogram_models import import_aiogram
from bot.settings import SettingsError, load_settings
from storage.crypto import DataKeyError, new_key
from storage.db import DatabaseError

# Container allocations between two collections of the youngest generation (CPython's
# default 700 made a generation-1 pass more than twice a second under load).
YOUNG_THRESHOLD = 10_000

OPERATOR_ERRORS = (SettingsError, ContentError, DatabaseError, DataKeyError)


def _configure_logging(level: str, fmt: str = "text") -> None:
    from bot.pipeline.logs import JsonFormatter, install

    install()  # the allow-list from the first line on (ids hashed once the key is read)
    if fmt == "json":
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logging.basicConfig(level=level, handlers=[handler])
        return
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def settle_heap() -> None:
    """Once started: what start-up built (routers, texts, legal content: most of the heap)
    lives as long as the process, so the garbage collector stops walking it at every full
    collection (gc.freeze); and the young generation is collected less often, as the bot makes
    little cyclic garbage. Under load this was about 7% of the bot's CPU (issue #25)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


async def _run() -> None:
    # Settings first: a mistake is told before aiogram's import (seconds of CPU) is paid for.
    settings = load_settings()
    settings.require_token()
    _configure_logging(settings.log_level, settings.log_format)
    import_aiogram()
    from bot.app import open_app, run

    app = await open_app(settings)
    settle_heap()
    try:
        await run(app)
    finally:
        await app.close()


async def _rekey() -> None:
    from bot.custody import check_custody, sealer_for
    from storage.db import open_database
    from storage.rekey import rekey

    settings = load_settings()
    _configure_logging(settings.log_level)
    check_custody(settings)
    db = open_database(settings.database, sealer_for(settings))
    await db.connect()
    try:
        count = await rekey(db)
    finally:
        await db.close()
    print(f"re-sealed {count} values with DATA_KEY; the keys in DATA_KEYS_OLD open nothing now")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qorgau", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="run",
                        choices=("run", "sandbox", "newkey", "rekey"),
                        help="run: the bot (default); sandbox: chat with it in this terminal; "
                             "newkey: print a new data key; rekey: re-seal the stored data "
                             "with DATA_KEY (the bot stopped, the old key in DATA_KEYS_OLD)")
    parser.add_argument("--lang", choices=("kk", "ru", "en"), default=None,
                        help="sandbox: the Telegram client language of the person you play "
                             "(default: none, so the bot offers a choice)")
    args = parser.parse_args(argv)
    try:
        if args.command == "sandbox":
            import_aiogram()
            from sandbox.terminal import run_sandbox

            asyncio.run(run_sandbox(args.lang))
        elif args.command == "newkey":
            print(new_key())
        elif args.command == "rekey":
            asyncio.run(_rekey())
        else:
            asyncio.run(_run())
    except OPERATOR_ERRORS as exc:
        print(f"qorgau: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the sandbox's output was piped into something that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
