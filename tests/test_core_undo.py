"""Undo of the moderator's last queue or turn action."""
import pytest

from core_support import Forum
from facilitator.core import Refused, queue, turn, undo


def test_undo_next_speaker_restores_the_previous_turn_and_the_queue():
    f = Forum()
    f.do(queue.add_speaker, "A")
    f.do(queue.add_speaker, "B")
    f.do(turn.next_speaker)
    f.wait(10)
    f.do(turn.next_speaker)
    f.wait(2)
    f.do(undo.undo)
    assert f.state.turn.entry.label == "A"
    assert f.labels() == ["B"]
    assert f.state.speeches == []
    f.wait(3)
    assert f.state.turn.talk_seconds(f.now) == 13  # the 2 s the floor was wrongly taken count as a pause
    assert f.state.turn.seconds("paused", f.now) == 2


def test_undo_removal_and_move_and_add():
    f = Forum(policy="fifo")
    ids = [f.do(queue.add_speaker, x)[0]["entry_id"] for x in ("A", "B", "C")]
    f.do(queue.remove_entry, ids[1])
    f.do(undo.undo)
    assert f.labels() == ["A", "B", "C"]
    f.do(queue.move_entry, ids[2], -2)
    f.do(undo.undo)
    assert f.labels() == ["A", "B", "C"]
    f.do(undo.undo)  # the add of C
    f.do(undo.undo)  # the add of B
    assert f.labels() == ["A"]


def test_undo_keeps_a_hand_raised_in_between():
    f = Forum(policy="fifo")
    a = f.join("Amina")
    entry = f.do(queue.add_speaker, "B")[0]["entry_id"]
    f.do(queue.remove_entry, entry)
    f.do(queue.raise_hand, a)
    f.do(undo.undo)
    assert sorted(f.labels()) == ["Amina", "B"]


def test_undo_end_turn():
    f = Forum()
    f.do(queue.add_speaker, "A")
    f.do(turn.next_speaker)
    f.wait(4)
    f.do(turn.end_turn)
    f.wait(6)
    f.do(undo.undo)
    assert f.state.turn.entry.label == "A" and f.state.speeches == []
    assert f.state.turn.talk_seconds(f.now) == 4 and f.state.turn.mode == "speaking"


def test_nothing_to_undo_is_refused():
    f = Forum()
    with pytest.raises(Refused, match="nothing to undo"):
        f.do(undo.undo)
