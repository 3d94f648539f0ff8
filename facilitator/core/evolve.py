"""Applying recorded events to a forum's state: dispatch only, each event to the apply of its rule's room."""
from __future__ import annotations

from . import people, queue, questions, settings, suggestions, turn, undo, voting
from .events import Event
from .settings import new_forum
from .state import Forum

APPLY = {**people.APPLIES, **queue.APPLIES, **turn.APPLIES, **undo.APPLIES, **questions.APPLIES,
         **settings.APPLIES, **suggestions.APPLIES, **voting.APPLIES}


class ReplayError(Exception):
    """The log does not replay: it names the first event that does not apply."""


def apply(forum: Forum, e: Event) -> None:
    APPLY[type(e)](forum, e)


def replay(events: list[Event]) -> Forum:
    """The forum a log describes (its first event is ForumCreated)."""
    forum = new_forum(events[0])
    for seq, e in enumerate(events[1:], start=2):
        try:
            apply(forum, e)
        except Exception as error:
            raise ReplayError(f"event {seq} ({e.type}) does not apply: {type(error).__name__}: {error}") \
                from error
    return forum
