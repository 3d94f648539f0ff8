"""Ending the forum, and when it is over: then its join link shows what became of it ("you said, we did").

A forum is over once the moderator has ended it, or once the core team has written recommendations
for it and its live floor has been quiet for QUIET_S (a moderator may forget to press "End").
Ending stops the running turn and closes the closing round; phones can no longer raise a hand,
suggest, vote or answer. The moderator can reopen a forum ended by mistake.
"""
from __future__ import annotations

from . import closing_round
from .errors import N_, Refused
from .events import ForumEnded, ForumReopened, TurnEnded
from .state import Forum

QUIET_S = 6 * 3600


def end(forum: Forum, now: float) -> list:
    if forum.ended_at is not None:
        return []
    events = [TurnEnded(now)] if forum.turn else []
    return events + closing_round.set_open(forum, now, False) + [ForumEnded(now)]


def reopen(forum: Forum, now: float) -> list:
    return [ForumReopened(now)] if forum.ended_at is not None else []


def is_over(forum: Forum, now: float) -> bool:
    """Whether the join link shows the forum's outcome instead of the live floor."""
    if forum.ended_at is not None:
        return True
    return bool(forum.recommendations) and now - max(forum.floor_at, forum.created_at) >= QUIET_S


def refuse_if_ended(forum: Forum) -> None:
    """Phones' input (hands, suggestions, votes, answers) stops when the forum ends."""
    if forum.ended_at is not None:
        raise Refused(N_("The forum has ended."))


def _ended(forum: Forum, e: ForumEnded) -> None:
    forum.ended_at = e.at


def _reopened(forum: Forum, e: ForumReopened) -> None:
    forum.ended_at = None


APPLIES = {ForumEnded: _ended, ForumReopened: _reopened}
