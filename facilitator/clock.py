"""The server's clock, and its heartbeat: when each forum was last served, so a restart knows the downtime."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable, Iterable


class ServerClock:
    """Seconds since the epoch that never go backwards while the process runs."""

    def __init__(self) -> None:
        self._wall = time.time()
        self._mono = time.monotonic()

    def __call__(self) -> float:
        return self._wall + (time.monotonic() - self._mono)


class Heartbeat:
    """A small file saying, for every forum this server holds, when it was last known to be serving it.

    Written twice a second (no fsync: a killed process leaves the page cache behind). On start,
    the previous run's file says when each forum's server went down: a turn that was running then
    resumes paused from that moment, so the downtime is never charged as talk time.
    """

    def __init__(self, path: Path | None, clock: Callable[[], float]):
        self.path, self.clock = path, clock
        self.previous: dict[str, float] = self._read()
        self._alive = dict(self.previous)

    def last_alive(self, code: str) -> float | None:
        """When the previous run was last known to be serving forum `code`; None if it was not."""
        return self.previous.get(code)

    def beat(self, codes: Iterable[str]) -> None:
        """Note that the forums `codes` are being served now (forums not served keep their last time)."""
        now = self.clock()
        self._alive.update((code, now) for code in codes)
        if self.path is None:
            return
        temporary = self.path.with_suffix(".tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w") as out:
                json.dump({"alive": self._alive}, out)
            os.replace(temporary, self.path)
        except OSError:  # a full disk or a removed data dir: the next beat tries again
            pass

    def forget(self, code: str) -> None:
        self.previous.pop(code, None)
        self._alive.pop(code, None)

    def _read(self) -> dict[str, float]:
        if self.path is None:
            return {}
        try:
            alive = json.loads(self.path.read_text()).get("alive", {})
            return {str(code): float(at) for code, at in alive.items()}
        except (OSError, ValueError, AttributeError, TypeError):
            return {}


def keep_beating(sleep: Callable[[float], None], beat: Callable[[], None], interval: float) -> None:
    """The heartbeat's loop, run as a background task."""
    while True:
        beat()
        sleep(interval)


def once(start: Callable[[], object]) -> Callable[[], None]:
    """`start`, called the first time only (the heartbeat's loop is started once)."""
    started = []

    def call() -> None:
        if not started:
            started.append(True)
            start()
    return call
