"""Talk time on a fake clock: pauses and interpretation are never charged to the speaker."""
from core_support import Forum
from facilitator.core import fairness, questions, queue, turn
from facilitator.core.turn import INTERPRETING, PAUSED, SPEAKING


def speaking(f: Forum, label="A"):
    f.do(queue.add_speaker, label)
    f.do(turn.next_speaker)


def test_pauses_and_interpretation_are_not_talk_time():
    f = Forum()
    speaking(f)
    f.wait(30)
    f.do(turn.set_mode, PAUSED)
    f.wait(15)
    f.do(turn.set_mode, SPEAKING)
    f.wait(20)
    f.do(turn.set_mode, INTERPRETING)
    f.wait(40)
    f.do(turn.set_mode, SPEAKING)
    f.wait(10)
    f.do(turn.end_turn)
    speech = f.state.speeches[0]
    assert (speech.duration_s, speech.paused_s, speech.interpreting_s) == (60, 15, 40)


def test_countdown_stops_while_interpreting_and_restarts_on_reset():
    f = Forum(turn_seconds=60)
    speaking(f)
    f.wait(50)
    f.do(turn.set_mode, INTERPRETING)
    f.wait(100)
    assert f.state.turn.countdown_elapsed(f.now) == 50
    f.do(turn.set_mode, SPEAKING)
    f.do(turn.reset_timer)
    f.wait(5)
    assert f.state.turn.countdown_elapsed(f.now) == 5
    assert f.state.turn.talk_seconds(f.now) == 55


def test_totals_per_person_per_question_and_forum():
    f = Forum()
    speaking(f, "A")
    f.wait(30)
    f.do(questions.set_question, 1)
    speaking(f, "A")
    f.wait(12)
    person = f.state.turn.entry.person
    assert fairness.talk_seconds(f.state, person, f.now) == 42
    assert fairness.talk_seconds(f.state, person, f.now, question=0) == 30
    assert fairness.talk_seconds(f.state, person, f.now, question=1) == 12


def test_next_speaker_ends_the_current_turn_and_records_the_wait():
    f = Forum()
    f.do(queue.add_speaker, "A")
    f.wait(7)
    f.do(queue.add_speaker, "B")
    f.do(turn.next_speaker)
    f.wait(20)
    f.do(turn.next_speaker)
    assert [s.label for s in f.state.speeches] == ["A"]
    assert f.state.speeches[0].waited_s == 7
    assert f.state.turn.entry.label == "B"


def test_fairness_figures():
    f = Forum()
    for label, seconds in (("A", 60), ("B", 20), ("C", 10), ("D", 10)):
        speaking(f, label)
        f.wait(seconds)
        f.do(turn.end_turn)
    figures = fairness.figures(f.state, f.now)
    assert figures["distinct_speakers"] == 4
    assert figures["first_time_speakers"] == 4
    assert figures["top3_share"] == 0.9
    assert [p["label"] for p in figures["people"]][:2] == ["A", "B"]
