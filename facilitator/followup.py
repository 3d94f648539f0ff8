"""The follow-up's JSON API (docs/protocol.md, "After the forum"): recommendations and their status, the
translations the newsletter shows, the year's view, the newsletter draft, planned forums, core-team keys.

The moderator's key or a core-team key opens it; the keys themselves, the moderator's only. A change is
decided by the core on the forum in memory and committed to its log like any action (forums.perform);
a read never loads a forum (snapshots.py). Nothing here is pushed to the live floor.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from flask_babel import gettext

from . import api as api_module
from .core import N_, Refused, newsletter, questions, recommendations, suggestions
from .core.recommendations import STATUSES
from .core.year_view import forum_figures, year_totals
from .i18n import translate_refusal
from .newsletter_draft import newsletter_data, render_html, render_markdown
from .validation import Optional, payload

followup_api = Blueprint("followup_api", __name__, url_prefix="/api")
MODERATOR_ONLY = ("list_keys", "add_key", "revoke_key")

RECOMMENDATION = {"question": int, "title": str, "text": str, "suggestion_ids": list,
                  "speech_ids": Optional(list), "scope": Optional(str), "route": Optional(str)}
EDIT = {name: Optional(kind.kind if isinstance(kind, Optional) else kind) for name, kind in RECOMMENDATION.items()}
STATUS = {"status": str, "note": Optional(str), "department": Optional(str), "official": Optional(str),
          "reason": Optional(str), "to": Optional(str), "date": Optional(str)}
TRANSLATION = {"lang": str, "text": str}


@followup_api.before_request
def _team_or_moderator():
    from .security import require_key
    return require_key(team=request.endpoint.rsplit(".", 1)[-1] not in MODERATOR_ONLY)


@followup_api.errorhandler(Refused)
def _refused(error: Refused):
    """400 with the reason in the request's language; nothing was changed."""
    return jsonify(error=translate_refusal(error)), 400


followup_api.errorhandler(Exception)(api_module._failed)


# ---- helpers -----------------------------------------------------------------------------------------

def _forums():
    return current_app.extensions["forums"]


def _snapshots():
    return current_app.extensions["snapshots"]


def _body(spec: dict) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused(N_("The body must be a JSON object."))
    return payload(body, spec)


def _not_found(message: str, **params) -> None:
    abort(api_module._error(404, gettext(message, **params)))


def _live(code: str):
    """The forum to change (loaded into memory, as any action does); 404 if there is none."""
    try:
        return _forums().get(code)
    except Refused:
        _not_found(N_("There is no forum with the code %(code)s."), code=code.strip().upper()[:16])


def _live_of(rid: int):
    """The forum a recommendation belongs to; 404 if there is no such recommendation."""
    code = _forums().db(_forums().store.recommendation_forum, rid)
    if code is None:
        _not_found(N_("There is no recommendation %(id)s."), id=rid)
    return _live(code)


def _perform(live, decide) -> list:
    events = _forums().perform(live, decide)
    current_app.extensions["broadcaster"].changed(live.state.code, events)  # follow-up events push nothing
    return events


def _rec(live, rid: int) -> dict:
    with live.lock:
        return dict(recommendations.public(recommendations.find(live.state, rid)), forum=live.state.code)


def _by() -> dict:
    return g.actor.record()


def _read(code: str, view):
    found = _snapshots().read(code, view)
    if found is None:
        _not_found(N_("There is no forum with the code %(code)s."), code=code.strip().upper()[:16])
    return found


# ---- recommendations ---------------------------------------------------------------------------------

@followup_api.post("/forums/<code>/recommendations")
def add_recommendation(code: str):
    body, by, live = _body(RECOMMENDATION), _by(), _live(code)
    forums = _forums()
    with live.lock:  # refuse bad input before an id is taken
        recommendations.draft(live.state, forums.now(live), 0, **body, by=by)
    rid = forums.db(forums.store.reserve_recommendation, live.id)
    try:
        _perform(live, lambda forum, now: recommendations.draft(forum, now, rid, **body, by=by))
    except Exception:
        forums.db(forums.store.release_recommendation, rid)
        raise
    return jsonify(id=rid), 201


@followup_api.get("/forums/<code>/recommendations")
def forum_recommendations(code: str):
    def view(forum, now):
        return [dict(recommendations.public(r), forum=forum.code) for r in recommendations.in_order(forum)]
    return jsonify(recommendations=_read(code, view))


@followup_api.get("/recommendations/<int:rid>")
def get_recommendation(rid: int):
    return jsonify(_rec(_live_of(rid), rid))


@followup_api.post("/recommendations/<int:rid>")
def edit_recommendation(rid: int):
    """Change a recommendation's content; the fields left out stay as they are."""
    body, by, live = _body(EDIT), _by(), _live_of(rid)

    def decide(forum, now):
        current = recommendations.public(recommendations.find(forum, rid))
        merged = {name: body.get(name, current[name]) for name in RECOMMENDATION}
        return recommendations.edit(forum, now, rid, **merged, by=by)
    _perform(live, decide)
    return jsonify(_rec(live, rid))


@followup_api.post("/recommendations/<int:rid>/status")
def set_status(rid: int):
    body, by, live = _body(STATUS), _by(), _live_of(rid)
    status = body.pop("status")
    _perform(live, lambda forum, now: recommendations.set_status(forum, now, rid, status, by=by, **body))
    return jsonify(_rec(live, rid))


@followup_api.post("/recommendations/<int:rid>/notes")
def add_note(rid: int):
    body, by, live = _body({"note": str}), _by(), _live_of(rid)
    _perform(live, lambda forum, now: recommendations.add_note(forum, now, rid, body["note"], by=by))
    return jsonify(_rec(live, rid))


@followup_api.post("/recommendations/<int:rid>/translations")
def translate_recommendation(rid: int):
    body, by, live = _body({"lang": str, "title": str, "text": str}), _by(), _live_of(rid)
    _perform(live, lambda forum, now: recommendations.translate(forum, now, rid, **body, by=by))
    return jsonify(_rec(live, rid))


@followup_api.delete("/recommendations/<int:rid>")
def remove_recommendation(rid: int):
    by, live = _by(), _live_of(rid)
    _perform(live, lambda forum, now: recommendations.remove(forum, now, rid, by=by))
    return jsonify(ok=True)


@followup_api.get("/recommendations")
def list_recommendations():
    """Every recommendation of every forum with its current status and since when; filterable by
    `forum` (code), `year` (of the forum), `status` and `department`."""
    forums = _forums()
    rows = forums.db(forums.store.recommendation_rows)
    for row in rows:
        questions_ = row.pop("questions") or []
        row["question_text"] = questions_[row["question"]] if 0 <= row["question"] < len(questions_) else ""
        row["year"] = datetime.fromtimestamp(row["forum_created_at"]).year
    options = {"forums": sorted({(r["forum"], r["forum_title"], r["forum_created_at"]) for r in rows},
                                key=lambda f: -f[2]),
               "years": sorted({r["year"] for r in rows}, reverse=True),
               "departments": sorted({r["department"] for r in rows if r["department"]}, key=str.casefold)}
    chosen = _filters()
    shown = [r for r in rows if all(r[name] == value for name, value in chosen.items())]
    return jsonify(recommendations=shown, now=forums.clock(), statuses=list(STATUSES),
                   forums=[{"code": c, "title": t, "created_at": at} for c, t, at in options["forums"]],
                   years=options["years"], departments=options["departments"])


def _filters() -> dict:
    chosen = {}
    for name in ("forum", "year", "status", "department"):
        value = (request.args.get(name) or "").strip()
        if not value:
            continue
        if name == "year":
            if not value.isdigit():
                raise Refused(N_("The year must be a number, such as 2026."))
            chosen[name] = int(value)
        elif name == "status" and value not in STATUSES:
            raise Refused(N_("'%(status)s' is not a status. The statuses are: %(statuses)s."), status=value[:40],
                          statuses=", ".join(STATUSES))
        else:
            chosen[name] = value.upper() if name == "forum" else value
    return chosen


# ---- a forum's follow-up page, and the translations the newsletter shows -------------------------

@followup_api.get("/forums/<code>/followup.json")
def forum_followup(code: str):
    """What a forum's follow-up page shows: its questions, suggestions with votes, speeches, recommendations."""
    def view(forum, now):
        return {"forum": {"code": forum.code, "title": forum.title, "created_at": forum.created_at,
                          "ended_at": forum.ended_at, "title_translations": dict(forum.title_translations)},
                "questions": [{"index": i, "text": text, "translations": dict(forum.question_translations.get(i, {}))}
                              for i, text in enumerate(forum.questions)],
                "suggestions": [{"id": s.id, "question": s.question, "text": s.text, "pinned": s.pinned,
                                 "votes": len(forum.votes.get(s.id, ())), "translations": dict(s.translations)}
                                for s in forum.suggestions.values() if s.visible],
                "speeches": [{"id": s.id, "question": s.question, "label": s.label, "lang": s.lang,
                              "started_at": s.started_at, "duration_s": s.duration_s} for s in forum.speeches],
                "recommendations": [recommendations.public(r) for r in recommendations.in_order(forum)],
                "figures": forum_figures(forum, now)}
    return jsonify(_read(code, view))


@followup_api.post("/forums/<code>/translations/title")
def translate_title(code: str):
    body, by, live = _body(TRANSLATION), _by(), _live(code)
    _perform(live, lambda forum, now: newsletter.translate_title(forum, now, body["lang"], body["text"], by=by))
    with live.lock:
        return jsonify(translations=dict(live.state.title_translations))


@followup_api.post("/forums/<code>/translations/questions/<int:index>")
def translate_question(code: str, index: int):
    body, live = _body(TRANSLATION), _live(code)
    _perform(live, lambda forum, now: questions.translate_question(forum, now, index, body["lang"], body["text"]))
    with live.lock:
        return jsonify(translations=dict(live.state.question_translations.get(index, {})))


@followup_api.post("/forums/<code>/translations/suggestions/<int:sid>")
def translate_suggestion(code: str, sid: int):
    body, live = _body(TRANSLATION), _live(code)
    _perform(live, lambda forum, now: suggestions.translate(forum, now, sid, body["lang"], body["text"]))
    with live.lock:
        return jsonify(translations=dict(live.state.suggestions[sid].translations))


# ---- the year's view and the newsletter --------------------------------------------------------

def _year() -> int:
    value = request.args.get("year")
    if value is None or value == "":
        return datetime.fromtimestamp(_forums().clock()).year
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise Refused(N_("The year must be a number, such as 2026."))
    return int(value)


@followup_api.get("/year.json")
def year_view():
    """The year's forums with their figures; the questions they took against the handbook's limit."""
    year, forums = _year(), _forums()
    rows = []
    summaries = forums.summaries()
    for summary in summaries:
        if datetime.fromtimestamp(summary["created_at"]).year != year:
            continue
        row = _snapshots().read(summary["code"], lambda forum, now: {
            "code": forum.code, "title": forum.title, "created_at": forum.created_at,
            "questions": list(forum.questions), "figures": forum_figures(forum, now)})
        if row:
            rows.append(row)
    years = sorted({datetime.fromtimestamp(s["created_at"]).year for s in summaries} | {year}, reverse=True)
    return jsonify(year=year, years=years, forums=rows, totals=year_totals(rows))


@followup_api.get("/newsletter.json")
def newsletter_json():
    return jsonify(newsletter_data(_forums(), _snapshots(), _planned()))


@followup_api.get("/newsletter.html")
def newsletter_html():
    """The newsletter draft, printable: `?year=YYYY` or `?from=YYYY-MM-DD&to=YYYY-MM-DD`, `?lang=xx`."""
    data = newsletter_data(_forums(), _snapshots(), _planned())
    return Response(render_html(data, standalone=False), mimetype="text/html", headers={"Cache-Control": "no-store"})


@followup_api.get("/newsletter.md")
def newsletter_markdown():
    """The same draft as plain text (Markdown), for an e-mail."""
    data = newsletter_data(_forums(), _snapshots(), _planned())
    return Response(render_markdown(data), mimetype="text/markdown", headers={"Cache-Control": "no-store"})


# ---- planned forums ------------------------------------------------------------------------------

def _planned():
    return current_app.extensions["planned_forums"]


@followup_api.get("/planned-forums")
def list_planned():
    return jsonify(planned=_planned().all())


@followup_api.post("/planned-forums")
def add_planned():
    body = _body({"day": str, "title": str, "place": Optional(str)})
    planned = _planned().add(body["day"], body["title"], body.get("place", ""), _by())
    return jsonify(planned), 201


@followup_api.post("/planned-forums/<int:planned_id>/translations")
def translate_planned(planned_id: int):
    body = _body(TRANSLATION)
    return jsonify(_planned().translate(planned_id, body["lang"], body["text"]))


@followup_api.delete("/planned-forums/<int:planned_id>")
def remove_planned(planned_id: int):
    _planned().remove(planned_id)
    return jsonify(ok=True)


# ---- core-team keys (the moderator's only) -------------------------------------------------------

def _keys():
    return current_app.extensions["team_keys"]


@followup_api.get("/keys")
def list_keys():
    return jsonify(keys=_keys().all())


@followup_api.post("/keys")
def add_key():
    """A new named key; the answer is the only place the key itself is ever shown."""
    body = _body({"name": str})
    row, key = _keys().add(body["name"], by=g.actor.label())
    return jsonify(dict(row, key=key)), 201


@followup_api.post("/keys/<int:key_id>/revoke")
def revoke_key(key_id: int):
    return jsonify(_keys().revoke(key_id, by=g.actor.label()))
