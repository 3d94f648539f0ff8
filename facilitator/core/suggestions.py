"""Suggestions and dot-votes: posting, vote budgets, and the moderator's decisions."""
from __future__ import annotations

import math

from .errors import N_, N_plural, Refused
from .floor import event
from .rules import MAX_SUGGESTION, SUGGEST_INTERVAL_S, clean_lang, clean_text
from .state import Forum, Suggestion


def votes_used(forum: Forum, person: str, question: int) -> int:
    """Votes the person has on visible suggestions of `question` (hidden ones give votes back)."""
    return sum(1 for s in forum.suggestions.values()
               if s.question == question and s.visible and person in forum.votes.get(s.id, ()))


def votes_left(forum: Forum, person: str) -> int | None:
    """Votes left on the current question; None when the forum sets no budget."""
    budget = forum.settings.vote_budget
    if budget == 0:
        return None
    return max(0, budget - votes_used(forum, person, forum.question))


def voting_open(forum: Forum, question: int | None = None) -> bool:
    return (forum.question if question is None else question) not in forum.voting_closed


def tallies_visible(forum: Forum, audience: str, question: int | None = None) -> bool:
    """Whether `audience` (participant, board, moderator) sees vote counts on the question."""
    q = forum.question if question is None else question
    mode = forum.settings.hide_tallies
    if audience == "moderator" or mode == "none" or q in forum.revealed:
        return True
    return audience == "board" and mode == "phones"


def suggest(forum: Forum, now: float, person: str, text: str) -> list[dict]:
    text = clean_text(text, "suggestion", MAX_SUGGESTION)
    if not voting_open(forum):
        raise Refused(N_("Input on this question is closed."))
    wait = SUGGEST_INTERVAL_S - (now - forum.last_suggested_at.get(person, -math.inf))
    if wait > 0:
        raise Refused(N_("You just posted a suggestion. Please wait %(seconds)s s before the next one."),
                      seconds=math.ceil(wait))
    return [event("SuggestionPosted", now, suggestion_id=forum.next_id("suggestion"), person=person,
                  question=forum.question, text=text, approved=not forum.settings.premoderation)]


def vote(forum: Forum, now: float, person: str, suggestion_id: int) -> list[dict]:
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
    return [event("VoteCast", now, suggestion_id=suggestion.id, person=person)]


def unvote(forum: Forum, now: float, person: str, suggestion_id: int) -> list[dict]:
    suggestion = _votable(forum, suggestion_id)
    if person not in forum.votes.get(suggestion.id, ()):
        return []
    return [event("VoteWithdrawn", now, suggestion_id=suggestion.id, person=person)]


def hide(forum: Forum, now: float, suggestion_id: int, hidden: bool) -> list[dict]:
    suggestion = find(forum, suggestion_id)
    if suggestion.hidden == hidden:
        return []
    return [event("SuggestionHidden" if hidden else "SuggestionUnhidden", now, suggestion_id=suggestion.id)]


def approve(forum: Forum, now: float, suggestion_id: int) -> list[dict]:
    suggestion = find(forum, suggestion_id)
    return [] if suggestion.approved else [event("SuggestionApproved", now, suggestion_id=suggestion.id)]


def pin(forum: Forum, now: float, suggestion_id: int, pinned: bool) -> list[dict]:
    suggestion = find(forum, suggestion_id)
    if suggestion.pinned == pinned:
        return []
    return [event("SuggestionPinned", now, suggestion_id=suggestion.id, pinned=pinned)]


def edit(forum: Forum, now: float, suggestion_id: int, text: str) -> list[dict]:
    suggestion = find(forum, suggestion_id)
    text = clean_text(text, "suggestion", MAX_SUGGESTION)
    if text == suggestion.text:
        return []
    return [event("SuggestionEdited", now, suggestion_id=suggestion.id, text=text, previous=suggestion.text)]


def translate(forum: Forum, now: float, suggestion_id: int, lang: str, text: str) -> list[dict]:
    suggestion = find(forum, suggestion_id)
    lang = clean_lang(lang) or _refuse(N_("Say which language the translation is in."))
    text = clean_text(text, "translation", MAX_SUGGESTION, allow_empty=True)
    if suggestion.translations.get(lang, "") == text:
        return []
    return [event("SuggestionTranslated", now, suggestion_id=suggestion.id, lang=lang, text=text)]


def merge(forum: Forum, now: float, suggestion_id: int, into: int) -> list[dict]:
    """Fold a duplicate into another: its votes follow, and nobody ends up with two votes on one."""
    source, target = find(forum, suggestion_id), find(forum, into)
    if source.id == target.id:
        raise Refused(N_("A suggestion cannot be merged into itself."))
    if source.question != target.question:
        raise Refused(N_("Only suggestions on the same question can be merged."))
    if source.merged_into is not None or target.merged_into is not None:
        raise Refused(N_("That suggestion is already merged into another."))
    voters, target_voters = forum.votes.get(source.id, set()), forum.votes.get(target.id, set())
    return [event("SuggestionsMerged", now, suggestion_id=source.id, into=target.id,
                  moved=sorted(voters - target_voters), dropped=sorted(voters & target_voters))]


def find(forum: Forum, suggestion_id: int) -> Suggestion:
    suggestion = forum.suggestions.get(suggestion_id)
    if suggestion is None:
        raise Refused(N_("There is no suggestion %(id)s."), id=suggestion_id)
    return suggestion


def _votable(forum: Forum, suggestion_id: int) -> Suggestion:
    suggestion = find(forum, suggestion_id)
    if not suggestion.visible:
        raise Refused(N_("That suggestion is not open for votes."))
    if suggestion.question != forum.question:
        raise Refused(N_("Voting is open only on the current question."))
    if not voting_open(forum):
        raise Refused(N_("Voting on this question is closed."))
    return suggestion


def _refuse(message: str):
    raise Refused(message)
