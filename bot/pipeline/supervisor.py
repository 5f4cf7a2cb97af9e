"""Start background workers with the bot, restart one that fails (with back-off and one log
line), and stop them all cleanly. A worker stopped by an outage (the database or Redis away) is
restarted as soon as it may be back, and the outage is told once for every worker
(bot/pipeline/outage.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.pipeline.outage import Outages, dependency_of
from dialogs.loggable import Safe

log = logging.getLogger(__name__)

Worker = Callable[[], Awaitable[None]]


class Supervisor:
    def __init__(self, first_delay: float = 1.0, max_delay: float = 60.0,
                 outages: Outages | None = None) -> None:
        self.outages = outages or Outages()
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self.restarts: dict[str, int] = {}

    def start(self, name: str, worker: Worker) -> None:
        if name in self._tasks:
            raise ValueError(f"worker {name} is already running")
        self.restarts[name] = 0
        self._tasks[name] = asyncio.create_task(self._keep(name, worker), name=name)

    async def _keep(self, name: str, worker: Worker) -> None:
        delay = self.first_delay
        while True:
            try:
                await worker()
                return  # a worker that returns has finished its job
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.restarts[name] += 1
                dependency = dependency_of(exc)
                if dependency is None:
                    log.error("worker %s failed (%s); restarting in %.0f s", Safe(name),
                              exc, delay)
                else:  # not the worker's fault: back when the dependency may be
                    self.outages.failed(dependency, exc)
                    await asyncio.sleep(self.outages.wait_for(dependency))
                    continue
            await asyncio.sleep(delay)
            delay = min(self.max_delay, delay * 2)

    @property
    def running(self) -> list[str]:
        return [name for name, task in self._tasks.items() if not task.done()]

    async def stop(self, patience: float = 5.0) -> None:
        """Cancel every worker; one that does not stop within `patience` seconds is named in
        the log and left behind, so a stuck worker never keeps the process from exiting."""
        for task in self._tasks.values():
            task.cancel()
        if self._tasks:
            _, stuck = await asyncio.wait(self._tasks.values(), timeout=patience)
            for task in stuck:
                log.warning("worker %s did not stop within %.0f s", Safe(task.get_name()),
                            patience)
        self._tasks.clear()
