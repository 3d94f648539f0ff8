"""The moderator key on HTTP requests, and the headers every page carries."""
from __future__ import annotations

import hmac

from flask import abort, current_app, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
KEY_COOKIE = "moderator_key"


def given_key() -> str:
    return (request.headers.get("X-Moderator-Key") or request.args.get("key")
            or request.cookies.get(KEY_COOKIE) or "")


def key_status() -> int | None:
    """None when the request carries the right key; else 401 (no key) or 403 (a wrong one)."""
    key = given_key()
    if not key:
        return 401
    if not hmac.compare_digest(key.encode(), current_app.config["MODERATOR_KEY"].encode()):
        return 403
    return None


def require_key() -> None:
    status = key_status()
    if status:
        abort(status)


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
