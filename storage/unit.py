"""A unit of work: the writes of one update, committed together in one transaction.

While a unit is active (a context variable, so it follows the update's task and nothing else),
`write()` collects statements instead of running them; `commit()` runs them, and the statements
the caller adds last (such as "this inbox row is done"), in one transaction and one commit.
A read through `read_your_writes()` commits what is pending first, so a handler always sees its
own writes. Caches that were updated ahead of the commit register an undo for a rollback.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from storage.engine import Database, Params, Statement

_current: ContextVar[UnitOfWork | None] = ContextVar("qorgau_unit_of_work", default=None)


class UnitOfWork:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._pending: list[Statement] = []
        self._before_commit: dict[object, Callable[[], Sequence[Statement]]] = {}
        self._undo: list[Callable[[], None]] = []
        self._after: list[Callable[[], None]] = []
        self._after_async: dict[object, Callable[[], Awaitable[None]]] = {}
        # State a store keeps for the length of this update (e.g. the Redis dialogs it read and
        # changed), keyed by the store; dropped on a rollback.
        self.local: dict[object, Any] = {}

    def add(self, sql: str, params: Params = ()) -> None:
        self._pending.append((sql, params))

    def before_commit(self, key: object, statements: Callable[[], Sequence[Statement]]) -> None:
        """Statements computed at commit time, once per key (e.g. one upsert per dialog however
        many times the handler changed it)."""
        self._before_commit[key] = statements

    def on_rollback(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run once the writes are committed (e.g. wake the worker that sends a queued row)."""
        self._after.append(callback)

    def after_commit_async(self, key: object, flush: Callable[[], Awaitable[None]]) -> None:
        """Awaited after every commit of this unit, once per key (e.g. write the dialogs this
        update changed to Redis: only once the database has committed the update)."""
        self._after_async[key] = flush

    def _take(self, tail: Sequence[Statement]) -> list[Statement]:
        statements = list(self._pending)
        for make in self._before_commit.values():
            statements.extend(make())
        statements.extend(tail)
        self._pending.clear()
        self._before_commit.clear()
        return statements

    async def commit(self, *tail: Statement,
                     keep: Callable[[Exception], object] | None = None) -> None:
        """`keep(error)` true: the writes are kept for another commit() (the database was
        away a moment) instead of rolled back."""
        statements = self._take(tail)
        try:
            await self.db.run(statements, quick=True)  # an update's writes are by key
        except Exception as exc:
            if keep is not None and keep(exc):
                self._pending = statements
            else:
                self.rollback()
            raise
        except BaseException:
            self.rollback()
            raise
        self._undo.clear()
        after, self._after = self._after, []
        for callback in after:
            callback()
        for flush in list(self._after_async.values()):
            await flush()

    def rollback(self) -> None:
        self._pending.clear()
        self._before_commit.clear()
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()
        self._after.clear()
        self._after_async.clear()
        self.local.clear()

    @property
    def dirty(self) -> bool:
        return bool(self._pending or self._before_commit)


def current() -> UnitOfWork | None:
    return _current.get()


@contextmanager
def active(unit: UnitOfWork) -> Iterator[UnitOfWork]:
    token = _current.set(unit)
    try:
        yield unit
    finally:
        _current.reset(token)


async def write(db: Database, sql: str, params: Params = ()) -> None:
    """Join the current unit of work, or commit at once when there is none."""
    unit = current()
    if unit is not None:
        unit.add(sql, params)
    else:
        await db.execute(sql, params)


async def read_your_writes() -> None:
    """Before a read that must see this update's own writes: commit them."""
    unit = current()
    if unit is not None and unit.dirty:
        await unit.commit()
