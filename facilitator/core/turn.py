"""The turn and talk time: who has the floor, its countdown, pauses and interpretation, how a turn ends.

Talk time is stored as timestamped marks of the turn's mode; every duration is derived from them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import N_, Refused
from .events import ServerRestarted, TimerReset, TurnEnded, TurnModeSet, TurnStarted
from .queue import queued
from .state import Entry, Forum, Speech

SPEAKING, PAUSED, INTERPRETING = "speaking", "paused", "interpreting"
MODES = (SPEAKING, PAUSED, INTERPRETING)


@dataclass
class Turn:
    """The floor as one speaker holds it: marks of (time, mode) from the start of the turn."""

    entry: Entry
    question: int
    started_at: float
    marks: list[tuple[float, str]] = field(default_factory=list)
    countdown_from: float = 0.0

    @property
    def mode(self) -> str:
        return self.marks[-1][1] if self.marks else SPEAKING

    def seconds(self, mode: str, now: float) -> float:
        """Seconds this turn has spent in `mode` up to `now`."""
        total = 0.0
        for (start, kind), end in zip(self.marks, self._ends(now)):
            if kind == mode:
                total += max(0.0, end - start)
        return total

    def _ends(self, now: float) -> list[float]:
        return [t for t, _ in self.marks[1:]] + [max(now, self.marks[-1][0])]

    def talk_seconds(self, now: float) -> float:
        """Speaking time only: pauses and interpretation are never charged to the speaker."""
        return self.seconds(SPEAKING, now)

    def countdown_elapsed(self, now: float) -> float:
        """Speaking seconds on the countdown, since the start or the last timer reset."""
        return max(0.0, self.talk_seconds(now) - self.countdown_from)

    def switch(self, mode: str, now: float) -> None:
        if mode != self.mode:
            self.marks.append((now, mode))


# ---- decisions -------------------------------------------------------------------------------------

def next_speaker(forum: Forum, now: float) -> list:
    """End the current turn and give the floor to the head of the queue."""
    if forum.queue:
        return [TurnStarted(now, entry_id=forum.queue[0].id)]
    return [TurnEnded(now)] if forum.turn else []


def start_turn(forum: Forum, now: float, entry_id: int | None = None) -> list:
    if entry_id is None:
        if not forum.queue:
            raise Refused(N_("The queue is empty."))
        entry_id = forum.queue[0].id
    queued(forum, entry_id)
    return [TurnStarted(now, entry_id=entry_id)]


def set_mode(forum: Forum, now: float, mode: str) -> list:
    """Pause, resume, or hand the turn to the interpreter (not charged as talk time)."""
    turn = current(forum)
    if turn.mode == mode:
        return []
    if mode not in MODES:
        raise Refused(N_("Unknown turn mode '%(mode)s'."), mode=mode)
    return [TurnModeSet(now, mode=mode)]


def reset_timer(forum: Forum, now: float) -> list:
    current(forum)
    return [TimerReset(now)]


def end_turn(forum: Forum, now: float) -> list:
    current(forum)
    return [TurnEnded(now)]


def current(forum: Forum) -> Turn:
    if forum.turn is None:
        raise Refused(N_("Nobody has the floor."))
    return forum.turn


# ---- how the events apply --------------------------------------------------------------------------

def _turn_started(forum: Forum, e: TurnStarted) -> None:
    previous = forum.turn
    speech = finish_turn(forum, e.at) if previous else None
    entry = forum.entry(e.entry_id)
    index = forum.queue.index(entry)
    forum.queue.remove(entry)
    forum.turn = Turn(entry=entry, question=forum.question, started_at=e.at, marks=[(e.at, SPEAKING)])
    forum.remember("TurnStarted", index=index, previous=previous, speech=speech)


def _turn_ended(forum: Forum, e: TurnEnded) -> None:
    turn = forum.turn
    speech = finish_turn(forum, e.at)
    forum.remember("TurnEnded", turn=turn, speech=speech)


def finish_turn(forum: Forum, now: float) -> Speech:
    """The running turn becomes a speech."""
    turn, forum.turn = forum.turn, None
    speech_id = forum.next_id("speech")
    forum.take_id("speech", speech_id)
    entry = turn.entry
    speech = Speech(speech_id, entry.person, entry.label, entry.lang, turn.question, turn.started_at, now,
                    round(turn.talk_seconds(now), 3), round(turn.seconds(INTERPRETING, now), 3),
                    round(turn.seconds(PAUSED, now), 3), round(turn.started_at - entry.raised_at, 3))
    forum.speeches.append(speech)
    return speech


def restore_turn(forum: Forum, turn: Turn, speech: Speech, now: float) -> None:
    """Give the floor back as it was; the minutes it was wrongly taken away count as a pause."""
    if speech in forum.speeches:
        forum.speeches.remove(speech)
    mode = turn.mode
    turn.switch(PAUSED, speech.ended_at)
    turn.switch(mode, now)
    forum.turn = turn


def _turn_mode_set(forum: Forum, e: TurnModeSet) -> None:
    forum.turn.switch(e.mode, e.at)


def _timer_reset(forum: Forum, e: TimerReset) -> None:
    forum.turn.countdown_from = forum.turn.talk_seconds(e.at)


def _server_restarted(forum: Forum, e: ServerRestarted) -> None:
    """The turn that was running when the server went down is paused from then: downtime is not talk."""
    if forum.turn and forum.turn.mode != PAUSED:
        forum.turn.switch(PAUSED, e.down_since)


APPLIES = {TurnStarted: _turn_started, TurnEnded: _turn_ended, TurnModeSet: _turn_mode_set,
           TimerReset: _timer_reset, ServerRestarted: _server_restarted}
