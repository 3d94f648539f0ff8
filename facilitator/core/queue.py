"""The speaking queue's order: the fair policy and first-in-first-out."""
from __future__ import annotations

from .fairness import has_spoken_on, talk_seconds
from .state import Entry, Forum


def sort_key(forum: Forum, entry: Entry, now: float) -> tuple:
    """Fair order: first-timers on this question first, then the fewest seconds spoken, then arrival."""
    if forum.settings.policy == "fifo":
        return (entry.seq,)
    spoken = has_spoken_on(forum, entry.person, forum.question)
    return (spoken, round(talk_seconds(forum, entry.person, now), 3), entry.seq)


def insert_position(forum: Forum, entry: Entry, now: float) -> int:
    """Where a new entry goes: before the first entry the policy ranks after it.

    Manual moves by the moderator are kept: the new entry is slotted in, nothing else is re-sorted.
    """
    key = sort_key(forum, entry, now)
    for index, other in enumerate(forum.queue):
        if sort_key(forum, other, now) > key:
            return index
    return len(forum.queue)


def resort(forum: Forum, now: float) -> None:
    """Re-sort the whole queue by the policy (on a question switch or a policy change)."""
    forum.queue.sort(key=lambda e: sort_key(forum, e, now))


def position(forum: Forum, person: str) -> int | None:
    """1-based place of the person's entry in the queue, or None."""
    for index, entry in enumerate(forum.queue):
        if entry.person == person:
            return index + 1
    return None
