"""Suggestions: posting them, opening and closing them, and the moderator's decisions (hide, approve,
pin, edit, translate, merge, redact).

Redaction is the one sanctioned rewrite of the log: SuggestionRedacted removes the suggestion's text
from every earlier event that carries it (`redacted`), in the database as in memory, and records who
did it but never the text.
"""
from __future__ import annotations

import math
from dataclasses import replace

from .errors import N_, Refused
from .events import (Event, SuggestionApproved, SuggestionEdited, SuggestionHidden, SuggestionPinned,
                     SuggestionPosted, SuggestionRedacted, SuggestionsMerged, SuggestionsSet, SuggestionTranslated,
                     SuggestionUnhidden)
from .rules import MAX_SUGGESTION, SUGGEST_INTERVAL_S, SUGGESTIONS_PER_FORUM, clean_lang, clean_text, set_or_drop
from .state import Forum, Suggestion


def suggest(forum: Forum, now: float, person: str, text: str) -> list:
    text = clean_text(text, "suggestion", MAX_SUGGESTION)
    if not forum.suggestions_open():
        raise Refused(N_("The moderator has closed suggestions on this question."))
    if forum.next_id("suggestion") % SUGGESTIONS_PER_FORUM == 0:  # the next id is the next forum's range
        raise Refused(N_("This forum holds as many suggestions as it can."))
    wait = SUGGEST_INTERVAL_S - (now - forum.last_suggested_at.get(person, -math.inf))
    if wait > 0:
        raise Refused(N_("You just posted a suggestion. Please wait %(seconds)s s before the next one."),
                      seconds=math.ceil(wait))
    return [SuggestionPosted(now, suggestion_id=forum.next_id("suggestion"), person=person,
                             question=forum.question, text=text, approved=not forum.settings.premoderation)]


def set_open(forum: Forum, now: float, open_: bool) -> list:
    """Open or close new suggestions on the current question (voting opens and closes on its own)."""
    return [] if forum.suggestions_open() == open_ else [SuggestionsSet(now, question=forum.question, open=open_)]


def redact(forum: Forum, now: float, suggestion_id: int, by: str) -> list:
    """Remove the suggestion's text everywhere; it is no longer shown or open for votes."""
    suggestion = find(forum, suggestion_id)
    return [] if suggestion.redacted else [SuggestionRedacted(now, suggestion_id=suggestion.id, by=by)]


def hide(forum: Forum, now: float, suggestion_id: int, hidden: bool) -> list:
    suggestion = find(forum, suggestion_id)
    if suggestion.hidden == hidden:
        return []
    return [(SuggestionHidden if hidden else SuggestionUnhidden)(now, suggestion_id=suggestion.id)]


def approve(forum: Forum, now: float, suggestion_id: int) -> list:
    suggestion = find(forum, suggestion_id)
    return [] if suggestion.approved else [SuggestionApproved(now, suggestion_id=suggestion.id)]


def pin(forum: Forum, now: float, suggestion_id: int, pinned: bool) -> list:
    suggestion = unredacted(forum, suggestion_id)
    if suggestion.pinned == pinned:
        return []
    return [SuggestionPinned(now, suggestion_id=suggestion.id, pinned=pinned)]


def edit(forum: Forum, now: float, suggestion_id: int, text: str) -> list:
    suggestion = unredacted(forum, suggestion_id)
    text = clean_text(text, "suggestion", MAX_SUGGESTION)
    if text == suggestion.text:
        return []
    return [SuggestionEdited(now, suggestion_id=suggestion.id, text=text, previous=suggestion.text)]


def translate(forum: Forum, now: float, suggestion_id: int, lang: str, text: str) -> list:
    suggestion = unredacted(forum, suggestion_id)
    lang = clean_lang(lang) or _refuse(N_("Say which language the translation is in."))
    text = clean_text(text, "translation", MAX_SUGGESTION, allow_empty=True)
    if suggestion.translations.get(lang, "") == text:
        return []
    return [SuggestionTranslated(now, suggestion_id=suggestion.id, lang=lang, text=text)]


def merge(forum: Forum, now: float, suggestion_id: int, into: int) -> list:
    """Fold a duplicate into another: its votes follow, and nobody ends up with two votes on one."""
    source, target = unredacted(forum, suggestion_id), unredacted(forum, into)
    if source.id == target.id:
        raise Refused(N_("A suggestion cannot be merged into itself."))
    if source.question != target.question:
        raise Refused(N_("Only suggestions on the same question can be merged."))
    if source.merged_into is not None or target.merged_into is not None:
        raise Refused(N_("That suggestion is already merged into another."))
    voters, target_voters = forum.votes.get(source.id, set()), forum.votes.get(target.id, set())
    return [SuggestionsMerged(now, suggestion_id=source.id, into=target.id,
                              moved=sorted(voters - target_voters), dropped=sorted(voters & target_voters))]


def find(forum: Forum, suggestion_id: int) -> Suggestion:
    suggestion = forum.suggestions.get(suggestion_id)
    if suggestion is None:
        raise Refused(N_("There is no suggestion %(id)s."), id=suggestion_id)
    return suggestion


def unredacted(forum: Forum, suggestion_id: int) -> Suggestion:
    suggestion = find(forum, suggestion_id)
    if suggestion.redacted:
        raise Refused(N_("The text of suggestion %(id)s was removed; it cannot be changed any more."),
                      id=suggestion_id)
    return suggestion


# The fields of each event that carry a suggestion's text (or a translation of it).
TEXT_FIELDS = {SuggestionPosted: ("text",), SuggestionEdited: ("text", "previous"), SuggestionTranslated: ("text",)}


def redaction_of(e: Event) -> int | None:
    """The suggestion whose text the event removes from the earlier log, or None."""
    return e.suggestion_id if isinstance(e, SuggestionRedacted) else None


def redacted(e: Event, suggestion_id: int) -> Event:
    """`e` without the text of suggestion `suggestion_id`, if it carries it; else `e` itself."""
    names = TEXT_FIELDS.get(type(e))
    if not names or e.suggestion_id != suggestion_id or not any(getattr(e, n) for n in names):
        return e
    return replace(e, **{name: "" for name in names})


def _refuse(message: str):
    raise Refused(message)


# ---- how the events apply --------------------------------------------------------------------------

def _suggestion_posted(forum: Forum, e: SuggestionPosted) -> None:
    forum.take_id("suggestion", e.suggestion_id)
    forum.suggestions[e.suggestion_id] = Suggestion(e.suggestion_id, e.question, e.person, e.text, e.at,
                                                    original=e.text, approved=e.approved)
    forum.last_suggested_at[e.person] = e.at


def _flag(attr: str, value: bool):
    def apply(forum: Forum, e) -> None:
        setattr(forum.suggestions[e.suggestion_id], attr, value)
    return apply


def _suggestion_pinned(forum: Forum, e: SuggestionPinned) -> None:
    forum.suggestions[e.suggestion_id].pinned = e.pinned


def _suggestion_edited(forum: Forum, e: SuggestionEdited) -> None:
    forum.suggestions[e.suggestion_id].text = e.text


def _suggestion_translated(forum: Forum, e: SuggestionTranslated) -> None:
    set_or_drop(forum.suggestions[e.suggestion_id].translations, e.lang, e.text)


def _suggestion_redacted(forum: Forum, e: SuggestionRedacted) -> None:
    suggestion = forum.suggestions[e.suggestion_id]
    suggestion.text = suggestion.original = ""
    suggestion.translations.clear()
    suggestion.redacted = True


def _suggestions_set(forum: Forum, e: SuggestionsSet) -> None:
    (forum.suggestions_closed.discard if e.open else forum.suggestions_closed.add)(e.question)


def _suggestions_merged(forum: Forum, e: SuggestionsMerged) -> None:
    forum.suggestions[e.suggestion_id].merged_into = e.into
    forum.votes.setdefault(e.into, set()).update(e.moved)
    for person in forum.votes.pop(e.suggestion_id, ()):
        mine = forum.voted.get(person, set())
        mine.discard(e.suggestion_id)
        if person in e.moved:
            mine.add(e.into)


APPLIES = {SuggestionPosted: _suggestion_posted, SuggestionHidden: _flag("hidden", True),
           SuggestionUnhidden: _flag("hidden", False), SuggestionApproved: _flag("approved", True),
           SuggestionPinned: _suggestion_pinned, SuggestionEdited: _suggestion_edited,
           SuggestionTranslated: _suggestion_translated, SuggestionsMerged: _suggestions_merged,
           SuggestionRedacted: _suggestion_redacted, SuggestionsSet: _suggestions_set}
