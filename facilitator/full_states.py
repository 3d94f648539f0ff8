"""The full state a `join` or `get_state` answers with, its parts that only events change kept per forum version.

A hall's join or reconnect storm asks for the same forum's full state a thousand times while nothing
changes: each audience's parts are built once per version of the forum's memory (its generation and
event count), and only the parts that move with the clock (the running turn, the queue's waiting
times, the fairness figures) are built for each answer, with the phone's own `me`.
"""
from __future__ import annotations

from .core import views

TIMED = ("speaker", "queue", "fairness")  # parts that change with the clock alone


def full_state(live, audience: str, now: float) -> dict:
    """`views.full_state` of the live forum (forums.LiveForum) for `audience`; call with `live.lock` held."""
    names = views.PARTS + (views.MODERATOR_PARTS if audience == "moderator" else ())
    version = (live.generation, live.seq)
    kept = live.full_states.get(audience)
    if kept is None or kept[0] != version:
        parts = views.parts(live.state, audience, [n for n in names if n not in TIMED], now)
        del parts["server_time"]
        kept = live.full_states[audience] = (version, parts)
    state = dict(kept[1])
    state.update(views.parts(live.state, audience, [n for n in names if n in TIMED], now))
    state["full"] = True
    return state
