"""Talk-time accounting for one turn: stored as timestamped marks, every duration derived."""
from __future__ import annotations

from dataclasses import dataclass, field

SPEAKING, PAUSED, INTERPRETING = "speaking", "paused", "interpreting"
MODES = (SPEAKING, PAUSED, INTERPRETING)


@dataclass
class Turn:
    """The floor as one speaker holds it: marks of (time, mode) from the start of the turn."""

    entry: "Entry"  # noqa: F821  (core.queue.Entry; avoids a circular import)
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


def start_turn(entry, question: int, now: float) -> Turn:
    """A turn that begins speaking at `now`."""
    return Turn(entry=entry, question=question, started_at=now, marks=[(now, SPEAKING)])
