"""Suggestions and dot-votes: budgets, merge and hide arithmetic, closed questions, rate limit."""
import pytest

from core_support import Forum
from facilitator.core import Refused, questions, queue, suggestions as sg, turn, voting


def posted(f: Forum, person: str, text: str) -> int:
    f.wait(11)
    return f.do(sg.suggest, person, text)[0]["suggestion_id"]


def test_budget_of_three_votes_and_unvote_gives_one_back():
    f = Forum()
    a = f.join()
    ids = [posted(f, a, f"idea {i}") for i in range(4)]
    for sid in ids[:3]:
        f.do(voting.vote, a, sid)
    assert voting.votes_left(f.state, a) == 0
    with pytest.raises(Refused, match="used all 3"):
        f.do(voting.vote, a, ids[3])
    f.do(voting.unvote, a, ids[0])
    f.do(voting.vote, a, ids[3])
    assert voting.votes_left(f.state, a) == 0


def test_a_repeated_vote_counts_once_and_budget_zero_means_unlimited():
    f = Forum(vote_budget=0)
    a = f.join()
    sid = posted(f, a, "idea")
    f.do(voting.vote, a, sid)
    assert f.do(voting.vote, a, sid) == []
    assert len(f.state.votes[sid]) == 1
    assert voting.votes_left(f.state, a) is None


def test_merge_moves_votes_without_double_counting_and_returns_the_duplicate_vote():
    f = Forum()
    a, b, c = f.join(), f.join(), f.join()
    one, two = posted(f, a, "more buses"), posted(f, b, "More buses!")
    f.do(voting.vote, a, one)
    f.do(voting.vote, a, two)
    f.do(voting.vote, b, two)
    f.do(voting.vote, c, one)
    f.do(sg.merge, two, one)
    assert f.state.votes[one] == {a, b, c}
    assert voting.votes_left(f.state, a) == 2
    assert not f.state.suggestions[two].visible


def test_hidden_suggestions_return_their_votes_and_cannot_be_voted():
    f = Forum(vote_budget=1)
    a = f.join()
    sid = posted(f, a, "spam")
    f.do(voting.vote, a, sid)
    f.do(sg.hide, sid, True)
    assert voting.votes_left(f.state, a) == 1
    with pytest.raises(Refused, match="not open for votes"):
        f.do(voting.vote, a, sid)


def test_votes_on_a_closed_or_other_question_are_refused():
    f = Forum()
    a = f.join()
    sid = posted(f, a, "idea")
    f.do(voting.set_voting, False)
    with pytest.raises(Refused, match="closed"):
        f.do(voting.vote, a, sid)
    f.do(voting.set_voting, True)
    f.do(questions.set_question, 1)
    with pytest.raises(Refused, match="current question"):
        f.do(voting.vote, a, sid)


def test_unknown_suggestion_is_refused():
    f = Forum()
    a = f.join()
    with pytest.raises(Refused, match="no suggestion 42"):
        f.do(voting.vote, a, 42)


@pytest.mark.parametrize("text,error", [("   ", "empty"), ("x" * 501, "at most 500")])
def test_bad_suggestions_are_refused(text, error):
    f = Forum()
    a = f.join()
    with pytest.raises(Refused, match=error):
        f.do(sg.suggest, a, text)
    assert f.state.suggestions == {}


def test_rate_limit_says_when_to_try_again():
    f = Forum()
    a = f.join()
    f.do(sg.suggest, a, "one")
    f.wait(3)
    with pytest.raises(Refused, match="wait 7 s"):
        f.do(sg.suggest, a, "two")


def test_premoderation_holds_suggestions_until_approved():
    f = Forum(premoderation=True)
    a = f.join()
    sid = posted(f, a, "idea")
    assert not f.state.suggestions[sid].visible
    f.do(sg.approve, sid)
    assert f.state.suggestions[sid].visible


def test_edit_keeps_the_original():
    f = Forum()
    a = f.join()
    sid = posted(f, a, "moer buses")
    f.do(sg.edit, sid, "more buses")
    s = f.state.suggestions[sid]
    assert (s.text, s.original) == ("more buses", "moer buses")


def test_tallies_hidden_from_phones_until_revealed():
    f = Forum(hide_tallies="phones")
    assert not voting.tallies_visible(f.state, "participant")
    assert voting.tallies_visible(f.state, "board")
    f.do(voting.reveal_tallies, True)
    assert voting.tallies_visible(f.state, "participant")


def test_a_forum_numbers_its_suggestions_in_its_own_range_and_refuses_past_it():
    f = Forum(suggestion_base=300_000)
    a = f.join()
    assert posted(f, a, "first") == 300_001
    f.state.counters["suggestion"] = 399_998
    assert posted(f, a, "the last this forum can hold") == 399_999
    with pytest.raises(Refused, match="as many suggestions as it can"):
        posted(f, a, "one too many")


@pytest.mark.parametrize("base", [-100_000, 150, True, "0", 10**13])
def test_a_first_suggestion_number_the_program_never_gives_is_refused(base):
    with pytest.raises(Refused, match="first suggestion number"):
        Forum(suggestion_base=base)


def test_a_log_written_before_the_range_replays_with_ids_from_one():
    from facilitator.core.events import from_dict
    from facilitator.core.evolve import replay
    created = Forum().events[0].to_dict()
    del created["suggestion_base"]  # as every log written before it was added
    f = Forum()
    a = f.join()
    posted(f, a, "idea")
    assert list(replay([from_dict(created)] + f.events[1:]).suggestions) == [1]
