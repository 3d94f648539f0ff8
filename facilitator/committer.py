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
        self._lock = threading.Lock()  # guards the queue and who commits; never held across a commit
        self._committing = False
        self._settled = threading.Event()  # set once the batch under way is settled; a fresh one per batch
        self.batches = 0

    def enqueue(self, pending: Pending) -> Pending:
        with self._lock:
            self._pending.append(pending)
        return pending

    def wait(self, pending: Pending) -> None:
        """Return once `pending` is committed (by this caller or by another one's batch); else SaveFailed.

        One waiter at a time commits everything queued; the others sleep on that batch's event and are
        woken together when it is settled (those queued behind it then elect the next committer). No
        lock is handed from waiter to waiter: under eventlet each such hand-over is a pass of the hub,
        and a burst of a thousand votes used to trickle out its acks one pass at a time (the convoy).
        """
        while not pending.done:
            with self._lock:
                if pending.done:
                    break
                lead = not self._committing
                if lead:
                    self._committing = True
                    batch, self._pending = self._pending, []
                settled = self._settled
            if not lead:
                settled.wait()
                continue
            try:
                self._commit(batch)
            finally:
                for item in batch:  # an interrupted commit (not a failed write) fails its actions, never hangs them
                    if not item.done:
                        item.error, item.done = item.error or SaveFailed("the commit was interrupted"), True
                with self._lock:
                    self._committing = False
                    self._settled = threading.Event()
                settled.set()
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
