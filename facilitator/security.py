"""The moderator on HTTP requests and sockets (see moderator_access.py), and the headers every page carries."""
from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_babel import gettext

from .moderator_access import KeyRefused, ModeratorAccess

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
KEY_COOKIE = "moderator_key"  # the name is older than the session it now holds: never the key itself


def access() -> ModeratorAccess:
    return current_app.extensions["moderator_access"]


def check_key(given: str | None) -> None:
    """The key typed or sent by this request's client, through the guard against guessing; KeyRefused if not."""
    access().check(given, request.remote_addr or "")


def check_moderator(given: str | None) -> None:
    """The socket join's check: the console's session cookie, or the key through the guard against guessing."""
    if not access().is_session(given):
        check_key(given)


def key_refusal() -> KeyRefused | None:
    """None if the request is the moderator's: the X-Moderator-Key header (checked against guessing), or
    the session cookie; else why not."""
    header = request.headers.get("X-Moderator-Key")
    try:
        if header:
            check_key(header)
        elif not access().is_session(request.cookies.get(KEY_COOKIE)):
            raise KeyRefused(401)
    except KeyRefused as refusal:
        return refusal
    return None


def require_key() -> Response | None:
    """For a before_request hook of the API: the refusal as JSON, or None to go on."""
    refusal = key_refusal()
    return refused_json(refusal) if refusal else None


def refused_json(refusal: KeyRefused) -> Response:
    response = jsonify(error=refusal.translated(gettext))
    response.status_code = refusal.status
    return with_retry_after(response, refusal)


def with_retry_after(response: Response, refusal: KeyRefused) -> Response:
    if refusal.retry_after:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def log_in(response: Response) -> Response:
    """Give the browser a moderator session (a signed value, never the key)."""
    response.set_cookie(KEY_COOKIE, access().session(), httponly=True, samesite="Strict",
                        max_age=30 * 86400)
    return response


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
