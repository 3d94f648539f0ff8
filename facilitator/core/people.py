"""The people of a forum: phones that join (P…), the names and page languages they give, whether the
forum takes new phones, and how many people the moderator counted in the hall."""
from __future__ import annotations

from .errors import N_, Refused
from .events import AttendanceSet, JoiningSet, NameSet, ParticipantJoined, PhoneLanguageSet
from .rules import MAX_NAME, MAX_PRESENT, PAGE_LANGUAGES, check_range, clean_text
from .state import Forum, Person

JOINING_CLOSED = N_("This forum is not taking new phones now. If you have not joined yet, please ask the "
                    "moderator.")


def join_participant(forum: Forum, now: float, name: str = "", lang: str = "") -> list:
    """A new phone; refused while the moderator has closed joining. `lang` is its page's language."""
    if not forum.joining_open:
        raise Refused(JOINING_CLOSED)
    name = clean_text(name or "", "name", MAX_NAME, allow_empty=True)
    person = f"P{forum.next_id('person')}"
    return [ParticipantJoined(now, person=person, name=name)] + \
        ([PhoneLanguageSet(now, person=person, lang=lang)] if lang in PAGE_LANGUAGES else [])


def set_name(forum: Forum, now: float, person: str, name: str) -> list:
    name = clean_text(name, "name", MAX_NAME, allow_empty=True)
    if forum.people[person].name == name:
        return []
    return [NameSet(now, person=person, name=name)]


def set_phone_language(forum: Forum, now: float, person: str, lang: str) -> list:
    """A known phone rejoins from a page in another language (a language the pages do not speak is not kept)."""
    if lang not in PAGE_LANGUAGES or forum.phone_langs.get(person) == lang:
        return []
    return [PhoneLanguageSet(now, person=person, lang=lang)]


def set_joining(forum: Forum, now: float, open_: bool) -> list:
    return [] if forum.joining_open == open_ else [JoiningSet(now, open=open_)]


def set_attendance(forum: Forum, now: float, present: int) -> list:
    present = check_range(present, N_("The number of people present must be between %(low)s and %(high)s "
                                      "(0: not counted)."), 0, MAX_PRESENT)
    return [] if forum.present == present else [AttendanceSet(now, present=present)]


def phones(forum: Forum) -> list[str]:
    """Every phone that joined (walk-ins are not phones)."""
    return [p.id for p in forum.people.values() if not p.walk_in]


def _participant_joined(forum: Forum, e: ParticipantJoined) -> None:
    forum.people[e.person] = Person(e.person, e.name)
    forum.take_id("person", int(e.person[1:]))


def _name_set(forum: Forum, e: NameSet) -> None:
    forum.people[e.person].name = e.name
    entry = forum.entry_of(e.person)
    if entry:
        entry.label = forum.people[e.person].label


def _phone_language_set(forum: Forum, e: PhoneLanguageSet) -> None:
    if e.person not in forum.people:
        raise ValueError(f"no phone {e.person}")
    forum.phone_langs[e.person] = e.lang


def _joining_set(forum: Forum, e: JoiningSet) -> None:
    forum.joining_open = e.open


def _attendance_set(forum: Forum, e: AttendanceSet) -> None:
    forum.present = e.present


APPLIES = {ParticipantJoined: _participant_joined, NameSet: _name_set, PhoneLanguageSet: _phone_language_set,
           JoiningSet: _joining_set, AttendanceSet: _attendance_set}
