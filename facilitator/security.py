"""Who sends a request: the moderator (see moderator_access.py) or a core-team member (team_keys.py), on
HTTP requests and sockets; and the headers every page carries. A core-team key opens the follow-up,
never the live floor."""
from __future__ import annotations

from flask import Response, current_app, g, jsonify, request
from flask_babel import gettext

from .core import N_
from .moderator_access import KeyRefused, ModeratorAccess
from .team_keys import MODERATOR, Actor, TeamKeys

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
KEY_COOKIE = "moderator_key"  # the name is older than the session it now holds: never the key itself
TEAM_COOKIE = "team_session"  # a core-team member's session (team_keys.py): never the key itself
NOT_THE_FLOOR = N_("A core-team key opens the follow-up pages, not the live floor.")


def access() -> ModeratorAccess:
    return current_app.extensions["moderator_access"]


def team_keys() -> TeamKeys:
    return current_app.extensions["team_keys"]


def identify(given: str | None) -> Actor:
    """The moderator or a core-team member, by the key typed or sent (guesses slowed); KeyRefused if neither."""
    return access().identify(given, request.remote_addr or "", team_keys().find) or MODERATOR


def check_key(given: str | None) -> None:
    """The moderator's key typed or sent by this request's client; KeyRefused if not (a core-team key too)."""
    if identify(given).role != "moderator":
        raise KeyRefused(403, template=NOT_THE_FLOOR)


def check_moderator(given: str | None) -> None:
    """The socket join's check: the console's session cookie, or the key through the guard against guessing."""
    if not access().is_session(given):
        check_key(given)


def request_actor(team: bool = False) -> Actor | KeyRefused:
    """Who sends this request: the X-Moderator-Key header (the moderator's key or, if `team`, a core-team
    key; checked against guessing), or a session cookie; else why not."""
    header = request.headers.get("X-Moderator-Key")
    try:
        if header:
            actor = identify(header)
        elif access().is_session(request.cookies.get(KEY_COOKIE)):
            actor = MODERATOR
        else:
            actor = team_keys().from_session(request.cookies.get(TEAM_COOKIE))
            if actor is None:
                raise KeyRefused(401)
        if actor.role != "moderator" and not team:
            raise KeyRefused(403, template=NOT_THE_FLOOR)
    except KeyRefused as refusal:
        return refusal
    return actor


def key_refusal(team: bool = False) -> KeyRefused | None:
    """None if the request is the moderator's (or, if `team`, a core-team member's); else why not."""
    found = request_actor(team)
    if isinstance(found, KeyRefused):
        return found
    g.actor = found
    return None


def require_key(team: bool = False) -> Response | None:
    """For a before_request hook of the API: the refusal as JSON, or None to go on (`g.actor` says who)."""
    refusal = key_refusal(team)
    return refused_json(refusal) if refusal else None


def refused_json(refusal: KeyRefused) -> Response:
    response = jsonify(error=refusal.translated(gettext))
    response.status_code = refusal.status
    return with_retry_after(response, refusal)


def with_retry_after(response: Response, refusal: KeyRefused) -> Response:
    if refusal.retry_after:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def log_in(response: Response, actor: Actor = MODERATOR) -> Response:
    """Give the browser the moderator's or a core-team member's session (a signed value, never the key)."""
    if actor.role == "moderator":
        response.set_cookie(KEY_COOKIE, access().session(), httponly=True, samesite="Strict", max_age=30 * 86400)
    else:
        response.set_cookie(TEAM_COOKIE, team_keys().session(actor), httponly=True, samesite="Strict",
                            max_age=30 * 86400)
    return response


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
