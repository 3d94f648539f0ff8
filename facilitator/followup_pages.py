"""The console's follow-up area: every recommendation and its status, a forum's recommendations, the year's
view, the newsletter, the core-team keys. Pages for the moderator or a core-team key (the keys page,
the moderator's only); their scripts work through the follow-up's JSON API (followup.py)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, redirect, request

from .core.recommendations import STATUSES
from .moderator_access import KeyRefused
from .newsletter_draft import face_names, item_names, scope_names, status_names
from .security import identify, key_refusal, log_in
from .web import FOLLOW_UP, _key_page, _render, _without_key

followup_pages = Blueprint("followup_pages", __name__, url_prefix=FOLLOW_UP)


def _page(template: str, team: bool = True, **context) -> Response:
    """The page for the moderator or (if `team`) a core-team member; else the key page."""
    refusal = key_refusal(team=team)
    if refusal:
        return _key_page(refusal, team=team)
    config = dict(context.pop("page_config", {}), role=g.actor.role, who=g.actor.name)
    return _render(template, page_config=config, actor=g.actor, statuses=status_names(), scopes=scope_names(),
                   status_order=STATUSES, items=item_names(), faces=face_names(), **context)


@followup_pages.post("")
@followup_pages.post("/")
@followup_pages.post("/<path:rest>")
def log_in_by_form(rest: str = ""):
    """The key page's form on a follow-up page: the moderator's key or a core-team key."""
    try:
        actor = identify(request.form.get("key"))
    except KeyRefused as refusal:
        return _key_page(refusal, team=True)
    return log_in(redirect(_without_key(), 303), actor)


@followup_pages.get("")
@followup_pages.get("/")
def recommendations_list():
    return _page("followup.html")


@followup_pages.get("/year")
def year():
    return _page("followup_year.html")


@followup_pages.get("/newsletter")
def newsletter():
    return _page("followup_newsletter.html")


@followup_pages.get("/keys")
def keys():
    return _page("followup_keys.html", team=False)


@followup_pages.get("/<code>")
def forum(code: str):
    if key_refusal(team=True):
        return _page("followup_forum.html")  # the key page
    found = current_app.extensions["snapshots"].read(code, lambda forum, now: (forum.code, forum.title))
    if found is None:
        abort(404)
    return _page("followup_forum.html", code=found[0], title=found[1], page_config={"code": found[0]})
