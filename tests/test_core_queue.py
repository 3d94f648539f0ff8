"""The speaking queue: the fair policy, FIFO, walk-ins, moves, removal."""
import pytest

from core_support import Forum
from facilitator.core import Refused, questions, queue, turn, undo


def test_fair_policy_puts_first_timers_before_people_who_spoke_on_this_question():
    f = Forum()
    amina, bo, chen = f.join("Amina"), f.join("Bo"), f.join("Chen")
    f.do(queue.raise_hand, amina, "ar")
    f.do(turn.next_speaker)
    f.wait(30)
    f.do(turn.end_turn)
    f.do(queue.raise_hand, amina, "ar")
    f.do(queue.raise_hand, bo, "sv")
    f.do(queue.raise_hand, chen, "")
    assert f.labels() == ["Bo", "Chen", "Amina"]


def test_fair_policy_ranks_by_fewest_seconds_spoken_then_arrival():
    f = Forum()
    a, b, c = f.join("A"), f.join("B"), f.join("C")
    for person, seconds in ((a, 50), (b, 10)):
        f.do(queue.raise_hand, person)
        f.do(turn.next_speaker)
        f.wait(seconds)
        f.do(turn.end_turn)
    f.do(questions.set_question, 1)
    f.do(queue.raise_hand, a)
    f.do(queue.raise_hand, b)
    f.do(queue.raise_hand, c)
    assert f.labels() == ["C", "B", "A"]


def test_fifo_policy_keeps_arrival_order():
    f = Forum(policy="fifo")
    a, b = f.join("A"), f.join("B")
    f.do(queue.raise_hand, a)
    f.do(turn.next_speaker)
    f.wait(5)
    f.do(turn.end_turn)
    f.do(queue.raise_hand, a)
    f.do(queue.raise_hand, b)
    assert f.labels() == ["A", "B"]


def test_raising_twice_keeps_one_entry_and_updates_the_language():
    f = Forum()
    a = f.join("A")
    f.do(queue.raise_hand, a, "ar")
    f.do(queue.raise_hand, a, "fa")
    assert [(e.label, e.lang) for e in f.state.queue] == [("A", "fa")]


def test_walk_in_with_the_same_label_is_the_same_person():
    f = Forum()
    first = f.do(queue.add_speaker, "Woman in red scarf, row 3", "so")[0]
    f.do(turn.next_speaker)
    f.wait(20)
    f.do(turn.end_turn)
    again = f.do(queue.add_speaker, "woman in red scarf, row 3", "so")[0]
    assert first["person"] == again["person"] == "W1"
    assert f.state.queue[0].person == "W1"


def test_walk_in_already_queued_is_refused():
    f = Forum()
    f.do(queue.add_speaker, "Row 3", "so")
    with pytest.raises(Refused, match="already in the queue"):
        f.do(queue.add_speaker, "row 3")


def test_move_and_remove_entries():
    f = Forum(policy="fifo")
    ids = [f.do(queue.add_speaker, label)[0]["entry_id"] for label in ("A", "B", "C")]
    f.do(queue.move_entry, ids[2], -1)
    assert f.labels() == ["A", "C", "B"]
    f.do(queue.remove_entry, ids[0])
    assert f.labels() == ["C", "B"]
    with pytest.raises(Refused):
        f.do(queue.move_entry, ids[2], -1)


@pytest.mark.parametrize("label,error", [("", "empty"), ("x" * 81, "at most 80")])
def test_bad_labels_are_refused(label, error):
    f = Forum()
    with pytest.raises(Refused, match=error):
        f.do(queue.add_speaker, label)
    assert f.state.queue == []


def test_bad_language_code_is_refused():
    f = Forum()
    with pytest.raises(Refused, match="language code"):
        f.do(queue.add_speaker, "A", "<script>")


def test_question_switch_resorts_the_queue_and_ends_the_turn():
    f = Forum()
    a, b = f.join("A"), f.join("B")
    f.do(queue.raise_hand, a)
    f.do(turn.next_speaker)
    f.wait(10)
    f.do(turn.end_turn)
    f.do(queue.raise_hand, a)
    f.do(queue.raise_hand, b)
    assert f.labels() == ["B", "A"]
    f.do(turn.next_speaker)
    f.do(questions.set_question, 1)
    assert f.state.turn is None and f.state.speeches[-1].label == "B"
    assert f.labels() == ["A"]


def test_unknown_question_is_refused():
    f = Forum()
    with pytest.raises(Refused, match="no question 9"):
        f.do(questions.set_question, 8)
