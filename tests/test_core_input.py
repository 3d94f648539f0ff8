"""Suggestions and votes open and close separately (issue 10, item 9), and logs of version 2, whose
VotingSet closed both, still read as they were lived."""
import pytest

from core_support import Forum
from facilitator.core import Refused, questions, suggestions, views, voting
from facilitator.core.evolve import replay
from facilitator.core.events import SuggestionsSet, VotingSet
from facilitator.core.upcast import upcast


def test_closing_voting_leaves_suggestions_open():
    f = Forum()
    a = f.join("A")
    sid = f.do(suggestions.suggest, a, "More teachers")[0].suggestion_id
    f.do(voting.set_voting, False)
    f.wait(11)
    f.do(suggestions.suggest, a, "Evening classes")
    with pytest.raises(Refused, match="Voting on this question is closed"):
        f.do(voting.vote, a, sid)
    assert views.full_state(f.state, "participant", f.now)["voting"]["suggestions_open"] is True


def test_closing_suggestions_leaves_voting_open():
    f = Forum()
    a = f.join("A")
    sid = f.do(suggestions.suggest, a, "More teachers")[0].suggestion_id
    f.do(suggestions.set_open, False)
    f.wait(11)
    with pytest.raises(Refused, match="closed suggestions"):
        f.do(suggestions.suggest, a, "Evening classes")
    f.do(voting.vote, a, sid)
    state = views.full_state(f.state, "participant", f.now)
    assert state["voting"]["open"] is True and state["voting"]["suggestions_open"] is False
    assert f.do(suggestions.set_open, False) == []


def test_suggestions_close_per_question():
    f = Forum()
    a = f.join("A")
    f.do(suggestions.set_open, False)
    f.do(questions.set_question, 1)
    f.do(suggestions.suggest, a, "On the second question")
    f.do(questions.set_question, 0)
    assert not f.state.suggestions_open()
    assert replay(f.events).suggestions_closed == {0}


def test_a_version_2_voting_set_closed_suggestions_too():
    f = Forum()
    created = f.events[0]
    log = [(2, created.to_dict()), (2, VotingSet(1001.0, question=0, open=False).to_dict()),
           (2, VotingSet(1002.0, question=1, open=False).to_dict()), (2, VotingSet(1003.0, question=1, open=True).to_dict())]
    events, firsts = upcast(log)
    assert [type(e) for e in events] == [type(created), VotingSet, SuggestionsSet, VotingSet, SuggestionsSet,
                                          VotingSet, SuggestionsSet]
    assert firsts == [0, 1, 3, 5]
    forum = replay(events)
    assert forum.voting_closed == {0} and forum.suggestions_closed == {0}
