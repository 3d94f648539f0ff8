"""Fairness by language group (issue 10, item 12): for each language from the floor, its share of
talk time against its share of hands raised and of phones, on a fake clock."""
from core_support import Forum
from facilitator.core import fairness, people, queue, questions, turn


def phone(f: Forum, lang: str) -> str:
    return f.do(people.join_participant, "", lang)[0].person


def test_a_group_that_raises_hands_but_hardly_speaks_shows_it():
    f = Forum(policy="fifo")
    arabic = [phone(f, "ar") for _ in range(3)]
    somali = [phone(f, "so") for _ in range(3)]
    for person in arabic:
        f.do(queue.raise_hand, person, "ar")
    for person in somali:
        f.do(queue.raise_hand, person, "so")
    for seconds in (60, 60, 60, 10):  # three Arabic turns, one short Somali one
        f.do(turn.next_speaker)
        f.wait(seconds)
    f.do(turn.end_turn)
    rows = {row["lang"]: row for row in fairness.language_groups(f.state, f.now)}
    assert rows["ar"]["hand_share"] == rows["so"]["hand_share"] == 0.5
    assert rows["ar"]["phone_share"] == rows["so"]["phone_share"] == 0.5
    assert rows["ar"]["talk_share"] == round(180 / 190, 4) and rows["so"]["talk_share"] == round(10 / 190, 4)
    assert rows["so"]["waiting"] == 2 and rows["ar"]["waiting"] == 0
    assert rows["so"]["wait_s"] == 180.0  # the Somali speaker waited for three Arabic turns
    assert rows["ar"]["speeches"] == 3 and rows["so"]["speeches"] == 1


def test_the_running_turn_counts_and_a_walk_in_is_a_hand():
    f = Forum()
    f.do(queue.add_speaker, "Row 3", "ti")
    f.do(turn.next_speaker)
    f.wait(30)
    (row,) = fairness.language_groups(f.state, f.now)
    assert (row["lang"], row["talk_s"], row["hands"], row["phones"], row["phone_share"]) == ("ti", 30.0, 1, 0, 0.0)


def test_a_hand_that_changes_language_counts_once_in_the_new_one():
    f = Forum()
    a = phone(f, "sv")
    f.do(queue.raise_hand, a, "ar")
    f.do(queue.raise_hand, a, "fa")
    assert [(r["lang"], r["hands"]) for r in fairness.language_groups(f.state, f.now)] == [("fa", 1)]


def test_per_question_and_in_the_fairness_panel():
    f = Forum()
    a = phone(f, "uk")
    f.do(queue.raise_hand, a, "uk")
    f.do(questions.set_question, 1)
    assert fairness.language_groups(f.state, f.now, question=1) == []
    assert [r["lang"] for r in fairness.figures(f.state, f.now)["language_groups"]] == ["uk"]
