"""Undo of the moderator's last queue or turn action (the actions remember what undoing them needs)."""
from __future__ import annotations

from .errors import N_, Refused
from .events import Undone
from .queue import give_back, move
from .state import Forum
from .turn import restore_turn


def undo(forum: Forum, now: float) -> list:
    """Take back the last queue or turn action of the moderator."""
    if not forum.undo_stack:
        raise Refused(N_("There is nothing to undo."))
    kind, data = forum.undo_stack[-1]
    _check_undoable(forum, kind, data)
    return [Undone(now, undone=kind)]


def _check_undoable(forum: Forum, kind: str, data: dict) -> None:
    if kind == "EntryRemoved" and (forum.entry_of(data["entry"].person) or forum.speaking(data["entry"].person)):
        raise Refused(N_("Cannot undo the removal: that person is back in the queue or speaking."))
    if kind == "TurnEnded" and forum.turn:
        raise Refused(N_("Cannot undo ending the turn while someone else has the floor."))
    if kind == "TurnStarted" and data.get("previous") and forum.entry_of(data["previous"].entry.person):
        raise Refused(N_("Cannot undo: the previous speaker has raised a hand again."))


def _undone(forum: Forum, e: Undone) -> None:
    kind, data = forum.undo_stack.pop()
    _RESTORE[kind](forum, data, e.at)


def _undo_added(forum: Forum, data: dict, now: float) -> None:
    entry = forum.entry(data["entry_id"])
    if entry:
        forum.queue.remove(entry)
    forum.hand_langs.pop(data["entry_id"], None)


def _undo_removed(forum: Forum, data: dict, now: float) -> None:
    forum.queue.insert(min(data["index"], len(forum.queue)), data["entry"])
    give_back(forum, data["entry"].person, data.get("taken"))


def _undo_all_lowered(forum: Forum, data: dict, now: float) -> None:
    """The hands come back ahead of any raised since, in their order; someone back in the queue or
    speaking by now keeps the place they have."""
    back = [e for e in data["entries"] if not forum.entry_of(e.person) and not forum.speaking(e.person)]
    forum.queue[:0] = back
    for entry in back:
        give_back(forum, entry.person, data["taken"].get(entry.person))


def _undo_moved(forum: Forum, data: dict, now: float) -> None:
    if forum.entry(data["entry_id"]):
        move(forum, data["entry_id"], -data["delta"])


def _undo_started(forum: Forum, data: dict, now: float) -> None:
    turn, forum.turn = forum.turn, None
    if turn:
        forum.queue.insert(min(data["index"], len(forum.queue)), turn.entry)
    if data["previous"]:
        restore_turn(forum, data["previous"], data["speech"], now)


def _undo_ended(forum: Forum, data: dict, now: float) -> None:
    restore_turn(forum, data["turn"], data["speech"], now)


_RESTORE = {"SpeakerAdded": _undo_added, "EntryRemoved": _undo_removed, "EntryMoved": _undo_moved,
            "TurnStarted": _undo_started, "TurnEnded": _undo_ended, "AllHandsLowered": _undo_all_lowered}
APPLIES = {Undone: _undone}
