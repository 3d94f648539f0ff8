"""Driving the pure core directly: perform a decision and apply its events, as the shell does.

The tests and the benchmarks (bench/export.py) share this one forum driver.
"""
from facilitator.core.evolve import apply
from facilitator.core.settings import create_forum, new_forum


class Forum:
    """A forum plus a fake clock and the list of events it recorded."""

    def __init__(self, questions=("Q1", "Q2", "Q3"), now: float = 1000.0, title: str = "Forum",
                 code: str = "ABCDE", **settings):
        self.now = now
        created = create_forum(code, self.now, title, list(questions), **settings)
        self.events = [created]
        self.state = new_forum(created)

    def do(self, decide, *args):
        events = decide(self.state, self.now, *args)
        for e in events:
            apply(self.state, e)
        self.events.extend(events)
        return events

    def wait(self, seconds: float) -> None:
        self.now += seconds

    def join(self, name: str = "") -> str:
        from facilitator.core import people
        return self.do(people.join_participant, name)[0]["person"]

    def labels(self):
        return [e.label for e in self.state.queue]
