"""The state of one forum, as the replay of its events builds it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .rules import UNDO_DEPTH

if TYPE_CHECKING:
    from .closing_round import ClosingRound
    from .recommendations import Recommendation
    from .turn import Turn

POLICIES = ("fair", "fifo")
TALLY_MODES = ("none", "phones", "all")
BOARD_VIEWS = ("both", "queue", "suggestions")


@dataclass
class Person:
    """Someone who can take the floor: a phone (P…) or a walk-in the moderator added (W…)."""

    id: str
    name: str = ""
    walk_in: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass
class Entry:
    """A place in the speaking queue."""

    id: int
    person: str
    label: str
    lang: str
    raised_at: float
    seq: int


@dataclass
class Speech:
    """A finished turn."""

    id: int
    person: str
    label: str
    lang: str
    question: int
    started_at: float
    ended_at: float
    duration_s: float
    interpreting_s: float
    paused_s: float
    waited_s: float


@dataclass
class Suggestion:
    id: int
    question: int
    person: str
    text: str
    created_at: float
    original: str = ""
    approved: bool = True
    hidden: bool = False
    pinned: bool = False
    merged_into: int | None = None
    redacted: bool = False
    translations: dict[str, str] = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return self.approved and not self.hidden and self.merged_into is None and not self.redacted


@dataclass
class Settings:
    turn_seconds: int = 120
    vote_budget: int = 3
    policy: str = "fair"
    premoderation: bool = False
    hide_tallies: str = "none"
    board_view: str = "both"
    names_on_board: bool = False  # else the board and phones show public labels (P7), the console names
    max_turns: int = 0  # turns per person per question a phone may ask for (0: no cap)
    board_languages: list[str] = field(default_factory=list)  # the board's join instruction and headings


@dataclass
class Forum:
    code: str
    title: str
    created_at: float
    questions: list[str]
    settings: Settings
    question_translations: dict[int, dict[str, str]] = field(default_factory=dict)
    question: int = 0
    people: dict[str, Person] = field(default_factory=dict)
    walk_ins: dict[str, str] = field(default_factory=dict)  # normalised label -> person id
    queue: list[Entry] = field(default_factory=list)
    turn: Turn | None = None
    speeches: list[Speech] = field(default_factory=list)
    undo_stack: list[tuple[str, dict]] = field(default_factory=list)
    first_timers_round: bool = False
    suggestions: dict[int, Suggestion] = field(default_factory=dict)
    votes: dict[int, set[str]] = field(default_factory=dict)
    voted: dict[str, set[int]] = field(default_factory=dict)  # person -> suggestion ids: `votes` turned round
    voting_closed: set[int] = field(default_factory=set)
    suggestions_closed: set[int] = field(default_factory=set)
    queue_closed: set[int] = field(default_factory=set)
    joining_open: bool = True
    present: int = 0  # people in the hall, as the moderator counted them (0: not counted)
    phone_langs: dict[str, str] = field(default_factory=dict)  # person -> the language its page is read in
    hand_langs: dict[int, tuple[str, int]] = field(default_factory=dict)  # entry -> (language, question)
    hands_taken: dict[str, str] = field(default_factory=dict)  # person -> why the moderator took the hand
    revealed: set[int] = field(default_factory=set)
    last_suggested_at: dict[str, float] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    # the end of the night and after it: core/closing_round.py, core/ending.py, core/recommendations.py
    closing: ClosingRound | None = None
    ended_at: float | None = None
    floor_at: float = 0.0  # the latest event of the live floor (not of the follow-up)
    recommendations: dict[int, Recommendation] = field(default_factory=dict)
    title_translations: dict[str, str] = field(default_factory=dict)

    def next_id(self, kind: str) -> int:
        """The id the next item of `kind` will get (ids are assigned when events are applied)."""
        return self.counters.get(kind, 0) + 1

    def take_id(self, kind: str, value: int) -> None:
        self.counters[kind] = max(self.counters.get(kind, 0), value)

    def entry(self, entry_id: int) -> Entry | None:
        return next((e for e in self.queue if e.id == entry_id), None)

    def entry_of(self, person: str) -> Entry | None:
        return next((e for e in self.queue if e.person == person), None)

    def question_text(self, index: int | None = None) -> str:
        return self.questions[self.question if index is None else index]

    def voting_open(self, question: int | None = None) -> bool:
        """Whether votes are open on the question (the current one by default)."""
        return (self.question if question is None else question) not in self.voting_closed

    def suggestions_open(self, question: int | None = None) -> bool:
        """Whether new suggestions are open on the question (the current one by default)."""
        return (self.question if question is None else question) not in self.suggestions_closed

    def queue_open(self, question: int | None = None) -> bool:
        """Whether phones may raise a hand on the question (the current one by default)."""
        return (self.question if question is None else question) not in self.queue_closed

    def speaking(self, person: str) -> bool:
        """Whether the person has the floor."""
        return bool(self.turn and self.turn.entry.person == person)

    def remember(self, kind: str, **data) -> None:
        """Keep what undoing the moderator's action of `kind` (an event type) needs."""
        self.undo_stack.append((kind, data))
        del self.undo_stack[:-UNDO_DEPTH]
