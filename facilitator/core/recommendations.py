"""Recommendations the core team writes after the forum, and their follow-up as a dated history.

A recommendation belongs to one question of the forum and rests on suggestions (and speeches) of
that forum. Its status moves along drafted → presented → assigned → in_progress → implemented, or
ends as declined (with the reason the city gave). A step back, or away from a final status, needs a
reason. Every change names who made it (`by`); the recommendation's id is given by the shell, which
keeps ids unique across forums (store.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date as Date

from .errors import N_, Refused
from .events import (RecommendationDrafted, RecommendationEdited, RecommendationNoted, RecommendationRemoved,
                     RecommendationStatusSet, RecommendationTranslated)
from .rules import CONTROL, clean_lang
from .state import Forum

STATUSES = ("drafted", "presented", "assigned", "in_progress", "implemented", "declined")
RANK = {"drafted": 0, "presented": 1, "assigned": 2, "in_progress": 3, "implemented": 4, "declined": 4}
FINAL = ("implemented", "declined")
SCOPES = ("", "city", "beyond")
MAX_TITLE = 200
MAX_TEXT = 2000
MAX_NAME = 200  # a department, an official, whom it was presented to
MAX_NOTE = 2000
MAX_ROUTE = 300
MAX_LINKS = 100
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
DETAILS = ("date", "to", "department", "official", "reason", "note")

EMPTY_TITLE = N_("The recommendation needs a title.")
# Whole sentences per field, so that translators never get a sentence put together from pieces.
TOO_LONG = {"title": N_("The title is too long: at most %(limit)s characters."),
            "text": N_("The text is too long: at most %(limit)s characters."),
            "route": N_("The way it goes further is too long: at most %(limit)s characters."),
            "to": N_("Whom it was presented to is too long: at most %(limit)s characters."),
            "department": N_("The department is too long: at most %(limit)s characters."),
            "official": N_("The official's name is too long: at most %(limit)s characters."),
            "reason": N_("The reason is too long: at most %(limit)s characters."),
            "note": N_("The note is too long: at most %(limit)s characters.")}


@dataclass
class Recommendation:
    id: int
    question: int
    title: str
    text: str
    suggestion_ids: list[int]
    speech_ids: list[int]
    scope: str
    route: str
    created_at: float
    created_by: dict
    history: list[dict] = field(default_factory=list)  # status changes, oldest first (the first: drafted)
    notes: list[dict] = field(default_factory=list)
    translations: dict[str, dict] = field(default_factory=dict)  # lang -> {"title", "text"}
    edited_at: float | None = None
    edited_by: dict | None = None

    @property
    def status(self) -> str:
        return self.history[-1]["status"]

    @property
    def since(self) -> dict:
        """The entry of the current status."""
        return self.history[-1]

    def latest(self, name: str) -> str:
        """The latest non-empty value of a detail (the department it is assigned to…)."""
        return next((entry[name] for entry in reversed(self.history) if entry.get(name)), "")


# ---- decisions -------------------------------------------------------------------------------------

def draft(forum: Forum, now: float, recommendation_id: int, question: int, title: str, text: str,
          suggestion_ids: list, speech_ids: list | None = None, scope: str = "", route: str = "",
          by: dict | None = None) -> list:
    """A new recommendation (id 0 only checks the input: the shell reserves the id afterwards)."""
    if recommendation_id in forum.recommendations:
        raise Refused(N_("There is already a recommendation %(id)s."), id=recommendation_id)
    content = _content(forum, question, title, text, suggestion_ids, speech_ids or [], scope, route)
    return [RecommendationDrafted(now, recommendation_id=recommendation_id, **content, by=by or {})]


def edit(forum: Forum, now: float, recommendation_id: int, question: int, title: str, text: str,
         suggestion_ids: list, speech_ids: list | None = None, scope: str = "", route: str = "",
         by: dict | None = None) -> list:
    rec = find(forum, recommendation_id)
    content = _content(forum, question, title, text, suggestion_ids, speech_ids or [], scope, route)
    if all(getattr(rec, name) == value for name, value in content.items()):
        return []
    return [RecommendationEdited(now, recommendation_id=rec.id, **content, by=by or {})]


def set_status(forum: Forum, now: float, recommendation_id: int, status: str, by: dict | None = None,
               date: str = "", to: str = "", department: str = "", official: str = "", reason: str = "",
               note: str = "") -> list:
    """A new status with its details; a repeat changes nothing."""
    rec = find(forum, recommendation_id)
    if status not in STATUSES:
        raise Refused(N_("'%(status)s' is not a status. The statuses are: %(statuses)s."), status=str(status)[:40],
                      statuses=", ".join(STATUSES))
    details = {"date": date, "to": to, "department": department, "official": official, "reason": reason,
               "note": note}
    given = {name: _clean(details.get(name) or "", name, MAX_NOTE if name in ("reason", "note") else MAX_NAME)
             for name in DETAILS if name != "date"}
    given["date"] = check_date(_clean(details.get("date") or "", "date", 10 ** 6))
    if status == "declined" and not given["reason"]:
        raise Refused(N_("A recommendation is declined with the reason the city gave: write the reason."))
    if moves_back(rec.status, status) and not given["reason"]:
        raise Refused(N_("Moving a recommendation back from %(current)s to %(status)s needs a reason."),
                      current=rec.status, status=status)
    if status == rec.status and all(not value or rec.since.get(name) == value for name, value in given.items()):
        return []  # a resent change
    return [RecommendationStatusSet(now, recommendation_id=rec.id, status=status, **given, by=by or {})]


def add_note(forum: Forum, now: float, recommendation_id: int, note: str, by: dict | None = None) -> list:
    rec = find(forum, recommendation_id)
    note = _clean(note, "note", MAX_NOTE)
    if not note:
        raise Refused(N_("The note is empty."))
    return [RecommendationNoted(now, recommendation_id=rec.id, note=note, by=by or {})]


def translate(forum: Forum, now: float, recommendation_id: int, lang: str, title: str, text: str,
              by: dict | None = None) -> list:
    """A translation typed by a person; an empty title and text remove it."""
    rec = find(forum, recommendation_id)
    lang = clean_lang(lang)
    if not lang:
        raise Refused(N_("Say which language the translation is in."))
    title, text = _clean(title, "title", MAX_TITLE), _clean(text, "text", MAX_TEXT)
    if text and not title:
        raise Refused(N_("The translation needs a title too."))
    if rec.translations.get(lang, {"title": "", "text": ""}) == {"title": title, "text": text}:
        return []
    return [RecommendationTranslated(now, recommendation_id=rec.id, lang=lang, title=title, text=text, by=by or {})]


def remove(forum: Forum, now: float, recommendation_id: int, by: dict | None = None) -> list:
    """Only a draft can be removed: once presented, a recommendation stays in the record (declined, if need be)."""
    rec = find(forum, recommendation_id)
    if rec.status != "drafted" or len(rec.history) > 1:
        raise Refused(N_("Only a draft can be removed. A recommendation that was presented stays on record: "
                         "decline it, with the reason."))
    return [RecommendationRemoved(now, recommendation_id=rec.id, by=by or {})]


def moves_back(current: str, status: str) -> bool:
    """Whether going from `current` to `status` goes back (or leaves a final status)."""
    return RANK[status] < RANK[current] or (current in FINAL and status != current)


def find(forum: Forum, recommendation_id: int) -> Recommendation:
    rec = forum.recommendations.get(recommendation_id)
    if rec is None:
        raise Refused(N_("There is no recommendation %(id)s."), id=recommendation_id)
    return rec


def check_date(value: str) -> str:
    """A day written YYYY-MM-DD, or empty."""
    if not value:
        return ""
    try:
        if len(value) > 10 or not DATE_RE.fullmatch(value):
            raise ValueError
        Date.fromisoformat(value)
    except ValueError:
        raise Refused(N_("'%(value)s' is not a date: write it as YYYY-MM-DD."), value=value[:20]) from None
    return value


def _content(forum: Forum, question: int, title: str, text: str, suggestion_ids: list, speech_ids: list,
             scope: str, route: str) -> dict:
    if isinstance(question, bool) or not isinstance(question, int) or not 0 <= question < len(forum.questions):
        raise Refused(N_("This forum has no question %(number)s."), number=str(question)[:12])
    title = _clean(title, "title", MAX_TITLE)
    if not title:
        raise Refused(EMPTY_TITLE)
    if scope not in SCOPES:
        raise Refused(N_("The scope must be city, beyond, or empty (not decided yet)."))
    return {"question": question, "title": title, "text": _clean(text, "text", MAX_TEXT),
            "suggestion_ids": _suggestions(forum, suggestion_ids), "speech_ids": _speeches(forum, speech_ids),
            "scope": scope, "route": _clean(route, "route", MAX_ROUTE)}


def _suggestions(forum: Forum, ids: list) -> list[int]:
    """The suggestions a recommendation rests on: this forum's, shown to the room (several may back one)."""
    out = _ids(ids)
    for sid in out:
        s = forum.suggestions.get(sid)
        if s is None:
            raise Refused(N_("Suggestion %(id)s is not one of this forum's suggestions."), id=sid)
        if s.merged_into is not None:
            raise Refused(N_("Suggestion %(id)s was merged into suggestion %(into)s: link that one."), id=sid,
                          into=s.merged_into)
        if s.hidden or not s.approved:
            raise Refused(N_("Suggestion %(id)s was never shown to the room (hidden or not approved)."), id=sid)
    return out


def _speeches(forum: Forum, ids: list) -> list[int]:
    out = _ids(ids)
    known = {s.id for s in forum.speeches}
    for sid in out:
        if sid not in known:
            raise Refused(N_("Speech %(id)s is not one of this forum's speeches."), id=sid)
    return out


def _ids(ids) -> list[int]:
    if not isinstance(ids, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise Refused(N_("The links must be a list of whole numbers (ids)."))
    if len(ids) > MAX_LINKS:
        raise Refused(N_("A recommendation can rest on at most %(limit)s suggestions or speeches."), limit=MAX_LINKS)
    return list(dict.fromkeys(ids))


def _clean(value, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise Refused(N_("The field '%(name)s' must be a text."), name=name)
    value = CONTROL.sub("", value).strip()
    if len(value) > limit:
        raise Refused(TOO_LONG[name], limit=limit)
    return value


# ---- what the API and the export show of one -------------------------------------------------------

def public(rec: Recommendation) -> dict:
    """REC of the contract (`id`, `question`, `title`, `text`, `suggestion_ids`, `status`, `history`) and more."""
    return {"id": rec.id, "question": rec.question, "title": rec.title, "text": rec.text,
            "suggestion_ids": list(rec.suggestion_ids), "speech_ids": list(rec.speech_ids),
            "scope": rec.scope, "route": rec.route, "status": rec.status, "status_at": rec.since["at"],
            "status_date": rec.since["date"], "department": rec.latest("department"),
            "official": rec.latest("official"), "created_at": rec.created_at, "created_by": dict(rec.created_by),
            "edited_at": rec.edited_at, "edited_by": rec.edited_by,
            "history": [dict(entry) for entry in rec.history], "notes": [dict(note) for note in rec.notes],
            "translations": {lang: dict(t) for lang, t in rec.translations.items()}}


def renumbered(events: list, mapping: dict[int, int]) -> list:
    """The log with recommendation ids changed as `mapping` says (an import into a data dir that holds them)."""
    return [replace(e, recommendation_id=mapping[e.recommendation_id])
            if getattr(e, "recommendation_id", None) in mapping else e for e in events]


def in_order(forum: Forum) -> list[Recommendation]:
    """The forum's recommendations by question, then in the order they were written."""
    return sorted(forum.recommendations.values(), key=lambda r: (r.question, r.id))


# ---- how the events apply --------------------------------------------------------------------------

def _drafted(forum: Forum, e: RecommendationDrafted) -> None:
    forum.recommendations[e.recommendation_id] = Recommendation(
        e.recommendation_id, e.question, e.title, e.text, list(e.suggestion_ids), list(e.speech_ids), e.scope,
        e.route, e.at, dict(e.by), history=[_entry(e.at, "drafted", {}, e.by)])


def _edited(forum: Forum, e: RecommendationEdited) -> None:
    rec = forum.recommendations[e.recommendation_id]
    rec.question, rec.title, rec.text, rec.scope, rec.route = e.question, e.title, e.text, e.scope, e.route
    rec.suggestion_ids, rec.speech_ids = list(e.suggestion_ids), list(e.speech_ids)
    rec.edited_at, rec.edited_by = e.at, dict(e.by)


def _status_set(forum: Forum, e: RecommendationStatusSet) -> None:
    details = {name: getattr(e, name) for name in DETAILS}
    forum.recommendations[e.recommendation_id].history.append(_entry(e.at, e.status, details, e.by))


def _entry(at: float, status: str, details: dict, by: dict) -> dict:
    return {"status": status, "at": at, **{name: details.get(name, "") for name in DETAILS}, "by": dict(by)}


def _noted(forum: Forum, e: RecommendationNoted) -> None:
    rec = forum.recommendations[e.recommendation_id]
    rec.notes.append({"at": e.at, "note": e.note, "status": rec.status, "by": dict(e.by)})


def _translated(forum: Forum, e: RecommendationTranslated) -> None:
    translations = forum.recommendations[e.recommendation_id].translations
    if e.title or e.text:
        translations[e.lang] = {"title": e.title, "text": e.text}
    else:
        translations.pop(e.lang, None)


def _removed(forum: Forum, e: RecommendationRemoved) -> None:
    del forum.recommendations[e.recommendation_id]


APPLIES = {RecommendationDrafted: _drafted, RecommendationEdited: _edited, RecommendationStatusSet: _status_set,
           RecommendationNoted: _noted, RecommendationTranslated: _translated, RecommendationRemoved: _removed}


# ---- the store's table of recommendations, a projection for lists across forums ---------------------

def row_changes(e) -> list[tuple]:
    """What an event does to the store's recommendations table: ("set", id, {column: value}) or ("drop", id)."""
    if isinstance(e, (RecommendationDrafted, RecommendationEdited)):
        values = {"question": e.question, "title": e.title, "scope": e.scope}
        if isinstance(e, RecommendationDrafted):
            values.update(status="drafted", status_at=e.at, status_date="", department="", official="",
                          created_at=e.at)
        return [("set", e.recommendation_id, values)]
    if isinstance(e, RecommendationStatusSet):
        values = {"status": e.status, "status_at": e.at, "status_date": e.date}
        values.update({name: getattr(e, name) for name in ("department", "official") if getattr(e, name)})
        return [("set", e.recommendation_id, values)]
    if isinstance(e, RecommendationRemoved):
        return [("drop", e.recommendation_id)]
    return []
