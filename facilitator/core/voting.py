"""Dot-voting: the vote budget, casting and withdrawing votes, opening voting, revealing tallies.

The `votes` table of the store is a projection of these events (`vote_changes`), checked against the
replay by a test; the forum's state is the truth.
"""
from __future__ import annotations

from .errors import N_, N_plural, Refused
from .events import SuggestionsMerged, TalliesRevealed, VoteCast, VoteWithdrawn, VotingSet
from .state import Forum, Suggestion
from .suggestions import find


def votes_used(forum: Forum, person: str, question: int) -> int:
    """Votes the person has on visible suggestions of `question` (hidden ones give votes back)."""
    suggestions = forum.suggestions
    return sum(1 for sid in forum.voted.get(person, ())
               if suggestions[sid].question == question and suggestions[sid].visible)


def votes_left(forum: Forum, person: str) -> int | None:
    """Votes left on the current question; None when the forum sets no budget."""
    budget = forum.settings.vote_budget
    if budget == 0:
        return None
    return max(0, budget - votes_used(forum, person, forum.question))


def tallies_visible(forum: Forum, audience: str, question: int | None = None) -> bool:
    """Whether `audience` (participant, board, moderator) sees vote counts on the question."""
    q = forum.question if question is None else question
    mode = forum.settings.hide_tallies
    if audience == "moderator" or mode == "none" or q in forum.revealed:
        return True
    return audience == "board" and mode == "phones"


# ---- decisions -------------------------------------------------------------------------------------

def vote(forum: Forum, now: float, person: str, suggestion_id: int) -> list:
    suggestion = _votable(forum, suggestion_id)
    if person in forum.votes.get(suggestion.id, ()):
        return []  # a retried vote counts once
    left = votes_left(forum, person)
    if left == 0:
        raise Refused(N_plural("You have used your %(budget)s vote on this question. "
                               "Take it back to vote for something else.",
                               "You have used all %(budget)s of your votes on this question. "
                               "Take one back to vote for something else.", "budget"),
                      budget=forum.settings.vote_budget)
    return [VoteCast(now, suggestion_id=suggestion.id, person=person)]


def unvote(forum: Forum, now: float, person: str, suggestion_id: int) -> list:
    suggestion = _votable(forum, suggestion_id)
    if person not in forum.votes.get(suggestion.id, ()):
        return []
    return [VoteWithdrawn(now, suggestion_id=suggestion.id, person=person)]


def set_voting(forum: Forum, now: float, open_: bool) -> list:
    if forum.voting_open() == open_:
        return []
    return [VotingSet(now, question=forum.question, open=open_)]


def reveal_tallies(forum: Forum, now: float, revealed: bool) -> list:
    if (forum.question in forum.revealed) == revealed:
        return []
    return [TalliesRevealed(now, question=forum.question, revealed=revealed)]


def _votable(forum: Forum, suggestion_id: int) -> Suggestion:
    suggestion = find(forum, suggestion_id)
    if not suggestion.visible:
        raise Refused(N_("That suggestion is not open for votes."))
    if suggestion.question != forum.question:
        raise Refused(N_("Voting is open only on the current question."))
    if not forum.voting_open():
        raise Refused(N_("Voting on this question is closed."))
    return suggestion


# ---- how the events apply, and the votes table they project ----------------------------------------

def _vote_cast(forum: Forum, e: VoteCast) -> None:
    forum.votes.setdefault(e.suggestion_id, set()).add(e.person)
    forum.voted.setdefault(e.person, set()).add(e.suggestion_id)


def _vote_withdrawn(forum: Forum, e: VoteWithdrawn) -> None:
    forum.votes.get(e.suggestion_id, set()).discard(e.person)
    forum.voted.get(e.person, set()).discard(e.suggestion_id)


def _voting_set(forum: Forum, e: VotingSet) -> None:
    (forum.voting_closed.discard if e.open else forum.voting_closed.add)(e.question)


def _tallies_revealed(forum: Forum, e: TalliesRevealed) -> None:
    (forum.revealed.add if e.revealed else forum.revealed.discard)(e.question)


def vote_changes(e) -> list[tuple]:
    """What an event does to the table of votes: ("add" | "drop", suggestion, person) or ("move", from, into)."""
    if isinstance(e, VoteCast):
        return [("add", e.suggestion_id, e.person)]
    if isinstance(e, VoteWithdrawn):
        return [("drop", e.suggestion_id, e.person)]
    if isinstance(e, SuggestionsMerged):
        return [("drop", e.suggestion_id, person) for person in e.dropped] + [("move", e.suggestion_id, e.into)]
    return []


APPLIES = {VoteCast: _vote_cast, VoteWithdrawn: _vote_withdrawn, VotingSet: _voting_set,
           TalliesRevealed: _tallies_revealed}
