"""Applying recorded events to a forum's state: dispatch only, each event to the apply of its rule's room."""
from __future__ import annotations

from . import (closing_round, ending, newsletter, people, queue, questions, recommendations, settings, suggestions,
               turn, undo, voting)
from .events import Event, FollowUp, QuestionTranslated, ServerRestarted, SuggestionTranslated
from .settings import new_forum
from .state import Forum

APPLY = {**people.APPLIES, **queue.APPLIES, **turn.APPLIES, **undo.APPLIES, **questions.APPLIES,
         **settings.APPLIES, **suggestions.APPLIES, **voting.APPLIES, **closing_round.APPLIES, **ending.APPLIES,
         **recommendations.APPLIES, **newsletter.APPLIES}
# Not the live floor: the follow-up, translations (also typed after the night), the server's own restarts.
NOT_FLOOR = (FollowUp, ServerRestarted, QuestionTranslated, SuggestionTranslated)


class ReplayError(Exception):
    """The log does not replay: it names the first event that does not apply."""


def apply(forum: Forum, e: Event) -> None:
    APPLY[type(e)](forum, e)
    if not isinstance(e, NOT_FLOOR):
        forum.floor_at = e.at


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
