"""OpenSlides' list-of-speakers rules, on a fake clock: a queue closed for the question, "lower all
hands" (undoable), a cap on turns per person per question, and a phone told when the moderator took
its hand."""
import pytest

from core_support import Forum
from facilitator.core import Refused, questions, queue, settings, turn, undo, views
from facilitator.core.evolve import replay


def speak(f: Forum, seconds: float = 10) -> None:
    f.do(turn.next_speaker)
    f.wait(seconds)
    f.do(turn.end_turn)


def me(f: Forum, person: str) -> dict:
    return views.me_part(f.state, person, f.now)


def test_a_closed_queue_refuses_new_hands_and_says_why_before_the_phone_tries():
    f = Forum()
    queued, late = f.join("A"), f.join("B")
    f.do(queue.raise_hand, queued, "ar")
    f.do(queue.set_queue_open, False)
    assert me(f, late)["hand_blocked"] == "queue_closed"
    assert me(f, queued)["hand_blocked"] is None  # in the queue: nothing blocks it
    with pytest.raises(Refused, match="closed the queue"):
        f.do(queue.raise_hand, late, "so")
    assert f.do(queue.raise_hand, queued, "fa")[0].type == "EntryLangSet"  # a queued hand may change language
    f.do(queue.add_speaker, "Row 4")  # the moderator can still add people
    assert f.labels() == ["A", "Row 4"]
    assert views.full_state(f.state, "board", f.now)["queue_open"] is False


def test_the_queue_closes_per_question():
    f = Forum()
    a = f.join("A")
    f.do(queue.set_queue_open, False)
    f.do(questions.set_question, 1)
    assert f.state.queue_open() and me(f, a)["hand_blocked"] is None
    f.do(queue.raise_hand, a)
    f.do(questions.set_question, 0)
    assert not f.state.queue_open()
    assert f.do(queue.set_queue_open, False) == []  # already closed: nothing recorded


def test_lower_all_hands_empties_the_queue_tells_the_phones_and_undo_brings_them_back():
    f = Forum(policy="fifo")
    a, b = f.join("A"), f.join("B")
    f.do(queue.raise_hand, a)
    f.do(queue.add_speaker, "Row 2")
    f.do(queue.raise_hand, b)
    f.do(turn.next_speaker)  # A speaks on
    event = f.do(queue.lower_all)[0]
    assert event.type == "AllHandsLowered" and f.labels() == [] and f.state.turn.entry.label == "A"
    assert me(f, b)["hand_removed"] == "all_lowered"
    f.do(undo.undo)
    assert f.labels() == ["Row 2", "B"] and me(f, b)["hand_removed"] is None
    f.do(queue.lower_all)
    with pytest.raises(Refused, match="empty"):
        f.do(queue.lower_all)


def test_undoing_lower_all_keeps_a_hand_raised_since_behind_the_old_ones():
    f = Forum(policy="fifo")
    a, b = f.join("A"), f.join("B")
    f.do(queue.raise_hand, a)
    f.do(queue.lower_all)
    f.do(queue.raise_hand, b)
    f.do(undo.undo)
    assert f.labels() == ["A", "B"]


def test_a_phone_whose_hand_the_moderator_removed_is_told_until_it_raises_again():
    f = Forum()
    a = f.join("A")
    entry = f.do(queue.raise_hand, a)[0].entry_id
    f.do(queue.remove_entry, entry)
    assert me(f, a)["hand_removed"] == "removed"
    f.do(undo.undo)
    assert me(f, a)["hand_removed"] is None and me(f, a)["position"] == 1
    f.do(queue.remove_entry, entry)
    f.do(queue.raise_hand, a)
    assert me(f, a)["hand_removed"] is None
    f.do(queue.lower_hand, a)  # the phone lowered it itself: nothing to tell
    assert me(f, a)["hand_removed"] is None


def test_a_hand_removal_is_forgotten_with_the_question():
    f = Forum()
    a = f.join("A")
    f.do(queue.remove_entry, f.do(queue.raise_hand, a)[0].entry_id)
    f.do(questions.set_question, 1)
    assert me(f, a)["hand_removed"] is None


def test_a_cap_on_turns_per_question_refuses_another_hand_and_says_why():
    f = Forum()
    a, b = f.join("A"), f.join("B")
    f.do(settings.update_settings, {"max_turns": 1})
    f.do(queue.raise_hand, a)
    speak(f)
    assert me(f, a)["hand_blocked"] == "turn_limit"
    with pytest.raises(Refused, match="1 turn per question") as refused:
        f.do(queue.raise_hand, a)
    assert refused.value.params == {"count": 1}
    f.do(queue.raise_hand, b)
    f.do(questions.set_question, 1)  # a new question: a new allowance
    f.do(queue.raise_hand, a)
    f.do(settings.update_settings, {"max_turns": 0})
    assert me(f, b)["hand_blocked"] is None


def test_the_cap_counts_the_running_turn_and_leaves_the_moderator_free():
    f = Forum()
    a = f.join("A")
    f.do(settings.update_settings, {"max_turns": 2})
    f.do(queue.raise_hand, a)
    speak(f)
    f.do(queue.raise_hand, a)
    f.do(turn.next_speaker)  # the second turn, running
    assert me(f, a)["hand_blocked"] is None  # speaking: no hand to raise anyway
    f.do(turn.end_turn)
    assert me(f, a)["hand_blocked"] == "turn_limit"
    walk_in = f.do(queue.add_speaker, "Row 1")[0]
    assert walk_in.type == "SpeakerAdded"


@pytest.mark.parametrize("value", [-1, 21])
def test_the_cap_is_checked(value):
    with pytest.raises(Refused, match="between 0 and 20"):
        Forum().do(settings.update_settings, {"max_turns": value})


def test_every_new_floor_rule_replays_to_the_live_state():
    f = Forum(policy="fifo")
    a, b = f.join("A"), f.join("B")
    f.do(settings.update_settings, {"max_turns": 1})
    f.do(queue.raise_hand, a)
    speak(f)
    f.do(queue.raise_hand, b)
    f.do(queue.lower_all)
    f.do(undo.undo)
    f.do(queue.remove_entry, f.state.queue[0].id)
    f.do(queue.set_queue_open, False)
    again = replay(f.events)
    for person in (a, b):
        assert views.me_part(again, person, f.now) == me(f, person)
    assert views.full_state(again, "moderator", f.now) == views.full_state(f.state, "moderator", f.now)
