"""The group commit: actions that arrive while one commit runs are written together in the next one."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable

log = logging.getLogger(__name__)


class SaveFailed(Exception):
    """The action was not saved: its own commit failed, or one it was decided on top of."""


@dataclass(eq=False)
class Pending:
    """An action's events waiting for their commit."""
    live: Any  # the forums.LiveForum the events belong to
    generation: int  # of the forum's memory the action was decided on
    first_seq: int
    events: list
    request_key: str | None
    device: tuple[str, str] | None
    summary: dict | None = None  # of the forum once these events apply (the store keeps it with them)
    done: bool = False
    error: Exception | None = None

    @property
    def forum_id(self) -> int:
        return self.live.id


class Committer:
    """Writes queued actions in batches, one batch at a time, each in one transaction.

    An action whose forum had a save fail in its generation (or a later one) is refused without being
    written: it was decided on memory that held the failed action. A failed batch spoils the
    generation of every forum in it, so the actions queued behind it fail as well.
    """

    def __init__(self, write: Callable[[list[Pending]], None]):
        self._write = write
        self._pending: list[Pending] = []
        self._queue_lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self.batches = 0

    def enqueue(self, pending: Pending) -> Pending:
        with self._queue_lock:
            self._pending.append(pending)
        return pending

    def wait(self, pending: Pending) -> None:
        """Return once `pending` is committed (by this caller or by another one's batch); else SaveFailed."""
        with self._commit_lock:
            if not pending.done:
                with self._queue_lock:
                    batch, self._pending = self._pending, []
                self._commit(batch)
        if pending.error:
            raise SaveFailed() from pending.error

    def _commit(self, batch: list[Pending]) -> None:
        sound = [item for item in batch if item.generation > item.live.spoiled]
        for item in batch:
            if item.generation <= item.live.spoiled:
                item.error = SaveFailed("decided on top of an action whose save failed")
        if len(sound) < len(batch):
            log.error("refused %d actions of forum(s) %s: decided on top of an action whose save failed",
                      len(batch) - len(sound), _codes(p for p in batch if p.error))
        try:
            if sound:
                self._write(sound)
                self.batches += 1
        except Exception as error:  # every action in the batch is refused, none is half-saved
            log.error("could not save %d actions of forum(s) %s: %s", len(sound), _codes(sound), cause(error))
            for item in sound:
                item.error = error
                item.live.spoiled = max(item.live.spoiled, item.generation)
        for item in batch:
            item.done = True


def _codes(items) -> str:
    return ", ".join(sorted({item.live.state.code for item in items}))


def cause(error: BaseException) -> str:
    """What went wrong, without the statement's parameters (they may hold what people typed)."""
    inner = getattr(error, "orig", None) or error
    return f"{type(inner).__name__}: {inner}"
