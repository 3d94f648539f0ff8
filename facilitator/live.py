"""Socket.IO handlers: check the seat and the payload, perform the action, schedule a push, ack.

The actions themselves, one named function each, are in actions.py; joining is here. The handlers sit
on python-socketio's server itself and take the socket's sid: Flask-SocketIO would build a Flask
request context (a Werkzeug request, URL matching, the session) for every event, about 400 µs of a
vote's CPU, for handlers that need only the sid. A Flask context is pushed only where one is read: the
moderator's join (its session cookie, the guard against guessing) and a refusal in another language
than English (Flask-Babel's catalogues).
"""
from __future__ import annotations

import secrets
from functools import wraps

from flask import request

from .actions import ACTIONS, Action
from . import full_states
from .admission import Admission
from .broadcast import person_room, room
from .core import N_, Refused, people, views
from .i18n import DEFAULT, known_language, translate_refusal
from .ratelimit import RateLimit
from .seats import ROLES, Seat, Seats
from .store import token_hash
from .security import KEY_COOKIE, check_moderator
from .validation import Optional, payload

JOIN = {"code": str, "role": str, "token": Optional(str), "key": Optional(str), "name": Optional(str),
        "lang": Optional(str)}
# Translators: %(event)s is the action's name as the program spells it (vote, next_speaker).
ONLY_ROLE = {"participant": N_("Only the participant can do '%(event)s'."),
             "moderator": N_("Only the moderator can do '%(event)s'.")}
HANDLER_FAILED = N_("The server could not carry out that action.")
assert {a.role for a in ACTIONS.values()} <= set(ONLY_ROLE)


def register(app, socketio, forums, broadcaster, seats: Seats, limit: RateLimit,
             admission: Admission | None = None) -> None:
    """Attach every handler to `socketio`'s python-socketio server, each called as handler(sid, data)."""
    admission = admission or Admission()
    server = socketio.server

    def refused(sid: str, error: Refused, lang: str | None = None) -> dict:
        """The ack of a refused action, its reason in the language of the page that sent it."""
        if lang is None:
            seat = seats.get(sid)
            lang = seat.lang if seat else DEFAULT
        ack = {"ok": False, "error": _translated(app, error, lang)}
        if getattr(error, "retry", False):  # the forum moves between a cluster's workers: the page retries
            ack["retry"] = True
        return ack

    def on(event: str):
        """Register a handler(sid, ...) for `event`; a handler's failure is logged and refused, never raised."""
        def decorator(handler):
            @wraps(handler)
            def guarded(*args):
                try:
                    return handler(*args)
                except Exception:  # a bug, not a refusal: the page still gets its ack, and the log the trace
                    server.logger.exception("socket handler failed")
                    return refused(args[1] if event == "*" else args[0], Refused(HANDLER_FAILED))
            server.on(event, guarded)
            return handler
        return decorator

    # No `connect` handler: python-socketio accepts the connection itself; a phone's identity comes
    # with its `join`, and Flask-SocketIO's connect would build a request context and load the session.

    @on("disconnect")
    def on_disconnect(sid, reason=None):
        seat = seats.leave(sid)
        limit.forget(sid)
        admission.forget(sid)
        if seat and seat.person and not seats.seated(seat.code, seat.person):
            broadcaster.left(seat.code, seat.person)

    @on("join")
    def on_join(sid, data=None):
        try:
            return _join(app, server, forums, broadcaster, seats, limit, admission, sid, data)
        except Refused as error:  # answered in the language the join names, the seat's may be another
            return refused(sid, error, known_language(data.get("lang") if isinstance(data, dict) else None))

    @on("get_state")
    def on_get_state(sid, data=None):
        try:
            seat = _seat(seats, sid)
            _limit(limit, seat, sid)
            live = forums.view(seat.code) if seat.role == "board" else forums.get(seat.code)
            with live.lock:
                return {"ok": True, "state": _full_state(live, seat, forums.now(live))}
        except Refused as error:
            return refused(sid, error)

    for name, act in ACTIONS.items():
        on(name)(_handler(act, forums, broadcaster, seats, limit, refused))

    @on("*")
    def on_unknown(event, sid, *_data):
        return refused(sid, Refused(N_("Unknown event '%(event)s'."), event=str(event)[:40]))


def _translated(app, error: Refused, lang: str) -> str:
    """The refusal's text in `lang`; Flask-Babel's catalogues need the app's context (English does not)."""
    if lang == DEFAULT:
        return translate_refusal(error, DEFAULT)
    with app.app_context():
        return translate_refusal(error, lang)


def _handler(act: Action, forums, broadcaster, seats, limit, refused):
    def handle(sid, data=None):
        try:
            seat = _seat(seats, sid)
            if seat.role != act.role:
                raise Refused(ONLY_ROLE[act.role], event=act.name)
            _limit(limit, seat, sid)
            fields = payload(data, act.payload)
            live = forums.get(seat.code)
            key = _request_key(seat, fields.get("client_id"))
            events = forums.perform(live, lambda forum, now: act.decide(forum, now, seat, **fields), request_key=key)
            broadcaster.changed(seat.code, events)
            return {"ok": True, **act.ack(live.state, seat, events)}
        except Refused as error:
            return refused(sid, error)

    handle.__name__ = f"on_{act.name}"
    return handle


def _request_key(seat: Seat, client_id: str | None) -> str | None:
    """The idempotency key of a resendable action: one per phone and client_id."""
    if not client_id:
        return None
    if len(client_id) > 100:
        raise Refused(N_("The client_id is too long (at most 100 characters)."))
    return f"{seat.person}:{client_id}"


def _limit(limit: RateLimit, seat: Seat, sid: str) -> None:
    """Phones (per person) and boards (per socket) are rate-limited; the moderator, who holds the key, is not:
    a console's keyboard shortcut on auto-repeat must never lock the moderator out for a minute."""
    if seat.role != "moderator":
        limit.check(seat.person or sid)


def _seat(seats: Seats, sid: str) -> Seat:
    seat = seats.get(sid)
    if seat is None:
        raise Refused(N_("Join a forum first."))
    return seat


def _join(app, server, forums, broadcaster, seats, limit, admission, sid: str, data) -> dict:
    fields = payload(data, JOIN)
    if fields["role"] not in ROLES:
        raise Refused(N_("The role must be participant, board or moderator."))
    live = forums.view(fields["code"]) if fields["role"] == "board" else forums.get(fields["code"])
    code = live.state.code
    limit.check(sid)  # counted per socket: never on a token the client chooses afresh each time
    if fields["role"] == "moderator":
        _check_moderator(app, server.get_environ(sid), fields.get("key"))
    person, token = None, None
    lang = known_language(fields.get("lang"))
    if fields["role"] == "participant":
        phone_lang = lang if (fields.get("lang") or "").strip() else ""  # kept only when the page says it
        person, token, events = _participant(forums, live, fields, phone_lang,
                                             lambda: admission.admit(sid, code))
        broadcaster.changed(code, events)
    _take_seat(server, seats, sid, Seat(code, fields["role"], person, lang))
    with live.lock:
        state = _full_state(live, seats.get(sid), forums.now(live))
    if person:
        broadcaster.joined(code, person, state["me"])
    broadcaster.start()
    return {"ok": True, "state": state, **({"token": token} if token else {})}


def _check_moderator(app, environ: dict, key: str | None) -> None:
    """The key (guesses slowed, security.py) or the console's session cookie, in a Flask request context
    built from the connection's environ: the one join that reads Flask's request (cookies, address)."""
    with app.request_context(environ):
        check_moderator(key or request.cookies.get(KEY_COOKIE) or "")


def _participant(forums, live, fields, lang: str, admit) -> tuple[str, str | None, list]:
    """The person this phone is: known by its token, or a new one with a fresh token (if the forum
    takes new phones, and this connection and the forum are within their limits of new phones)."""
    token = fields.get("token") or ""
    person = live.devices.get(token_hash(token)) if token else None
    if person is None:
        token = secrets.token_urlsafe(24)

        def new_phone(forum, now):
            events = people.join_participant(forum, now, fields.get("name") or "", lang)
            admit()  # counted only once the rules take the phone
            return events

        events = forums.perform(live, new_phone, device_hash=token_hash(token))
        return events[0].person, token, events

    def known_phone(forum, now):
        named = people.set_name(forum, now, person, fields["name"]) if fields.get("name") is not None else []
        return named + people.set_phone_language(forum, now, person, lang)

    return person, token, forums.perform(live, known_phone)


def _take_seat(server, seats: Seats, sid: str, seat: Seat) -> None:
    previous = seats.sit(sid, seat)
    if previous:
        server.leave_room(sid, room(previous.code, previous.role))
        if previous.person:
            server.leave_room(sid, person_room(previous.code, previous.person))
    server.enter_room(sid, room(seat.code, seat.role))
    if seat.person:
        server.enter_room(sid, person_room(seat.code, seat.person))


def _full_state(live, seat: Seat, now: float) -> dict:
    state = full_states.full_state(live, seat.role, now)
    if seat.person:
        state["me"] = views.me_part(live.state, seat.person, now)
    return state
