"""The hall against the phones (issue 8.4) in the core: joining closed to new phones, the people the
moderator counted, the integrity figure, and the phones' page languages."""
import pytest

from core_support import Forum
from facilitator.core import Refused, people, queue, questions, suggestions, voting, views
from facilitator.core.evolve import replay


def room(f: Forum) -> dict:
    return views.full_state(f.state, "moderator", f.now)["room"]


def test_closed_joining_refuses_new_phones_only():
    f = Forum()
    f.join("A")
    f.do(people.set_joining, False)
    with pytest.raises(Refused, match="not taking new phones"):
        f.do(people.join_participant, "B")
    assert views.full_state(f.state, "board", f.now)["forum"]["joining_open"] is False
    f.do(people.set_joining, True)
    f.join("B")
    assert f.do(people.set_joining, True) == []


def test_the_integrity_figure_counts_phones_and_voters_against_the_hall():
    f = Forum()
    a, b, c = f.join("A"), f.join("B"), f.join("C")
    sid = f.do(suggestions.suggest, a, "Idea")[0].suggestion_id
    f.do(voting.vote, b, sid)
    f.do(voting.vote, c, sid)
    f.do(people.set_attendance, 40)
    assert room(f) == {"present": 40, "phones": 3, "voters": 2, "question_voters": 2, "joining_open": True,
                       "languages": []}
    f.do(questions.set_question, 1)
    assert room(f)["question_voters"] == 0 and room(f)["voters"] == 2


def test_walk_ins_are_not_phones():
    f = Forum()
    f.join("A")
    f.do(queue.add_speaker, "Row 3")
    assert room(f)["phones"] == 1


@pytest.mark.parametrize("present", [-1, 100_001])
def test_the_count_of_people_present_is_checked(present):
    with pytest.raises(Refused, match="between 0 and 100000"):
        Forum().do(people.set_attendance, present)


def test_phone_languages_are_counted_and_follow_a_page_that_changes_language():
    f = Forum()
    a = f.do(people.join_participant, "", "ar")[0].person
    f.do(people.join_participant, "", "ar")
    f.do(people.join_participant, "", "ti")
    f.do(people.join_participant, "", "xx")  # not a page language: not kept
    assert room(f)["languages"] == [{"lang": "ar", "phones": 2}, {"lang": "ti", "phones": 1}]
    f.do(people.set_phone_language, a, "ti")
    assert room(f)["languages"] == [{"lang": "ti", "phones": 2}, {"lang": "ar", "phones": 1}]
    assert f.do(people.set_phone_language, a, "ti") == []
    assert replay(f.events).phone_langs == f.state.phone_langs
