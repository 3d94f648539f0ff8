"""Redaction (issue 8.6) in the core: the text leaves the state and every earlier event that carries it,
the redaction itself is an event with who and which, never the text, and replay still works."""
import pytest

from core_support import Forum
from facilitator.core import Refused, suggestions, views, voting
from facilitator.core.evolve import replay
from facilitator.core.suggestions import redacted, redaction_of

SECRET = "Call Ahmad at 0701-234567"


def forum_with_secret():
    f = Forum()
    a, b = f.join("A"), f.join("B")
    sid = f.do(suggestions.suggest, a, SECRET)[0].suggestion_id
    f.do(suggestions.edit, sid, SECRET + "!")
    f.do(suggestions.translate, sid, "sv", "Ring Ahmad på 0701-234567")
    f.do(voting.vote, b, sid)
    return f, sid, b


def test_a_redacted_suggestion_keeps_no_text_and_is_shown_to_nobody():
    f, sid, voter = forum_with_secret()
    event = f.do(suggestions.redact, sid, "moderator")[0]
    assert event.to_dict() == {"type": "SuggestionRedacted", "at": f.now, "suggestion_id": sid, "by": "moderator"}
    s = f.state.suggestions[sid]
    assert (s.text, s.original, s.translations, s.redacted, s.visible) == ("", "", {}, True, False)
    assert views.full_state(f.state, "board", f.now)["suggestions"] == []
    row = views.full_state(f.state, "moderator", f.now)["moderation"]["suggestions"][0]
    assert row["redacted"] and row["text"] == row["original"] == "" and row["translations"] == {}
    assert voting.votes_left(f.state, voter) == 3  # its vote is given back
    assert f.do(suggestions.redact, sid, "moderator") == []  # once is enough


def test_the_log_rewritten_as_the_store_does_replays_to_the_same_state():
    f, sid, _ = forum_with_secret()
    f.do(suggestions.redact, sid, "moderator")
    rewritten = [redacted(e, sid) for e in f.events]
    assert SECRET not in repr(rewritten) and "0701" not in repr(rewritten)
    assert [redaction_of(e) for e in rewritten].count(sid) == 1
    again = replay(rewritten)
    assert views.full_state(again, "moderator", f.now) == views.full_state(f.state, "moderator", f.now)


@pytest.mark.parametrize("decide, args", [(suggestions.edit, ("new text",)), (suggestions.translate, ("sv", "x")),
                                           (suggestions.pin, (True,))])
def test_a_redacted_suggestion_cannot_be_changed(decide, args):
    f, sid, _ = forum_with_secret()
    f.do(suggestions.redact, sid, "moderator")
    with pytest.raises(Refused, match="was removed"):
        f.do(decide, sid, *args)


def test_nothing_merges_into_a_redacted_suggestion():
    f, sid, _ = forum_with_secret()
    f.wait(11)
    other = f.do(suggestions.suggest, f.join("C"), "Other")[0].suggestion_id
    f.do(suggestions.redact, sid, "moderator")
    with pytest.raises(Refused, match="was removed"):
        f.do(suggestions.merge, other, sid)
