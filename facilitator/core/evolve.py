"""Applying recorded events to a forum's state: the only place the state changes."""
from __future__ import annotations

from .queue import insert_position, resort
from .rules import UNDO_DEPTH
from .state import Entry, Forum, Person, Settings, Speech, Suggestion
from .talktime import INTERPRETING, PAUSED, Turn, start_turn


def new_forum(created: dict) -> Forum:
    """The state right after ForumCreated."""
    return Forum(code=created["code"], title=created["title"], created_at=created["at"],
                 questions=list(created["questions"]), settings=Settings(**created["settings"]))


class ReplayError(Exception):
    """The log does not replay: it names the first event that does not apply."""


def replay(events: list[dict]) -> Forum:
    forum = new_forum(events[0])
    for seq, e in enumerate(events[1:], start=2):
        try:
            apply(forum, e)
        except Exception as error:
            raise ReplayError(f"event {seq} ({e.get('type')}) does not apply: {type(error).__name__}: {error}") \
                from error
    return forum


def apply(forum: Forum, e: dict) -> None:
    _HANDLERS[e["type"]](forum, e, e["at"])


def _participant_joined(f: Forum, e: dict, now: float) -> None:
    f.people[e["person"]] = Person(e["person"], e["name"])
    f.take_id("person", int(e["person"][1:]))


def _name_set(f: Forum, e: dict, now: float) -> None:
    f.people[e["person"]].name = e["name"]
    entry = f.entry_of(e["person"])
    if entry:
        entry.label = f.people[e["person"]].label


def _enqueue(f: Forum, e: dict, now: float) -> Entry:
    f.take_id("entry", e["entry_id"])
    entry = Entry(e["entry_id"], e["person"], e["label"], e["lang"], now, e["entry_id"])
    f.queue.insert(insert_position(f, entry, now), entry)
    return entry


def _hand_raised(f: Forum, e: dict, now: float) -> None:
    _enqueue(f, e, now)


def _speaker_added(f: Forum, e: dict, now: float) -> None:
    person = e["person"]
    if person not in f.people:
        f.people[person] = Person(person, e["label"], walk_in=True)
        f.walk_ins[e["label"].casefold()] = person
        f.take_id("walk_in", int(person[1:]))
    _enqueue(f, e, now)
    _remember(f, "SpeakerAdded", entry_id=e["entry_id"])


def _entry_lang_set(f: Forum, e: dict, now: float) -> None:
    f.entry(e["entry_id"]).lang = e["lang"]


def _hand_lowered(f: Forum, e: dict, now: float) -> None:
    f.queue.remove(f.entry(e["entry_id"]))


def _entry_removed(f: Forum, e: dict, now: float) -> None:
    entry = f.entry(e["entry_id"])
    index = f.queue.index(entry)
    f.queue.remove(entry)
    _remember(f, "EntryRemoved", entry=entry, index=index)


def _entry_moved(f: Forum, e: dict, now: float) -> None:
    _move(f, e["entry_id"], e["delta"])
    _remember(f, "EntryMoved", entry_id=e["entry_id"], delta=e["delta"])


def _move(f: Forum, entry_id: int, delta: int) -> None:
    entry = f.entry(entry_id)
    index = f.queue.index(entry)
    f.queue.pop(index)
    f.queue.insert(max(0, min(len(f.queue), index + delta)), entry)


def _turn_started(f: Forum, e: dict, now: float) -> None:
    previous = f.turn
    speech = _finish_turn(f, now) if previous else None
    entry = f.entry(e["entry_id"])
    index = f.queue.index(entry)
    f.queue.remove(entry)
    f.turn = start_turn(entry, f.question, now)
    _remember(f, "TurnStarted", index=index, previous=previous, speech=speech)


def _turn_ended(f: Forum, e: dict, now: float) -> None:
    turn = f.turn
    speech = _finish_turn(f, now)
    _remember(f, "TurnEnded", turn=turn, speech=speech)


def _finish_turn(f: Forum, now: float) -> Speech:
    turn, f.turn = f.turn, None
    speech_id = f.next_id("speech")
    f.take_id("speech", speech_id)
    entry = turn.entry
    speech = Speech(speech_id, entry.person, entry.label, entry.lang, turn.question, turn.started_at, now,
                    round(turn.talk_seconds(now), 3), round(turn.seconds(INTERPRETING, now), 3),
                    round(turn.seconds(PAUSED, now), 3), round(turn.started_at - entry.raised_at, 3))
    f.speeches.append(speech)
    return speech


def _turn_mode_set(f: Forum, e: dict, now: float) -> None:
    f.turn.switch(e["mode"], now)


def _server_restarted(f: Forum, e: dict, now: float) -> None:
    """The turn that was running when the server went down is paused from that moment: downtime is not talk."""
    if f.turn and f.turn.mode != PAUSED:
        f.turn.switch(PAUSED, e["down_since"])


def _timer_reset(f: Forum, e: dict, now: float) -> None:
    f.turn.countdown_from = f.turn.talk_seconds(now)


def _undone(f: Forum, e: dict, now: float) -> None:
    kind, data = f.undo_stack.pop()
    _UNDO[kind](f, data, now)


def _undo_added(f: Forum, data: dict, now: float) -> None:
    entry = f.entry(data["entry_id"])
    if entry:
        f.queue.remove(entry)


def _undo_removed(f: Forum, data: dict, now: float) -> None:
    f.queue.insert(min(data["index"], len(f.queue)), data["entry"])


def _undo_moved(f: Forum, data: dict, now: float) -> None:
    if f.entry(data["entry_id"]):
        _move(f, data["entry_id"], -data["delta"])


def _undo_started(f: Forum, data: dict, now: float) -> None:
    turn, f.turn = f.turn, None
    if turn:
        f.queue.insert(min(data["index"], len(f.queue)), turn.entry)
    if data["previous"]:
        _restore_turn(f, data["previous"], data["speech"], now)


def _undo_ended(f: Forum, data: dict, now: float) -> None:
    _restore_turn(f, data["turn"], data["speech"], now)


def _restore_turn(f: Forum, turn: Turn, speech: Speech, now: float) -> None:
    """Give the floor back as it was; the minutes it was wrongly taken away count as a pause."""
    if speech in f.speeches:
        f.speeches.remove(speech)
    mode = turn.mode
    turn.switch(PAUSED, speech.ended_at)
    turn.switch(mode, now)
    f.turn = turn


def _remember(f: Forum, kind: str, **data) -> None:
    f.undo_stack.append((kind, data))
    del f.undo_stack[:-UNDO_DEPTH]


def _question_set(f: Forum, e: dict, now: float) -> None:
    if f.turn:
        _finish_turn(f, now)
    f.question = e["index"]
    f.first_timers_round = False
    f.undo_stack.clear()
    resort(f, now)


def _first_timers_round_set(f: Forum, e: dict, now: float) -> None:
    f.first_timers_round = e["on"]


def _settings_updated(f: Forum, e: dict, now: float) -> None:
    for key, value in e["changes"].items():
        setattr(f.settings, key, value)
    if "policy" in e["changes"]:
        resort(f, now)


def _question_translated(f: Forum, e: dict, now: float) -> None:
    translations = f.question_translations.setdefault(e["index"], {})
    _set_or_drop(translations, e["lang"], e["text"])


def _voting_set(f: Forum, e: dict, now: float) -> None:
    (f.voting_closed.discard if e["open"] else f.voting_closed.add)(e["question"])


def _tallies_revealed(f: Forum, e: dict, now: float) -> None:
    (f.revealed.add if e["revealed"] else f.revealed.discard)(e["question"])


def _suggestion_posted(f: Forum, e: dict, now: float) -> None:
    sid = e["suggestion_id"]
    f.take_id("suggestion", sid)
    f.suggestions[sid] = Suggestion(sid, e["question"], e["person"], e["text"], now, original=e["text"],
                                    approved=e["approved"])
    f.last_suggested_at[e["person"]] = now


def _vote_cast(f: Forum, e: dict, now: float) -> None:
    f.votes.setdefault(e["suggestion_id"], set()).add(e["person"])


def _vote_withdrawn(f: Forum, e: dict, now: float) -> None:
    f.votes.get(e["suggestion_id"], set()).discard(e["person"])


def _suggestion_flag(attr: str, value: bool):
    def handler(f: Forum, e: dict, now: float) -> None:
        setattr(f.suggestions[e["suggestion_id"]], attr, value)
    return handler


def _suggestion_pinned(f: Forum, e: dict, now: float) -> None:
    f.suggestions[e["suggestion_id"]].pinned = e["pinned"]


def _suggestion_edited(f: Forum, e: dict, now: float) -> None:
    f.suggestions[e["suggestion_id"]].text = e["text"]


def _suggestion_translated(f: Forum, e: dict, now: float) -> None:
    _set_or_drop(f.suggestions[e["suggestion_id"]].translations, e["lang"], e["text"])


def _suggestions_merged(f: Forum, e: dict, now: float) -> None:
    f.suggestions[e["suggestion_id"]].merged_into = e["into"]
    f.votes.setdefault(e["into"], set()).update(e["moved"])
    f.votes.pop(e["suggestion_id"], None)


def _set_or_drop(mapping: dict, key: str, text: str) -> None:
    if text:
        mapping[key] = text
    else:
        mapping.pop(key, None)


_UNDO = {"SpeakerAdded": _undo_added, "EntryRemoved": _undo_removed, "EntryMoved": _undo_moved,
         "TurnStarted": _undo_started, "TurnEnded": _undo_ended}

_HANDLERS = {
    "ParticipantJoined": _participant_joined, "NameSet": _name_set, "HandRaised": _hand_raised,
    "HandLowered": _hand_lowered, "EntryLangSet": _entry_lang_set, "SpeakerAdded": _speaker_added,
    "EntryRemoved": _entry_removed, "EntryMoved": _entry_moved, "TurnStarted": _turn_started,
    "TurnEnded": _turn_ended, "TurnModeSet": _turn_mode_set, "TimerReset": _timer_reset,
    "ServerRestarted": _server_restarted,
    "Undone": _undone, "QuestionSet": _question_set, "FirstTimersRoundSet": _first_timers_round_set,
    "SettingsUpdated": _settings_updated, "QuestionTranslated": _question_translated,
    "VotingSet": _voting_set, "TalliesRevealed": _tallies_revealed,
    "SuggestionPosted": _suggestion_posted, "VoteCast": _vote_cast, "VoteWithdrawn": _vote_withdrawn,
    "SuggestionHidden": _suggestion_flag("hidden", True), "SuggestionUnhidden": _suggestion_flag("hidden", False),
    "SuggestionApproved": _suggestion_flag("approved", True), "SuggestionPinned": _suggestion_pinned,
    "SuggestionEdited": _suggestion_edited, "SuggestionTranslated": _suggestion_translated,
    "SuggestionsMerged": _suggestions_merged,
}
