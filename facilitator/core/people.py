"""The people of a forum: phones that join (P…) and the names they give."""
from __future__ import annotations

from .events import NameSet, ParticipantJoined
from .rules import MAX_NAME, clean_text
from .state import Forum, Person


def join_participant(forum: Forum, now: float, name: str = "") -> list:
    name = clean_text(name or "", "name", MAX_NAME, allow_empty=True)
    return [ParticipantJoined(now, person=f"P{forum.next_id('person')}", name=name)]


def set_name(forum: Forum, now: float, person: str, name: str) -> list:
    name = clean_text(name, "name", MAX_NAME, allow_empty=True)
    if forum.people[person].name == name:
        return []
    return [NameSet(now, person=person, name=name)]


def _participant_joined(forum: Forum, e: ParticipantJoined) -> None:
    forum.people[e.person] = Person(e.person, e.name)
    forum.take_id("person", int(e.person[1:]))


def _name_set(forum: Forum, e: NameSet) -> None:
    forum.people[e.person].name = e.name
    entry = forum.entry_of(e.person)
    if entry:
        entry.label = forum.people[e.person].label


APPLIES = {ParticipantJoined: _participant_joined, NameSet: _name_set}
