"""Restoring a forum from its export.json, trusting nothing in the file.

The whole file is checked before anything is written, in three passes:

1. its shape: known top-level parts, and each event a JSON object whose fields are known names of
   the right JSON type (no unknown field such as "ip" is ever stored and exported again), each time
   finite, within this century and never earlier than the event before it;
2. the forum's own rules: every event is decided again by the core, on the state the events before
   it built, with its own time and inputs, and must come out exactly as the file has it (the same
   limits as live input, ids in order, votes only on suggestions that exist, within the budget);
3. the export: the forum's export must build from the log.

Only then is the forum written, in one transaction. A refusal names the first bad field.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

from sqlalchemy import func, insert, select

from .core import (Refused, closing_round, ending, newsletter, people, questions, queue, recommendations, settings,
                   suggestions, turn, undo, voting)
from .core.events import CATALOGUE, LOG_VERSION, Event, RecommendationDrafted, SuggestionRedacted
from .core.evolve import apply, replay
from .core.settings import new_forum
from .core.state import Forum
from .core.turn import PAUSED
from .core.upcast import upcast
from .database import ForumRow, RecommendationRow
from .export import EXPORT_VERSION, export_data
from .forums import summary_of
from .store import Batched, Store

CODE_RE = re.compile(r"[A-Z0-9]{3,16}")
MAX_FILE_BYTES = 64 * 1024 * 1024
EARLIEST, LATEST = 946_684_800.0, 4_102_444_800.0  # 2000-01-01 and 2100-01-01, UTC
SHOWN = 60  # characters of a bad value quoted in a message

# The JSON type of every field an event may carry (bool is not a number here).
FIELDS = {"code": str, "title": str, "questions": list, "settings": dict, "person": str, "name": str,
          "label": str, "lang": str, "text": str, "previous": str, "mode": str, "undone": str, "entry_id": int,
          "suggestion_id": int, "into": int, "index": int, "delta": int, "question": int, "on": bool,
          "open": bool, "revealed": bool, "pinned": bool, "approved": bool, "moved": list, "dropped": list,
          "changes": dict, "down_since": float, "position": int, "order": list, "present": int,
          "entry_ids": list, "by_lang": dict, "item": str, "step": int, "recommendation_id": int, "status": str,
          "date": str, "to": str, "department": str, "official": str, "reason": str, "note": str, "scope": str,
          "route": str, "suggestion_ids": list, "suggestion_base": int, "speech_ids": list,
          "by": (str, dict)}  # a redaction's role; a follow-up change's key
LIST_OF_TEXT = ("questions", "moved", "dropped")
LIST_OF_NUMBERS = ("order", "entry_ids", "suggestion_ids", "speech_ids")
NESTED = ("by_lang",)  # checked by the core's own rules (core/closing_round.py)
PHONE_ONLY = ("NameSet", "HandRaised", "SuggestionPosted", "VoteCast", "VoteWithdrawn")
# A phone's input, refused once the forum has ended (as actions.py refuses it live).
PHONE_INPUT = PHONE_ONLY + ("HandLowered", "EntryLangSet", "ClosingAnswered")


class ImportRefused(Exception):
    """The file cannot be imported; the message names the first bad field."""


def read_export(path: Path) -> dict:
    """The parsed export.json at `path`, refused if it is too large, not JSON, or nested beyond reason."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportRefused(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB: not an export of one forum.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise ImportRefused(f"{path} is nested far too deeply to be an export.") from None
    except (OSError, ValueError) as error:
        raise ImportRefused(f"Cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise ImportRefused("The file is not an export.json: it is not a JSON object.")
    return data


def import_forum(store: Store, data: dict) -> tuple[str, list[str]]:
    """Recreate a forum from an export.json, all or nothing; its code and warnings about the file."""
    events = checked_log(data)
    code = events[0]["code"]
    if store.code_exists(code):
        raise ImportRefused(f"A forum with the code {code} already exists in this data dir.")
    try:
        renumbered = _write(store, events)
    except Exception as error:
        raise ImportRefused(f"The forum could not be stored ({error.__class__.__name__}); nothing was "
                            "imported.") from error
    return code, _differences(data, events) + renumbered


def checked_log(data: dict) -> list[Event]:
    """The export's event log as typed events (a log of version 1 brought up to date, core/upcast.py),
    once every check above has passed."""
    if data.get("version") != EXPORT_VERSION:
        raise ImportRefused(f"version: this file says {_shown(data.get('version'))}; this program reads "
                            f"version {EXPORT_VERSION} exports.")
    log = data.get("events")
    if not isinstance(log, list) or not log:
        raise ImportRefused("events: this file has no event log, so it is not a Forum Facilitator export.json.")
    shaped = [_shaped(i, e, log[i - 1]["at"] if i else EARLIEST) for i, e in enumerate(log)]
    version = data.get("log_version", 1)
    if version not in range(1, LOG_VERSION + 1) or isinstance(version, bool):
        raise ImportRefused(f"log_version: {_shown(version)} is not a version of the event log this program reads.")
    try:
        events = upcast([(version, e) for e in shaped])[0]
    except Exception as error:
        raise ImportRefused(f"events: the log cannot be read as log version {version} ({error}).") from None
    _decided(events)
    try:
        built = export_data(events)
    except Exception as error:
        raise ImportRefused(f"events: the forum's export cannot be built from this log "
                            f"({error.__class__.__name__}).") from None
    unknown = sorted(set(data) - set(built))
    if unknown:
        raise ImportRefused(f"{unknown[0]}: not a part of an export.json.")
    return events


# ---- pass 1: the shape of each event ------------------------------------------------------------

def _shaped(i: int, e, previous_at: float) -> dict:
    where = f"events[{i}]"
    if not isinstance(e, dict):
        raise ImportRefused(f"{where}: each event must be a JSON object.")
    if e.get("seq") != i + 1 or isinstance(e.get("seq"), bool):
        raise ImportRefused(f"{where}.seq: must be {i + 1} (the events are numbered in order from 1).")
    kind = e.get("type")
    if not isinstance(kind, str) or kind not in CATALOGUE:
        raise ImportRefused(f"{where}.type: {_shown(kind)} is not an event this program knows.")
    if (i == 0) != (kind == "ForumCreated"):
        raise ImportRefused(f"{where}.type: the log starts with ForumCreated, and only there.")
    at = e.get("at")
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at) \
            or not EARLIEST <= at <= LATEST:
        raise ImportRefused(f"{where}.at: {_shown(at)} is not a time between the years 2000 and 2100.")
    if at < previous_at:
        raise ImportRefused(f"{where}.at: it is earlier than the event before it; the log's time never runs back.")
    for name, value in e.items():
        if name not in ("type", "at", "seq"):
            _field(f"{where}.{name}", name, value)
    return {k: v for k, v in e.items() if k != "seq"}


def _field(where: str, name: str, value) -> None:
    kind = FIELDS.get(name)
    if kind is None:
        raise ImportRefused(f"{where}: no event has a field of that name.")
    right = isinstance(value, (int, float)) and math.isfinite(value) if kind is float else isinstance(value, kind)
    if isinstance(value, bool) and kind is not bool or not right:
        raise ImportRefused(f"{where}: {_shown(value)} is not {_KIND_WORDS[kind]}.")
    if name in LIST_OF_TEXT and not all(isinstance(item, str) for item in value):
        raise ImportRefused(f"{where}: every item must be a text.")
    if name in LIST_OF_NUMBERS and not all(isinstance(item, int) and not isinstance(item, bool) for item in value):
        raise ImportRefused(f"{where}: every item must be a whole number.")
    if isinstance(value, dict) and name not in NESTED \
            and not all(isinstance(v, (str, int, float)) or _texts(v) for v in value.values()):
        raise ImportRefused(f"{where}: every value in it must be a text, a number, true/false or a list of texts.")


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_KIND_WORDS = {str: "a text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object",
               float: "a number", (str, dict): "a text or an object"}


# ---- pass 2: the forum's rules decide every event again ------------------------------------------

def _decided(events: list[Event]) -> Forum:
    """Replay the log through the core's decisions; each must give back exactly the events in the file
    (a decision may record several: a question switch records the turn's end and the queue's new order)."""
    first = events[0]
    _same(0, first, _created(first))
    forum = new_forum(first)
    gone = {e.suggestion_id for e in events if isinstance(e, SuggestionRedacted)}
    i = 1
    while i < len(events):
        e = events[i]
        try:
            if e.type in PHONE_INPUT:
                ending.refuse_if_ended(forum)
            decided = _restarted(forum, e, events[i - 1].at) if e.type == "ServerRestarted" \
                else _redacted_decision(forum, e, gone) or DECISIONS[e.type](forum, e)
        except Refused as error:
            raise ImportRefused(f"events[{i}] ({e.type}): the forum's rules refuse it: {error}") from None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            raise ImportRefused(f"events[{i}] ({e.type}): it names something the forum does not have "
                                "(a person, an entry, a suggestion or a question).") from None
        if not decided or decided[0].type != e.type:
            _same(i, e, None)
        for j, made in enumerate(decided):
            if i + j == len(events):
                raise ImportRefused(f"events: the log ends before the {made.type} that events[{i}] ({e.type}) "
                                    "records with it.")
            _same(i + j, events[i + j], made)
            apply(forum, events[i + j])
        i += len(decided)
    return forum


def _redacted_decision(forum: Forum, e: Event, gone: set[int]) -> list[Event] | None:
    """An event whose suggestion is redacted later in the log carries no text: it is decided with a
    stand-in text, then redacted as the live log was (None for every other event)."""
    names = suggestions.TEXT_FIELDS.get(type(e))
    if not names or e.suggestion_id not in gone or any(getattr(e, n) for n in names):
        return None
    stand_in = dict(e.to_dict(), text="(redacted)")
    decided = DECISIONS[e.type](forum, type(e)(**{k: v for k, v in stand_in.items() if k != "type"}))
    return [suggestions.redacted(made, e.suggestion_id) for made in decided]


def _same(i: int, e: Event, decided: Event | None) -> None:
    where = f"events[{i}] ({e.type})"
    if decided is None:
        raise ImportRefused(f"{where}: the forum's rules would not record it at that point of the log.")
    e, decided = e.to_dict(), decided.to_dict()
    for name in sorted(set(e) | set(decided)):
        if name not in decided:
            raise ImportRefused(f"events[{i}].{name}: {e['type']} has no such field.")
        if name not in e:
            raise ImportRefused(f"events[{i}].{name}: missing.")
        if e[name] != decided[name] or type(e[name]) is not type(decided[name]) and name != "at":
            raise ImportRefused(f"events[{i}].{name}: the file has {_shown(e[name])} where the forum's rules "
                                f"give {_shown(decided[name])}.")


def _created(e: Event) -> Event:
    code = e.code
    if not isinstance(code, str) or not CODE_RE.fullmatch(code):
        raise ImportRefused(f"events[0].code: {_shown(code)} is not a forum code (3 to 16 capital letters A-Z "
                            "and digits).")
    config = e.settings if isinstance(e.settings, dict) else {}
    try:
        return settings.create_forum(code, e.at, e.title, e.questions, suggestion_base=e.suggestion_base, **config)
    except Refused as error:
        raise ImportRefused(f"events[0] (ForumCreated): the forum's rules refuse it: {error}") from None
    except TypeError:
        raise ImportRefused(f"events[0].settings: {_shown(config)} is not a set of settings this program "
                            "knows (a name it does not know, or a value of the wrong kind).") from None


def _phone(forum: Forum, person: str) -> str:
    if person not in forum.people or forum.people[person].walk_in:
        raise KeyError(person)
    return person


def _entry_person(forum: Forum, entry_id: int) -> str:
    return forum.entry(entry_id).person


def _restarted(forum: Forum, e: Event, previous_at: float) -> list[Event]:
    """Recorded by the shell, not decided by a rule: a running turn, and downtime after the last event."""
    if not forum.turn or forum.turn.mode == PAUSED or not previous_at <= e.down_since <= e.at:
        return []
    return [e]


# event type -> the core's decision that records it, given the event's inputs
DECISIONS = {
    "ForumCreated": lambda f, e: [],
    "ParticipantJoined": lambda f, e: people.join_participant(f, e["at"], e["name"]),
    "PhoneLanguageSet": lambda f, e: people.set_phone_language(f, e["at"], _phone(f, e["person"]), e["lang"]),
    "JoiningSet": lambda f, e: people.set_joining(f, e["at"], e["open"]),
    "AttendanceSet": lambda f, e: people.set_attendance(f, e["at"], e["present"]),
    "AllHandsLowered": lambda f, e: queue.lower_all(f, e["at"]),
    "QueueSet": lambda f, e: queue.set_queue_open(f, e["at"], e["open"]),
    "SuggestionsSet": lambda f, e: suggestions.set_open(f, e["at"], e["open"]),
    "SuggestionRedacted": lambda f, e: suggestions.redact(f, e["at"], e["suggestion_id"], "moderator"),
    "NameSet": lambda f, e: people.set_name(f, e["at"], _phone(f, e["person"]), e["name"]),
    "HandRaised": lambda f, e: queue.raise_hand(f, e["at"], _phone(f, e["person"]), e["lang"]),
    "EntryLangSet": lambda f, e: queue.raise_hand(f, e["at"], _entry_person(f, e["entry_id"]), e["lang"]),
    "HandLowered": lambda f, e: queue.lower_hand(f, e["at"], _entry_person(f, e["entry_id"])),
    "SpeakerAdded": lambda f, e: queue.add_speaker(f, e["at"], e["label"], e["lang"]),
    "EntryRemoved": lambda f, e: queue.remove_entry(f, e["at"], e["entry_id"]),
    "EntryMoved": lambda f, e: queue.move_entry(f, e["at"], e["entry_id"], e["delta"]),
    "TurnStarted": lambda f, e: turn.start_turn(f, e["at"], e["entry_id"]),
    "TurnEnded": lambda f, e: turn.end_turn(f, e["at"]),
    "TurnModeSet": lambda f, e: turn.set_mode(f, e["at"], e["mode"]),
    "TimerReset": lambda f, e: turn.reset_timer(f, e["at"]),
    "ServerRestarted": _restarted,  # called with the time of the event before it
    "Undone": lambda f, e: undo.undo(f, e["at"]),
    "QuestionSet": lambda f, e: questions.set_question(f, e["at"], e["index"]),
    "FirstTimersRoundSet": lambda f, e: questions.first_timers_round(f, e["at"], e["on"]),
    "SettingsUpdated": lambda f, e: settings.update_settings(f, e["at"], e["changes"]),
    "VotingSet": lambda f, e: voting.set_voting(f, e["at"], e["open"]),
    "TalliesRevealed": lambda f, e: voting.reveal_tallies(f, e["at"], e["revealed"]),
    "QuestionTranslated": lambda f, e: questions.translate_question(f, e["at"], e["index"], e["lang"], e["text"]),
    "SuggestionPosted": lambda f, e: suggestions.suggest(f, e["at"], _phone(f, e["person"]), e["text"]),
    "VoteCast": lambda f, e: voting.vote(f, e["at"], _phone(f, e["person"]), e["suggestion_id"]),
    "VoteWithdrawn": lambda f, e: voting.unvote(f, e["at"], _phone(f, e["person"]), e["suggestion_id"]),
    "SuggestionHidden": lambda f, e: suggestions.hide(f, e["at"], e["suggestion_id"], True),
    "SuggestionUnhidden": lambda f, e: suggestions.hide(f, e["at"], e["suggestion_id"], False),
    "SuggestionApproved": lambda f, e: suggestions.approve(f, e["at"], e["suggestion_id"]),
    "SuggestionPinned": lambda f, e: suggestions.pin(f, e["at"], e["suggestion_id"], e["pinned"]),
    "SuggestionEdited": lambda f, e: suggestions.edit(f, e["at"], e["suggestion_id"], e["text"]),
    "SuggestionTranslated": lambda f, e: suggestions.translate(f, e["at"], e["suggestion_id"], e["lang"], e["text"]),
    "SuggestionsMerged": lambda f, e: suggestions.merge(f, e["at"], e["suggestion_id"], e["into"]),
    "ClosingRoundSet": lambda f, e: closing_round.set_open(f, e["at"], e["open"], recorded=e["by_lang"]),
    "ClosingAnswered": lambda f, e: closing_round.answer(f, e["at"], e["person"], e["item"], e["step"], e["lang"]),
    "ForumEnded": lambda f, e: ending.end(f, e["at"]),
    "ForumReopened": lambda f, e: ending.reopen(f, e["at"]),
    "RecommendationDrafted": lambda f, e: recommendations.draft(f, e["at"], e["recommendation_id"], **_content(e)),
    "RecommendationEdited": lambda f, e: recommendations.edit(f, e["at"], e["recommendation_id"], **_content(e)),
    "RecommendationStatusSet": lambda f, e: recommendations.set_status(
        f, e["at"], e["recommendation_id"], e["status"], by=e["by"],
        **{name: e[name] for name in recommendations.DETAILS}),
    "RecommendationNoted": lambda f, e: recommendations.add_note(f, e["at"], e["recommendation_id"], e["note"],
                                                                 by=e["by"]),
    "RecommendationTranslated": lambda f, e: recommendations.translate(f, e["at"], e["recommendation_id"], e["lang"],
                                                                       e["title"], e["text"], by=e["by"]),
    "RecommendationRemoved": lambda f, e: recommendations.remove(f, e["at"], e["recommendation_id"], by=e["by"]),
    "TitleTranslated": lambda f, e: newsletter.translate_title(f, e["at"], e["lang"], e["text"], by=e["by"]),
}


def _content(e) -> dict:
    return {name: e[name] for name in ("question", "title", "text", "suggestion_ids", "speech_ids", "scope", "route",
                                       "by")}


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


# ---- writing, in one transaction -----------------------------------------------------------------

class _OneTransaction:
    """Stands in for the engine so the store's own batch write joins the transaction already open."""

    def __init__(self, connection):
        self.connection = connection

    def begin(self):
        return _Joined(self.connection)


class _Joined:
    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, *exc) -> bool:
        return False


def _write(store: Store, events: list[Event]) -> list[str]:
    """The forum's row and its whole log (with its votes, recommendations and summary) in one transaction:
    all or none. Recommendation ids are unique across forums: ids another forum holds are renumbered."""
    created, forum = events[0], replay(events)
    with store.engine.begin() as connection:
        row = connection.execute(insert(ForumRow).values(code=created.code, title=created.title,
                                                         created_at=created.at, questions=list(created.questions),
                                                         **summary_of(forum)))
        forum_id = row.inserted_primary_key[0]
        events, warnings = _free_recommendation_ids(connection, forum_id, events)
        Store(_OneTransaction(connection)).append_batch([Batched(forum_id, 1, events)])
    return warnings


def _free_recommendation_ids(connection, forum_id: int, events: list[Event]) -> tuple[list[Event], list[str]]:
    """The log with its recommendations' ids reserved for this forum (renumbered if another forum holds one)."""
    ids = [e.recommendation_id for e in events if isinstance(e, RecommendationDrafted)]
    if not ids:
        return events, []
    warnings = []
    if connection.execute(select(RecommendationRow.id).where(RecommendationRow.id.in_(ids))).first():
        start = (connection.execute(select(func.max(RecommendationRow.id))).scalar() or 0) + 1
        mapping = {old: start + i for i, old in enumerate(ids)}
        events = recommendations.renumbered(events, mapping)
        ids = list(mapping.values())
        warnings.append("Other forums in this data dir hold some of this file's recommendation ids, so its "
                        "recommendations were renumbered: " + ", ".join(f"{a} -> {b}" for a, b in mapping.items()))
    connection.execute(insert(RecommendationRow), [{"id": rid, "forum_id": forum_id} for rid in ids])
    return events, warnings


def _differences(data: dict, events: list[Event]) -> list[str]:
    """Sections of the file that disagree with its own log (someone edited them); the log wins."""
    fresh = export_data(events)
    return [f"The file's '{key}' differ from its event log; the forum was rebuilt from the log."
            for key in ("questions", "speeches", "suggestions") if key in data and data[key] != fresh[key]]
