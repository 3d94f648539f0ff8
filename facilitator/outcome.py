""""You said, we did": once a forum is over (core/ending.py), its join link shows, in the phone's language,
which recommendations came from the forum, the suggestions they rest on (anonymous, as always) and how
far each has come. A phone that kept its token asks which of its own suggestions fed one: the answer
is computed on the server for that token alone and tells nobody else anything.
"""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import format_date

from .core import N_, Refused, ending
from .core.newsletter import ORIGINAL, in_language, recommendation
from .core.recommendations import RANK, in_order
from .i18n import page_language, translate_refusal
from .newsletter_draft import status_names
from .store import token_hash

outcome_pages = Blueprint("outcome_pages", __name__)
STEPS = ("drafted", "presented", "assigned", "in_progress", "implemented")


def after_the_forum(code: str) -> Response | None:
    """The outcome page if the forum is over, else None (the live phone page)."""
    from .web import _render
    forums = current_app.extensions["forums"]
    try:
        live = forums.get(code)
    except Refused:
        return None
    lang = page_language()
    with live.lock:
        if not ending.is_over(live.state, forums.now(live)):
            return None
        view = outcome_view(live.state, lang)
    return _render("outcome.html", code=view["code"], title=view["title"]["text"], view=view,
                   statuses=status_names(), status_hints=status_hints(), steps=STEPS, day=local_day,
                   page_config={"code": view["code"]})


def so_far(code: str) -> dict | None:
    """The recommendations of a forum still live (not yet ended or quiet), for its phone page; else None.

    Read once when the page loads, never pushed: the live floor's state carries no recommendation."""
    live = current_app.extensions["forums"].held(code.strip().upper())  # after_the_forum loaded it
    if live is None:
        return None
    with live.lock:
        return outcome_view(live.state, page_language()) if live.state.recommendations else None


def outcome_context(view: dict | None) -> dict:
    """What phone.html needs to show a live forum's recommendations (nothing when it has none)."""
    return {"so_far": view, "statuses": status_names()} if view else {}


def local_day(value: float | str) -> str:
    """A day as the page's language writes it (a time in seconds, or a YYYY-MM-DD day)."""
    day = date.fromisoformat(value) if isinstance(value, str) else datetime.fromtimestamp(value).date()
    return format_date(day, "long")


def outcome_view(forum, lang: str) -> dict:
    """What the phone shows: per question, its recommendations in `lang`, with what they rest on."""
    questions = []
    for i, text in enumerate(forum.questions):
        recs = [dict(recommendation(forum, rec, lang), step=RANK[rec.status]) for rec in in_order(forum)
                if rec.question == i]
        questions.append({"index": i, "text": in_language(text, forum.question_translations.get(i, {}), lang),
                          "recommendations": recs})
    return {"code": forum.code, "title": in_language(forum.title, forum.title_translations, lang),
            "ended_at": forum.ended_at, "original": ORIGINAL, "questions": questions,
            "count": len(forum.recommendations)}


def status_hints() -> dict[str, str]:
    """What each status means, for people who were in the room."""
    from flask_babel import gettext as _
    return {"drafted": _("The core team is writing it down."),
            "presented": _("The city's leadership has received it."),
            "assigned": _("A department of the city is responsible for it."),
            "in_progress": _("The city is working on it."),
            "implemented": _("It has been done."),
            "declined": _("The city said no, and gave its reason.")}


@outcome_pages.post("/j/<code>/mine")
def mine(code: str):
    """Which of this phone's own suggestions fed a recommendation: for the holder of the token only."""
    forums = current_app.extensions["forums"]
    body = request.get_json(silent=True)
    token = body.get("token") if isinstance(body, dict) else None
    try:
        if not isinstance(token, str) or not token or len(token) > 200:
            raise Refused(N_("The phone's token is missing."))
        live = forums.get(code)
    except Refused as error:
        return jsonify(error=translate_refusal(error)), 400
    with live.lock:
        person = live.devices.get(token_hash(token))
        forum = live.state
        posted = [s.id for s in forum.suggestions.values() if person and s.person == person]
        fed = {rec.id: [sid for sid in rec.suggestion_ids if sid in posted] for rec in forum.recommendations.values()}
    response = jsonify(known=person is not None, posted=len(posted),
                       suggestions=sorted({sid for sids in fed.values() for sid in sids}),
                       recommendations=sorted(rid for rid, sids in fed.items() if sids))
    response.headers["Cache-Control"] = "no-store"
    return response
