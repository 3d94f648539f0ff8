"""Decisions about the floor: hands, the queue, turns, questions. Each returns the events to record."""
from __future__ import annotations

from .errors import N_, Refused
from .fairness import has_spoken_on
from .queue import position
from .rules import MAX_LABEL, MAX_NAME, clean_lang, clean_text
from .state import Forum
from .talktime import INTERPRETING, PAUSED, SPEAKING


def event(kind: str, now: float, **fields) -> dict:
    return {"type": kind, "at": now, **fields}


def join_participant(forum: Forum, now: float, name: str = "") -> list[dict]:
    name = clean_text(name or "", "name", MAX_NAME, allow_empty=True)
    return [event("ParticipantJoined", now, person=f"P{forum.next_id('person')}", name=name)]


def set_name(forum: Forum, now: float, person: str, name: str) -> list[dict]:
    name = clean_text(name, "name", MAX_NAME, allow_empty=True)
    if forum.people[person].name == name:
        return []
    return [event("NameSet", now, person=person, name=name)]


def raise_hand(forum: Forum, now: float, person: str, lang: str | None = None) -> list[dict]:
    lang = clean_lang(lang)
    if forum.turn and forum.turn.entry.person == person:
        raise Refused(N_("You have the floor now."))
    entry = forum.entry_of(person)
    if entry:
        return [event("EntryLangSet", now, entry_id=entry.id, lang=lang)] if lang and lang != entry.lang else []
    return [event("HandRaised", now, entry_id=forum.next_id("entry"), person=person,
                  label=forum.people[person].label, lang=lang)]


def lower_hand(forum: Forum, now: float, person: str) -> list[dict]:
    entry = forum.entry_of(person)
    return [event("HandLowered", now, entry_id=entry.id)] if entry else []


def add_speaker(forum: Forum, now: float, label: str, lang: str | None = None) -> list[dict]:
    """A walk-in without a phone; the same label is the same person across the forum."""
    label = clean_text(label, "label", MAX_LABEL)
    lang = clean_lang(lang)
    person = forum.walk_ins.get(label.casefold())
    if person and forum.entry_of(person):
        raise Refused(N_("'%(label)s' is already in the queue."), label=label)
    if person and forum.turn and forum.turn.entry.person == person:
        raise Refused(N_("'%(label)s' has the floor now."), label=label)
    return [event("SpeakerAdded", now, entry_id=forum.next_id("entry"),
                  person=person or f"W{forum.next_id('walk_in')}", label=label, lang=lang)]


def remove_entry(forum: Forum, now: float, entry_id: int) -> list[dict]:
    _queued(forum, entry_id)
    return [event("EntryRemoved", now, entry_id=entry_id)]


def move_entry(forum: Forum, now: float, entry_id: int, delta: int) -> list[dict]:
    entry = _queued(forum, entry_id)
    index = forum.queue.index(entry)
    target = max(0, min(len(forum.queue) - 1, index + delta))
    if target == index:
        raise Refused(N_("That entry cannot move further."))
    return [event("EntryMoved", now, entry_id=entry_id, delta=target - index)]


def next_speaker(forum: Forum, now: float) -> list[dict]:
    """End the current turn and give the floor to the head of the queue."""
    if forum.queue:
        return [event("TurnStarted", now, entry_id=forum.queue[0].id)]
    return [event("TurnEnded", now)] if forum.turn else []


def start_turn(forum: Forum, now: float, entry_id: int | None = None) -> list[dict]:
    if entry_id is None:
        if not forum.queue:
            raise Refused(N_("The queue is empty."))
        entry_id = forum.queue[0].id
    _queued(forum, entry_id)
    return [event("TurnStarted", now, entry_id=entry_id)]


def set_mode(forum: Forum, now: float, mode: str) -> list[dict]:
    """Pause, resume, or hand the turn to the interpreter (not charged as talk time)."""
    turn = _current(forum)
    if turn.mode == mode:
        return []
    if mode not in (SPEAKING, PAUSED, INTERPRETING):
        raise Refused(N_("Unknown turn mode '%(mode)s'."), mode=mode)
    return [event("TurnModeSet", now, mode=mode)]


def reset_timer(forum: Forum, now: float) -> list[dict]:
    _current(forum)
    return [event("TimerReset", now)]


def end_turn(forum: Forum, now: float) -> list[dict]:
    _current(forum)
    return [event("TurnEnded", now)]


def undo(forum: Forum, now: float) -> list[dict]:
    """Take back the last queue or turn action of the moderator."""
    if not forum.undo_stack:
        raise Refused(N_("There is nothing to undo."))
    kind, data = forum.undo_stack[-1]
    _check_undoable(forum, kind, data)
    return [event("Undone", now, undone=kind)]


def _check_undoable(forum: Forum, kind: str, data: dict) -> None:
    if kind == "EntryRemoved" and (forum.entry_of(data["entry"].person) or _speaking(forum, data["entry"].person)):
        raise Refused(N_("Cannot undo the removal: that person is back in the queue or speaking."))
    if kind == "TurnEnded" and forum.turn:
        raise Refused(N_("Cannot undo ending the turn while someone else has the floor."))
    if kind == "TurnStarted" and data.get("previous") and forum.entry_of(data["previous"].entry.person):
        raise Refused(N_("Cannot undo: the previous speaker has raised a hand again."))


def set_question(forum: Forum, now: float, index: int) -> list[dict]:
    if not 0 <= index < len(forum.questions):
        raise Refused(N_("There is no question %(number)s; this forum has %(count)s."), number=index + 1,
                      count=len(forum.questions))
    if index == forum.question:
        return []
    return [event("QuestionSet", now, index=index)]


def first_timers_round(forum: Forum, now: float, on: bool) -> list[dict]:
    if forum.first_timers_round == on:
        return []
    return [event("FirstTimersRoundSet", now, on=on)]


def is_first_time(forum: Forum, person: str) -> bool:
    return not has_spoken_on(forum, person, forum.question)


def queue_position(forum: Forum, person: str) -> int | None:
    return position(forum, person)


def _queued(forum: Forum, entry_id: int):
    entry = forum.entry(entry_id)
    if entry is None:
        raise Refused(N_("Entry %(id)s is not in the queue."), id=entry_id)
    return entry


def _current(forum: Forum):
    if forum.turn is None:
        raise Refused(N_("Nobody has the floor."))
    return forum.turn


def _speaking(forum: Forum, person: str) -> bool:
    return bool(forum.turn and forum.turn.entry.person == person)
