"""Every event a forum records, as a small typed record, and the one catalogue that names them.

The evolver (how each event applies), the broadcaster (which parts of the state it changes), the
store (its rows) and the export (its JSON) all key on CATALOGUE; a test fails when any of them
misses a type. An event is a fact, decided once: replay applies it and never decides again.
An event's wire form (in the database and in export.json) is `{"type", "at", ...its fields}`.
"""
from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, fields

LOG_VERSION = 3  # 1: the log of before the catalogue; 2: VotingSet closed suggestions too (core/upcast.py)


@dataclass(frozen=True)
class Event:
    at: float

    @property
    def type(self) -> str:
        return type(self).__name__

    def to_dict(self) -> dict:
        return {"type": self.type, **asdict(self)}

    def __getitem__(self, name: str):
        """A field read as in the wire form (`e["person"]`, `e["type"]`)."""
        if name != "type" and name not in self.__dataclass_fields__:
            raise KeyError(name)
        return getattr(self, name)


def event_type(cls):
    """Enter an event class in the catalogue."""
    cls = dataclass(frozen=True)(cls)
    CATALOGUE[cls.__name__] = cls
    return cls


CATALOGUE: dict[str, type[Event]] = {}


class UnknownEvent(ValueError):
    """A stored or imported event whose type or fields the catalogue does not know."""


def from_dict(data: dict) -> Event:
    """The typed event of a wire-form dict; UnknownEvent if its type or fields do not match."""
    cls = CATALOGUE.get(data.get("type"))
    if cls is None:
        raise UnknownEvent(f"unknown event type {str(data.get('type'))[:40]!r}")
    names = {f.name for f in fields(cls)}
    needed = {f.name for f in fields(cls) if f.default is MISSING}
    given = set(data) - {"type"}
    if not needed <= given <= names:  # a field added later with a default may be absent from older logs
        raise UnknownEvent(f"{cls.__name__} needs the fields {sorted(names)}, not {sorted(given)}")
    return cls(**{k: v for k, v in data.items() if k != "type"})


def field_names(cls: type[Event]) -> list[str]:
    """The fields of an event type, `at` first."""
    return [f.name for f in fields(cls)]


# ---- the forum -------------------------------------------------------------------------------------

@event_type
class ForumCreated(Event):
    """`suggestion_base`: the forum's suggestions are numbered from it + 1, so that a suggestion id names
    one suggestion across all the forums of a data dir (a recommendation can tell another forum's)."""
    code: str
    title: str
    questions: list
    settings: dict
    suggestion_base: int = 0


@event_type
class SettingsUpdated(Event):
    changes: dict


@event_type
class JoiningSet(Event):
    """The moderator opens or closes the forum to new phones (known phones always rejoin)."""
    open: bool


@event_type
class AttendanceSet(Event):
    """How many people the moderator counted in the hall (0: not counted)."""
    present: int


@event_type
class ServerRestarted(Event):
    """The server was down while a turn ran: the turn is paused from `down_since`."""
    down_since: float


# ---- people and the queue --------------------------------------------------------------------------

@event_type
class ParticipantJoined(Event):
    person: str
    name: str


@event_type
class NameSet(Event):
    person: str
    name: str


@event_type
class PhoneLanguageSet(Event):
    """The language a phone's page is read in (for the board's languages and fairness by language)."""
    person: str
    lang: str


@event_type
class HandRaised(Event):
    entry_id: int
    person: str
    label: str
    lang: str
    position: int  # where the policy put the new entry (0 is the head of the queue)


@event_type
class SpeakerAdded(Event):
    entry_id: int
    person: str
    label: str
    lang: str
    position: int


@event_type
class HandLowered(Event):
    entry_id: int


@event_type
class EntryLangSet(Event):
    entry_id: int
    lang: str


@event_type
class EntryRemoved(Event):
    entry_id: int


@event_type
class EntryMoved(Event):
    entry_id: int
    delta: int


@event_type
class AllHandsLowered(Event):
    """The moderator empties the queue (undoable): `entry_ids` in their order."""
    entry_ids: list


@event_type
class QueueSet(Event):
    """The queue of a question opened or closed to new hands."""
    question: int
    open: bool


@event_type
class QueueSorted(Event):
    """The queue put in the policy's order (a question switch, a change of policy)."""
    order: list


# ---- the turn --------------------------------------------------------------------------------------

@event_type
class TurnStarted(Event):
    """The floor goes to a queued entry; the turn running until then ends."""
    entry_id: int


@event_type
class TurnEnded(Event):
    pass


@event_type
class TurnModeSet(Event):
    mode: str


@event_type
class TimerReset(Event):
    pass


@event_type
class Undone(Event):
    undone: str


# ---- questions -------------------------------------------------------------------------------------

@event_type
class QuestionSet(Event):
    index: int


@event_type
class FirstTimersRoundSet(Event):
    on: bool


@event_type
class QuestionTranslated(Event):
    index: int
    lang: str
    text: str


# ---- suggestions and votes -------------------------------------------------------------------------

@event_type
class SuggestionPosted(Event):
    suggestion_id: int
    person: str
    question: int
    text: str
    approved: bool


@event_type
class SuggestionHidden(Event):
    suggestion_id: int


@event_type
class SuggestionUnhidden(Event):
    suggestion_id: int


@event_type
class SuggestionApproved(Event):
    suggestion_id: int


@event_type
class SuggestionPinned(Event):
    suggestion_id: int
    pinned: bool


@event_type
class SuggestionEdited(Event):
    suggestion_id: int
    text: str
    previous: str


@event_type
class SuggestionTranslated(Event):
    suggestion_id: int
    lang: str
    text: str


@event_type
class SuggestionsMerged(Event):
    """A duplicate folded into another: its voters `moved`, those who voted for both `dropped`."""
    suggestion_id: int
    into: int
    moved: list
    dropped: list


@event_type
class SuggestionRedacted(Event):
    """The suggestion's text is removed everywhere, earlier events included; `by` is the role (moderator)."""
    suggestion_id: int
    by: str


@event_type
class SuggestionsSet(Event):
    """New suggestions on a question opened or closed."""
    question: int
    open: bool


@event_type
class VotingSet(Event):
    question: int
    open: bool


@event_type
class TalliesRevealed(Event):
    question: int
    revealed: bool


@event_type
class VoteCast(Event):
    suggestion_id: int
    person: str


@event_type
class VoteWithdrawn(Event):
    suggestion_id: int
    person: str


# ---- the end of the night: the closing round, ending the forum (core/closing_round.py, core/ending.py) ---

@event_type
class ClosingRoundSet(Event):
    """The closing round opened or closed; closing records its results per phone language, for groups of
    at least five only (core/closing_round.py)."""
    open: bool
    by_lang: dict


@event_type
class ClosingAnswered(Event):
    """One phone's answer on the five-step scale; export.json numbers `person` apart (A1…) and blanks `lang`."""
    person: str
    item: str  # "said" or "represented"
    step: int  # 1 (no, not at all) to 5 (yes, completely)
    lang: str  # the language of the phone's page


@event_type
class ForumEnded(Event):
    """The moderator ended the forum: phones show what became of it (core/ending.py)."""


@event_type
class ForumReopened(Event):
    pass


# ---- after the forum: recommendations and their follow-up (core/recommendations.py) -------------------
# `by` names who made the change: {"role": "moderator"} or {"role": "team", "key": id, "name": name}.

class FollowUp(Event):
    """An event of the core team's work after the night: never part of the live floor, never pushed."""


@event_type
class RecommendationDrafted(FollowUp):
    recommendation_id: int
    question: int
    title: str
    text: str
    suggestion_ids: list
    speech_ids: list
    scope: str  # "" (not decided yet), "city" (within the city's powers) or "beyond"
    route: str  # how it goes further: a letter to the national government…
    by: dict


@event_type
class RecommendationEdited(FollowUp):
    recommendation_id: int
    question: int
    title: str
    text: str
    suggestion_ids: list
    speech_ids: list
    scope: str
    route: str
    by: dict


@event_type
class RecommendationStatusSet(FollowUp):
    recommendation_id: int
    status: str
    date: str  # the day it happened (YYYY-MM-DD), when not the day it was recorded
    to: str  # presented: to whom
    department: str
    official: str
    reason: str  # declined, or moved back
    note: str
    by: dict


@event_type
class RecommendationNoted(FollowUp):
    recommendation_id: int
    note: str
    by: dict


@event_type
class RecommendationTranslated(FollowUp):
    recommendation_id: int
    lang: str
    title: str
    text: str
    by: dict


@event_type
class RecommendationRemoved(FollowUp):
    recommendation_id: int
    by: dict


@event_type
class TitleTranslated(FollowUp):
    """The forum's title in another language, for the newsletter (core/newsletter.py)."""
    lang: str
    text: str
    by: dict
