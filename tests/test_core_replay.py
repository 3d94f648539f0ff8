"""Replaying the event log from the start gives the live state."""
from core_support import Forum
from facilitator.core import questions, queue, suggestions as sg, turn, undo, views, voting
from facilitator.core.evolve import replay
from facilitator.core.turn import INTERPRETING, SPEAKING


def test_replay_equals_live_state():
    f = Forum()
    a, b = f.join("A"), f.join("B")
    f.do(queue.raise_hand, a, "ar")
    f.do(queue.add_speaker, "Walk-in", "ti")
    f.do(queue.raise_hand, b, "sv")
    f.do(turn.next_speaker)
    f.wait(12)
    f.do(turn.set_mode, INTERPRETING)
    f.wait(8)
    f.do(turn.set_mode, SPEAKING)
    f.do(turn.next_speaker)
    f.do(undo.undo)
    f.wait(1)
    f.do(sg.suggest, a, "idea")
    f.do(voting.vote, b, 1)
    f.do(questions.set_question, 1)
    again = replay(f.events)
    for audience in ("participant", "board", "moderator"):
        assert views.full_state(again, audience, f.now) == views.full_state(f.state, audience, f.now)
    assert views.me_part(again, a, f.now) == views.me_part(f.state, a, f.now)
