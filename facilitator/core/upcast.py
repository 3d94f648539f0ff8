"""Logs of earlier versions, brought to today's events on load.

Version 2 closed suggestions and votes together with VotingSet: it becomes VotingSet and
SuggestionsSet, each recording one of the two (no state is needed for that).

Version 1 (before the event catalogue) recorded a new hand without its place in the queue, and a question switch or a change of
policy without their consequences: replay decided them again. Here they are decided once more, with
the policy as it stood then (frozen below), and recorded as the facts today's log holds, so that a
later change of the policy never reorders an old forum.
"""
from __future__ import annotations

from .evolve import ReplayError, apply
from .events import (LOG_VERSION, Event, HandRaised, QuestionSet, QueueSorted, SettingsUpdated, SpeakerAdded,
                     SuggestionsSet, TurnEnded, VotingSet, from_dict)
from .fairness import has_spoken_on, talk_seconds
from .settings import new_forum
from .state import Entry, Forum


def upcast(log: list[tuple[int, dict]]) -> tuple[list[Event], list[int]]:
    """Typed events of today's version from (version, wire-form dict) pairs, oldest first; and for each
    pair, the index of its first event among them (an old event may become several)."""
    if all(version == LOG_VERSION for version, _ in log):
        return [_typed(seq, d) for seq, (_, d) in enumerate(log, start=1)], list(range(len(log)))
    if all(version >= 2 for version, _ in log):
        return _from_version_2(log)
    forum: Forum | None = None
    out: list[Event] = []
    firsts: list[int] = []
    for seq, (version, d) in enumerate(log, start=1):
        firsts.append(len(out))
        try:
            for e in (_today(forum, d) if version < 2 else [from_dict(d)]):
                forum = _applied(forum, e)
                out.append(e)
                if version < 2:
                    out.extend(_consequences(forum, e))
                for later in _since_version_2(e)[1:] if version < 3 else []:
                    forum = _applied(forum, later)
                    out.append(later)
        except Exception as error:
            raise ReplayError(f"event {seq} ({d.get('type')}) does not apply: {type(error).__name__}: {error}") \
                from error
    return out, firsts


def _from_version_2(log: list[tuple[int, dict]]) -> tuple[list[Event], list[int]]:
    out: list[Event] = []
    firsts: list[int] = []
    for seq, (version, d) in enumerate(log, start=1):
        firsts.append(len(out))
        e = _typed(seq, d)
        out.extend(_since_version_2(e) if version < 3 else [e])
    return out, firsts


def _since_version_2(e: Event) -> list[Event]:
    """Version 2's VotingSet opened or closed suggestions too: today that is two facts."""
    if isinstance(e, VotingSet):
        return [e, SuggestionsSet(e.at, question=e.question, open=e.open)]
    return [e]


def _typed(seq: int, d: dict) -> Event:
    try:
        return from_dict(d)
    except Exception as error:
        raise ReplayError(f"event {seq} ({d.get('type')}) is not one this program knows: {error}") from error


def _applied(forum: Forum | None, e: Event) -> Forum:
    if forum is None:
        return new_forum(e)
    apply(forum, e)
    return forum


def _today(forum: Forum | None, d: dict) -> list[Event]:
    kind = d.get("type")
    if kind in ("HandRaised", "SpeakerAdded"):
        entry = Entry(d["entry_id"], d["person"], d["label"], d["lang"], d["at"], d["entry_id"])
        return [from_dict(dict(d, position=_v1_position(forum, entry)))]
    if kind == "QuestionSet" and forum.turn:
        return [TurnEnded(d["at"]), from_dict(d)]
    return [from_dict(d)]


def _consequences(forum: Forum, e: Event) -> list[Event]:
    """The re-sort version 1 left to replay, applied to `forum` and returned as a recorded fact."""
    if isinstance(e, QuestionSet) or (isinstance(e, SettingsUpdated) and "policy" in e.changes):
        order = [entry.id for entry in sorted(forum.queue, key=lambda entry: _v1_key(forum, entry, e.at))]
        if order != [entry.id for entry in forum.queue]:
            sort = QueueSorted(e.at, order=order)
            apply(forum, sort)
            return [sort]
    return []


def _v1_key(forum: Forum, entry: Entry, now: float) -> tuple:
    """The order of version 1, frozen: first-timers, then fewest seconds, then arrival; or arrival (fifo)."""
    fair = forum.settings.policy != "fifo"
    seconds = round(talk_seconds(forum, entry.person, now), 3) if fair else 0
    return (fair and has_spoken_on(forum, entry.person, forum.question), seconds, entry.seq)


def _v1_position(forum: Forum, entry: Entry) -> int:
    key = _v1_key(forum, entry, entry.raised_at)
    return next((i for i, other in enumerate(forum.queue) if _v1_key(forum, other, entry.raised_at) > key),
                len(forum.queue))
