"""The speaking queue: its policy (fair or first-in-first-out), hands, walk-ins, moves and removals.

The policy is applied when a decision is made, and the result is recorded: a new entry's `position`,
a re-sort's `order`. Replaying a log never asks the policy again, so changing the policy here never
reorders a forum that already happened.
"""
from __future__ import annotations

from .errors import N_, N_plural, Refused
from .events import (AllHandsLowered, EntryLangSet, EntryMoved, EntryRemoved, HandLowered, HandRaised, QueueSet,
                     QueueSorted, SpeakerAdded)
from .fairness import has_spoken_on, talk_seconds, turns_on
from .rules import MAX_LABEL, clean_lang, clean_text
from .state import Entry, Forum, Person


# ---- the policy ------------------------------------------------------------------------------------

def sort_key(forum: Forum, entry: Entry, now: float, policy: str | None = None,
             question: int | None = None) -> tuple:
    """Fair order: first-timers on the question first, then the fewest seconds spoken, then arrival."""
    if (policy or forum.settings.policy) == "fifo":
        return (entry.seq,)
    spoken = has_spoken_on(forum, entry.person, forum.question if question is None else question)
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


def sorted_queue(forum: Forum, now: float, policy: str | None = None, question: int | None = None) -> list:
    """A QueueSorted event if the policy (on `question`) orders the queue otherwise than it stands."""
    order = [e.id for e in sorted(forum.queue, key=lambda e: sort_key(forum, e, now, policy, question))]
    return [QueueSorted(now, order=order)] if order != [e.id for e in forum.queue] else []


def position(forum: Forum, person: str) -> int | None:
    """1-based place of the person's entry in the queue, or None."""
    for index, entry in enumerate(forum.queue):
        if entry.person == person:
            return index + 1
    return None


def is_first_time(forum: Forum, person: str) -> bool:
    """Whether the person has not yet spoken on the current question."""
    return not has_spoken_on(forum, person, forum.question)


QUEUE_CLOSED = N_("The moderator has closed the queue for this question: no new hands.")
TURN_LIMIT = N_plural("You have had your turn on this question: each person may have %(count)s turn per question.",
                      "You have had your turns on this question: each person may have %(count)s turns per "
                      "question.", "count")
# Why the moderator took a phone's hand out of the queue (the phone is told).
REMOVED, ALL_LOWERED = "removed", "all_lowered"


def hand_blocked(forum: Forum, person: str) -> str | None:
    """Why the person could not raise a hand now: `queue_closed`, `turn_limit`, or None."""
    if not forum.queue_open():
        return "queue_closed"
    cap = forum.settings.max_turns
    if cap and turns_on(forum, person, forum.question) >= cap:
        return "turn_limit"
    return None


# ---- decisions -------------------------------------------------------------------------------------

def raise_hand(forum: Forum, now: float, person: str, lang: str | None = None) -> list:
    lang = clean_lang(lang)
    if forum.speaking(person):
        raise Refused(N_("You have the floor now."))
    entry = forum.entry_of(person)
    if entry:
        return [EntryLangSet(now, entry_id=entry.id, lang=lang)] if lang and lang != entry.lang else []
    blocked = hand_blocked(forum, person)
    if blocked == "queue_closed":
        raise Refused(QUEUE_CLOSED)
    if blocked == "turn_limit":
        raise Refused(TURN_LIMIT, count=forum.settings.max_turns)
    return [_enqueued(HandRaised, forum, now, person, forum.people[person].label, lang)]


def lower_hand(forum: Forum, now: float, person: str) -> list:
    entry = forum.entry_of(person)
    return [HandLowered(now, entry_id=entry.id)] if entry else []


def add_speaker(forum: Forum, now: float, label: str, lang: str | None = None) -> list:
    """A walk-in without a phone; the same label is the same person across the forum."""
    label = clean_text(label, "label", MAX_LABEL)
    lang = clean_lang(lang)
    person = forum.walk_ins.get(label.casefold())
    if person and forum.entry_of(person):
        raise Refused(N_("'%(label)s' is already in the queue."), label=label)
    if person and forum.speaking(person):
        raise Refused(N_("'%(label)s' has the floor now."), label=label)
    return [_enqueued(SpeakerAdded, forum, now, person or f"W{forum.next_id('walk_in')}", label, lang)]


def _enqueued(kind, forum: Forum, now: float, person: str, label: str, lang: str):
    entry_id = forum.next_id("entry")
    entry = Entry(entry_id, person, label, lang, now, entry_id)
    return kind(now, entry_id=entry_id, person=person, label=label, lang=lang,
                position=insert_position(forum, entry, now))


def remove_entry(forum: Forum, now: float, entry_id: int) -> list:
    queued(forum, entry_id)
    return [EntryRemoved(now, entry_id=entry_id)]


def lower_all(forum: Forum, now: float) -> list:
    """Empty the queue (OpenSlides' "remove all speakers"); the current turn goes on; undoable."""
    if not forum.queue:
        raise Refused(N_("The queue is empty."))
    return [AllHandsLowered(now, entry_ids=[e.id for e in forum.queue])]


def set_queue_open(forum: Forum, now: float, open_: bool) -> list:
    """Open or close the current question's queue to new hands (the moderator can still add people)."""
    return [] if forum.queue_open() == open_ else [QueueSet(now, question=forum.question, open=open_)]


def move_entry(forum: Forum, now: float, entry_id: int, delta: int) -> list:
    entry = queued(forum, entry_id)
    index = forum.queue.index(entry)
    target = max(0, min(len(forum.queue) - 1, index + delta))
    if target == index:
        raise Refused(N_("That entry cannot move further."))
    return [EntryMoved(now, entry_id=entry_id, delta=target - index)]


def queued(forum: Forum, entry_id: int) -> Entry:
    entry = forum.entry(entry_id)
    if entry is None:
        raise Refused(N_("Entry %(id)s is not in the queue."), id=entry_id)
    return entry


# ---- how the events apply --------------------------------------------------------------------------

def _hand_raised(forum: Forum, e: HandRaised) -> None:
    _enqueue(forum, e)
    forum.hands_taken.pop(e.person, None)


def _speaker_added(forum: Forum, e: SpeakerAdded) -> None:
    if e.person not in forum.people:
        forum.people[e.person] = Person(e.person, e.label, walk_in=True)
        forum.walk_ins[e.label.casefold()] = e.person
        forum.take_id("walk_in", int(e.person[1:]))
    _enqueue(forum, e)
    forum.remember("SpeakerAdded", entry_id=e.entry_id)


def _enqueue(forum: Forum, e: HandRaised | SpeakerAdded) -> None:
    if forum.entry_of(e.person) or forum.speaking(e.person):
        raise ValueError(f"{e.person} is in the queue or has the floor already")
    forum.take_id("entry", e.entry_id)
    forum.queue.insert(e.position, Entry(e.entry_id, e.person, e.label, e.lang, e.at, e.entry_id))
    forum.hand_langs[e.entry_id] = (e.lang, forum.question)


def _entry_lang_set(forum: Forum, e: EntryLangSet) -> None:
    forum.entry(e.entry_id).lang = e.lang
    forum.hand_langs[e.entry_id] = (e.lang, forum.hand_langs.get(e.entry_id, ("", forum.question))[1])


def _hand_lowered(forum: Forum, e: HandLowered) -> None:
    forum.queue.remove(forum.entry(e.entry_id))


def _entry_removed(forum: Forum, e: EntryRemoved) -> None:
    entry = forum.entry(e.entry_id)
    index = forum.queue.index(entry)
    forum.queue.remove(entry)
    taken = forum.hands_taken.get(entry.person)
    if not forum.people[entry.person].walk_in:
        forum.hands_taken[entry.person] = REMOVED
    forum.remember("EntryRemoved", entry=entry, index=index, taken=taken)


def _all_hands_lowered(forum: Forum, e: AllHandsLowered) -> None:
    entries = [forum.entry(i) for i in e.entry_ids]
    if None in entries or len(entries) != len(forum.queue):
        raise ValueError(f"{e.entry_ids} are not the queue's entries {[x.id for x in forum.queue]}")
    forum.queue.clear()
    taken = {x.person: forum.hands_taken.get(x.person) for x in entries}
    for entry in entries:
        if not forum.people[entry.person].walk_in:
            forum.hands_taken[entry.person] = ALL_LOWERED
    forum.remember("AllHandsLowered", entries=entries, taken=taken)


def _queue_set(forum: Forum, e: QueueSet) -> None:
    (forum.queue_closed.discard if e.open else forum.queue_closed.add)(e.question)


def _entry_moved(forum: Forum, e: EntryMoved) -> None:
    move(forum, e.entry_id, e.delta)
    forum.remember("EntryMoved", entry_id=e.entry_id, delta=e.delta)


def move(forum: Forum, entry_id: int, delta: int) -> None:
    entry = forum.entry(entry_id)
    index = forum.queue.index(entry)
    forum.queue.pop(index)
    forum.queue.insert(max(0, min(len(forum.queue), index + delta)), entry)


def _queue_sorted(forum: Forum, e: QueueSorted) -> None:
    by_id = {entry.id: entry for entry in forum.queue}
    if sorted(by_id) != sorted(e.order):
        raise ValueError(f"the order {e.order} does not name the queue's entries {sorted(by_id)}")
    forum.queue[:] = [by_id[i] for i in e.order]


def give_back(forum: Forum, person: str, taken: str | None) -> None:
    """Undo of a removal: the phone is no longer told that its hand was taken (or is told the earlier reason)."""
    if taken:
        forum.hands_taken[person] = taken
    else:
        forum.hands_taken.pop(person, None)


APPLIES = {HandRaised: _hand_raised, SpeakerAdded: _speaker_added, EntryLangSet: _entry_lang_set,
           HandLowered: _hand_lowered, EntryRemoved: _entry_removed, EntryMoved: _entry_moved,
           QueueSorted: _queue_sorted, AllHandsLowered: _all_hands_lowered, QueueSet: _queue_set}
