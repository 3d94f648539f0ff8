"""Coalescing changes into a few `state` pushes per forum, each carrying only what changed."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from .core import events as ev, views

FLOOR = frozenset({"queue", "can_undo", "fairness"})
VOTES = frozenset({"room"})  # besides the suggestions they name: phones that voted
TURN = frozenset({"speaker", "queue", "fairness", "speeches", "can_undo"})
FULL = "full"  # the whole state, to every audience
NAMED = "named"  # the suggestions the event names (and the moderator's panel)
TALLY = "tally"  # only the votes of the suggestion the event names: a `tallies` part
# What each event type changes; a type not listed here gets a full push (a test keeps this complete).
PARTS_BY_EVENT = {
    ev.ForumCreated: FULL, ev.SettingsUpdated: FULL, ev.ServerRestarted: frozenset({"speaker"}),
    ev.JoiningSet: frozenset({"forum", "room"}), ev.AttendanceSet: frozenset({"room"}),
    ev.ParticipantJoined: frozenset({"room"}), ev.NameSet: frozenset({"queue", "speaker", "fairness"}),
    ev.PhoneLanguageSet: frozenset({"room", "fairness"}),
    ev.HandRaised: FLOOR, ev.SpeakerAdded: FLOOR, ev.HandLowered: FLOOR,
    ev.EntryLangSet: frozenset({"queue", "fairness"}),  # the fairness panel counts hands per language
    ev.EntryRemoved: FLOOR, ev.EntryMoved: FLOOR, ev.QueueSorted: FLOOR, ev.AllHandsLowered: FLOOR,
    ev.QueueSet: frozenset({"queue_open"}),
    ev.TurnStarted: TURN, ev.TurnEnded: TURN, ev.Undone: TURN, ev.TurnModeSet: frozenset({"speaker"}),
    ev.TimerReset: frozenset({"speaker"}),
    ev.QuestionSet: FULL, ev.FirstTimersRoundSet: frozenset({"round"}),
    ev.QuestionTranslated: frozenset({"forum", "question"}),
    ev.SuggestionPosted: NAMED, ev.SuggestionHidden: NAMED, ev.SuggestionUnhidden: NAMED,
    ev.SuggestionApproved: NAMED, ev.SuggestionPinned: NAMED, ev.SuggestionEdited: NAMED,
    ev.SuggestionTranslated: NAMED, ev.SuggestionsMerged: NAMED,
    # Rare, and it reaches phones the event does not name: its voters get their votes back, its author a note.
    ev.SuggestionRedacted: FULL,
    ev.VoteCast: TALLY, ev.VoteWithdrawn: TALLY,
    ev.VotingSet: FULL, ev.TalliesRevealed: FULL, ev.SuggestionsSet: frozenset({"voting"}),
    ev.ClosingRoundSet: frozenset({"closing", "closing_results"}), ev.ClosingAnswered: frozenset({"closing_results"}),
    ev.ForumEnded: FULL, ev.ForumReopened: FULL,
    # The core team's work after the night never reaches the live floor's pushes.
    **{cls: frozenset() for cls in ev.CATALOGUE.values() if issubclass(cls, ev.FollowUp)},
}
# What the hall waits for: the moderator's moves of the floor and of the question. They wake the
# broadcaster at once (at most one push per `gap`, so a key on auto-repeat cannot flood the hall);
# what phones do (votes, hands, joins, suggestions) and the moderation of texts wait for the tick.
AT_ONCE = frozenset({
    ev.TurnStarted, ev.TurnEnded, ev.Undone, ev.TurnModeSet, ev.TimerReset,
    ev.QuestionSet, ev.FirstTimersRoundSet, ev.QueueSet,
    ev.SpeakerAdded, ev.EntryRemoved, ev.EntryMoved, ev.QueueSorted, ev.AllHandsLowered,
    ev.VotingSet, ev.TalliesRevealed, ev.SuggestionsSet, ev.ClosingRoundSet, ev.ForumEnded, ev.ForumReopened,
})
ALSO = {ev.VoteCast: VOTES, ev.VoteWithdrawn: VOTES, ev.SuggestionsMerged: VOTES}  # beside their suggestions or tallies
# In the order their pushes go out: each socket's writer sends in the order the pushes were queued, so the
# projected board (one socket the whole hall and the interpreters read) goes before a thousand phones.
AUDIENCES = ("board", "moderator", "participant")


@dataclass
class Dirty:
    parts: set[str] = field(default_factory=set)
    suggestions: set[int] = field(default_factory=set)
    tallies: set[int] = field(default_factory=set)  # suggestions whose votes alone changed
    persons: set[str] = field(default_factory=set)
    full: bool = False

    @property
    def everyone(self) -> bool:
        """Whether every phone's own view may have changed (its place in the queue, its first-timer status)."""
        return self.full or bool(self.parts & {"queue", "speaker", "queue_open"})


def room(code: str, audience: str) -> str:
    return f"{code}:{audience}"


def person_room(code: str, person: str) -> str:
    return f"{code}:person:{person}"


class Broadcaster:
    """Collects what changed per forum and pushes it every `interval` seconds; what the hall waits for
    (AT_ONCE) is pushed at once, but never sooner than `gap` seconds after the previous push."""

    def __init__(self, socketio, forums, seats, interval: float, gap: float = 0.1):
        self.socketio, self.forums, self.seats, self.interval, self.gap = socketio, forums, seats, interval, gap
        self._dirty: dict[str, Dirty] = {}
        self._last_me: dict[tuple[str, str], dict] = {}
        self._lock = threading.Lock()
        self._wake = socketio.server.eio.create_event()
        self._last_push = float("-inf")
        self._started = False
        self.pushes = 0

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.socketio.start_background_task(self._run)

    def changed(self, code: str, events: list[ev.Event]) -> None:
        """Note what the recorded events changed; the next flush pushes it."""
        with self._lock:
            dirty = self._dirty.setdefault(code, Dirty())
            for e in events:
                _note(dirty, e)
        if any(type(e) in AT_ONCE for e in events):
            self._wake.set()  # the broadcaster's own loop pushes; this handler's ack is not held up

    def resync(self, code: str) -> None:
        """Push the whole state of the forum (its memory was restored from the database)."""
        with self._lock:
            self._dirty.setdefault(code, Dirty()).full = True

    def joined(self, code: str, person: str, me: dict) -> None:
        """A phone got its full state with the join ack: push its `me` again only when it changes."""
        self._last_me[(code, person)] = _comparable(me)

    def left(self, code: str, person: str) -> None:
        """The person's last socket is gone: forget what it was last shown (it gets a full state on rejoin)."""
        self._last_me.pop((code, person), None)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            # At least one pass of the loop first: the ack of the action that woke us goes out before the push.
            self.socketio.sleep(max(0.0, self._last_push + self.gap - time.monotonic()))
            self.flush()

    def flush(self) -> None:
        with self._lock:
            dirty, self._dirty = self._dirty, {}
        if dirty:
            self._last_push = time.monotonic()
        for code, d in dirty.items():
            try:
                self._push(code, d)
            except Exception:  # one forum's failed push must not hold back the others, nor later ones
                logging.getLogger(__name__).exception("push to forum %s failed", code)

    def _push(self, code: str, d: Dirty) -> None:
        live = self.forums.held(code)
        if live is None:  # no longer served here (purged, or another worker of the cluster serves it)
            return
        with live.lock:
            messages = {a: self._message(live.state, a, d, self.forums.now(live)) for a in AUDIENCES}
        for audience, message in messages.items():
            if message:
                self.socketio.emit("state", message, to=room(code, audience))
                self.pushes += 1
        if d.everyone:  # the rooms' writers send first; each phone's own part (a whole hall's, here) after
            self.socketio.sleep(0)
        with live.lock:
            now = self.forums.now(live)
            persons = self.seats.persons(code) if d.everyone else self.seats.seated_among(code, d.persons)
            personal = self._personal(code, live.state, persons, now)
        # A person's own part goes to its sockets here only (the persons are those seated here): in a
        # cluster, not through the message queue to every worker (a burst's votes are one `me` each).
        for person, message, notice in personal:
            self.socketio.emit("state", {"me": message, "server_time": now}, to=person_room(code, person),
                               ignore_queue=True)
            if notice:
                self.socketio.emit("notice", {"kind": notice}, to=person_room(code, person), ignore_queue=True)

    def _message(self, forum, audience: str, d: Dirty, now: float) -> dict | None:
        if d.full:
            return views.full_state(forum, audience, now)
        names = [p for p in d.parts if audience == "moderator" or p not in views.MODERATOR_PARTS]
        if d.suggestions and audience == "moderator":
            names.append("moderation")
        tallies = views.tally_part(forum, audience, d.tallies - d.suggestions) if d.tallies else []
        if not names and not d.suggestions and not tallies:
            return None
        message = views.parts(forum, audience, [n for n in names if n != "suggestions"], now)
        if d.suggestions:
            message.update(views.suggestion_part(forum, audience, sorted(d.suggestions)))
        if tallies:
            message["tallies"] = tallies
        return message

    def _personal(self, code: str, forum, persons, now: float) -> list[tuple[str, dict, str | None]]:
        """The `me` part for each of `persons` whose view of itself changed."""
        out = []
        for person in persons:
            if person not in forum.people:
                continue
            me = views.me_part(forum, person, now)
            comparable = _comparable(me)
            last = self._last_me.get((code, person))
            if last != comparable:
                self._last_me[(code, person)] = comparable
                out.append((person, me, _notice(last, me)))
        return out


def _comparable(me: dict) -> dict:
    return {k: v for k, v in me.items() if k != "talk_s"}


def _notice(last: dict | None, me: dict) -> str | None:
    if me["hand_removed"] and last and not last.get("hand_removed"):
        return "hand_removed"
    if me["speaking"] and not (last or {}).get("speaking"):
        return "your_turn"
    if me["position"] == 1 and (last or {}).get("position") != 1:
        return "your_turn_next"
    return None


def _note(dirty: Dirty, e: ev.Event) -> None:
    person = getattr(e, "person", None)
    if person:
        dirty.persons.add(person)
    if isinstance(e, ev.SuggestionsMerged):
        dirty.persons.update(e.moved, e.dropped)
    parts = PARTS_BY_EVENT.get(type(e), FULL)
    if parts == FULL:
        dirty.full = True
    elif parts == TALLY:
        dirty.tallies.add(e.suggestion_id)
    elif parts == NAMED:
        dirty.suggestions.add(e.suggestion_id)
        if isinstance(e, ev.SuggestionsMerged):
            dirty.suggestions.add(e.into)
        dirty.parts.add("moderation")
    else:
        dirty.parts |= parts
    dirty.parts |= ALSO.get(type(e), frozenset())
