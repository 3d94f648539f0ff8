"""Replaying the event log from the start gives the live state."""
from core_support import Forum
from facilitator.core import floor, suggestions as sg, views
from facilitator.core.evolve import replay
from facilitator.core.talktime import INTERPRETING, SPEAKING


def test_replay_equals_live_state():
    f = Forum()
    a, b = f.join("A"), f.join("B")
    f.do(floor.raise_hand, a, "ar")
    f.do(floor.add_speaker, "Walk-in", "ti")
    f.do(floor.raise_hand, b, "sv")
    f.do(floor.next_speaker)
    f.wait(12)
    f.do(floor.set_mode, INTERPRETING)
    f.wait(8)
    f.do(floor.set_mode, SPEAKING)
    f.do(floor.next_speaker)
    f.do(floor.undo)
    f.wait(1)
    f.do(sg.suggest, a, "idea")
    f.do(sg.vote, b, 1)
    f.do(floor.set_question, 1)
    again = replay(f.events)
    for audience in ("participant", "board", "moderator"):
        assert views.full_state(again, audience, f.now) == views.full_state(f.state, audience, f.now)
    assert views.me_part(again, a, f.now) == views.me_part(f.state, a, f.now)
