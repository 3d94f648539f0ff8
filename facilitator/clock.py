"""The server's clock: monotonic within a run, anchored to the wall clock so it survives restarts."""
from __future__ import annotations

import time


class ServerClock:
    """Seconds since the epoch that never go backwards while the process runs."""

    def __init__(self) -> None:
        self._wall = time.time()
        self._mono = time.monotonic()

    def __call__(self) -> float:
        return self._wall + (time.monotonic() - self._mono)
