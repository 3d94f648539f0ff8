"""The JSON API: creating and listing forums, and the exports."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from .core import Refused
from .core.settings import create_forum
from .export import export_data
from .links import forum_links
from .security import require_key
from .validation import Optional, payload

api = Blueprint("api", __name__, url_prefix="/api")

FORUM_FIELDS = {"title": str, "questions": list, "turn_seconds": Optional(int), "vote_budget": Optional(int),
                "policy": Optional(str), "premoderation": Optional(bool), "hide_tallies": Optional(str)}


@api.before_request
def _moderator_only():
    require_key()


@api.errorhandler(Refused)
def _refused(error: Refused):
    return jsonify(error=str(error)), 400


@api.post("/forums")
def create():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused("The body must be a JSON object.")
    fields = payload(body, FORUM_FIELDS)
    if not all(isinstance(q, str) for q in fields["questions"]):
        raise Refused("Every question must be a text.")
    make = lambda code, now: create_forum(code, now, **fields)  # noqa: E731
    make("CHECK", 0.0)  # refuse a bad body before a code is taken
    code = current_app.extensions["forums"].create(make)
    return jsonify(code=code, **forum_links(code)), 201


@api.get("/forums")
def list_forums():
    forums = current_app.extensions["forums"]
    return jsonify(forums=[_summary(forums.get(code).state) for code in forums.store.forum_codes()])


def _summary(forum) -> dict:
    return {"code": forum.code, "title": forum.title, "created_at": forum.created_at,
            "questions": list(forum.questions), "participants": len(forum.people),
            "suggestions": len(forum.suggestions), "speeches": len(forum.speeches)}


@api.get("/forums/<code>/export.json")
def export_json(code: str):
    forums = current_app.extensions["forums"]
    loaded = forums.store.load(forums.get(code).state.code)
    return jsonify(export_data(loaded[1]))
