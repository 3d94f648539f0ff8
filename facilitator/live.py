"""Socket.IO handlers: check the seat and the payload, call the rules, record, schedule a push, ack."""
from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from flask import request
from flask_socketio import join_room, leave_room

from .broadcast import person_room, room
from .core import N_, Refused, floor, settings, suggestions, views
from .core.talktime import INTERPRETING, PAUSED, SPEAKING
from .i18n import DEFAULT, known_language, translate_refusal
from .store import token_hash
from .security import check_moderator
from .validation import Optional, payload

ROLES = ("participant", "board", "moderator")


@dataclass
class Seat:
    code: str
    role: str
    person: str | None = None
    lang: str = DEFAULT  # the page's language (join's `lang`): refusals are answered in it


class Seats:
    """Which socket sits in which forum, in which role; the connected phones of each forum."""

    def __init__(self) -> None:
        self._by_sid: dict[str, Seat] = {}
        self._lock = threading.Lock()

    def get(self, sid: str) -> Seat | None:
        return self._by_sid.get(sid)

    def sit(self, sid: str, seat: Seat) -> Seat | None:
        with self._lock:
            previous, self._by_sid[sid] = self._by_sid.get(sid), seat
        return previous

    def leave(self, sid: str) -> Seat | None:
        with self._lock:
            return self._by_sid.pop(sid, None)

    def persons(self, code: str) -> set[str]:
        with self._lock:
            return {s.person for s in self._by_sid.values() if s.code == code and s.person}


class RateLimit:
    """At most `limit` events a minute per participant token (never per address: a venue shares one)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._hits: dict[str, deque] = {}
        self._swept = time.monotonic()

    def check(self, who: str) -> None:
        now = time.monotonic()
        if now - self._swept > 60:  # forget who has been quiet for a minute (every socket id adds a key)
            self._swept = now
            self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] <= 60}
        hits = self._hits.setdefault(who, deque())
        while hits and now - hits[0] > 60:
            hits.popleft()
        if len(hits) >= self.limit:
            raise Refused(N_("Too many actions in a short time. Please wait a moment and try again."))
        hits.append(now)


# event name -> (role allowed, payload spec, decide(forum, now, seat, fields) -> events, ack(forum, seat, events))
def _speaker_ack(forum, seat, events):
    return {"speaker": views.speaker_part(forum, events[-1]["at"]) if events else None}  # no events: nobody has the floor


def _position_ack(forum, seat, events):
    entry = forum.entry_of(seat.person)
    return {"position": floor.queue_position(forum, seat.person), "entry_id": entry.id if entry else None}


def _votes_ack(forum, seat, events):
    return {"votes_left": suggestions.votes_left(forum, seat.person)}


def _no_ack(forum, seat, events):
    return {}


def _mode(mode):
    return lambda f, now, seat, p: floor.set_mode(f, now, mode)


def _interpret(f, now, seat, p):
    return floor.set_mode(f, now, INTERPRETING if p["on"] else SPEAKING)


S, I, B = str, int, bool
EVENTS = {
    "hand_raise": ("participant", {"lang": Optional(S)},
                   lambda f, now, seat, p: floor.raise_hand(f, now, seat.person, p.get("lang")), _position_ack),
    "hand_lower": ("participant", {}, lambda f, now, seat, p: floor.lower_hand(f, now, seat.person), _no_ack),
    "set_name": ("participant", {"name": S}, lambda f, now, seat, p: floor.set_name(f, now, seat.person, p["name"]),
                 _no_ack),
    "suggest": ("participant", {"text": S, "client_id": Optional(S)},
                lambda f, now, seat, p: suggestions.suggest(f, now, seat.person, p["text"]),
                lambda f, seat, events: {"suggestion_id": events[0]["suggestion_id"]}),
    "vote": ("participant", {"suggestion_id": I},
             lambda f, now, seat, p: suggestions.vote(f, now, seat.person, p["suggestion_id"]), _votes_ack),
    "unvote": ("participant", {"suggestion_id": I},
               lambda f, now, seat, p: suggestions.unvote(f, now, seat.person, p["suggestion_id"]), _votes_ack),
    "add_speaker": ("moderator", {"label": S, "lang": Optional(S)},
                    lambda f, now, seat, p: floor.add_speaker(f, now, p["label"], p.get("lang")),
                    lambda f, seat, events: {"entry_id": events[0]["entry_id"]}),
    "remove_entry": ("moderator", {"entry_id": I},
                     lambda f, now, seat, p: floor.remove_entry(f, now, p["entry_id"]), _no_ack),
    "move_entry": ("moderator", {"entry_id": I, "delta": I},
                   lambda f, now, seat, p: floor.move_entry(f, now, p["entry_id"], p["delta"]), _no_ack),
    "next_speaker": ("moderator", {}, lambda f, now, seat, p: floor.next_speaker(f, now), _speaker_ack),
    "start_turn": ("moderator", {"entry_id": Optional(I)},
                   lambda f, now, seat, p: floor.start_turn(f, now, p.get("entry_id")), _speaker_ack),
    "pause_turn": ("moderator", {}, _mode(PAUSED), _no_ack),
    "resume_turn": ("moderator", {}, _mode(SPEAKING), _no_ack),
    "interpret_turn": ("moderator", {"on": B}, _interpret, _no_ack),
    "reset_timer": ("moderator", {}, lambda f, now, seat, p: floor.reset_timer(f, now), _no_ack),
    "end_turn": ("moderator", {}, lambda f, now, seat, p: floor.end_turn(f, now), _no_ack),
    "undo": ("moderator", {}, lambda f, now, seat, p: floor.undo(f, now),
             lambda f, seat, events: {"undone": events[0]["undone"]}),
    "set_question": ("moderator", {"index": I},
                     lambda f, now, seat, p: floor.set_question(f, now, p["index"]), _no_ack),
    "first_timers_round": ("moderator", {"on": B},
                           lambda f, now, seat, p: floor.first_timers_round(f, now, p["on"]), _no_ack),
    "set_voting": ("moderator", {"open": B}, lambda f, now, seat, p: settings.set_voting(f, now, p["open"]), _no_ack),
    "reveal_tallies": ("moderator", {"revealed": B},
                       lambda f, now, seat, p: settings.reveal_tallies(f, now, p["revealed"]), _no_ack),
    "update_settings": ("moderator", {"premoderation": Optional(B), "hide_tallies": Optional(S),
                                      "board_view": Optional(S), "turn_seconds": Optional(I),
                                      "policy": Optional(S), "vote_budget": Optional(I)},
                        lambda f, now, seat, p: settings.update_settings(f, now, p), _no_ack),
    "set_question_translation": ("moderator", {"index": I, "lang": S, "text": S},
                                 lambda f, now, seat, p: settings.translate_question(f, now, p["index"], p["lang"],
                                                                                     p["text"]), _no_ack),
    "hide_suggestion": ("moderator", {"suggestion_id": I},
                        lambda f, now, seat, p: suggestions.hide(f, now, p["suggestion_id"], True), _no_ack),
    "unhide_suggestion": ("moderator", {"suggestion_id": I},
                          lambda f, now, seat, p: suggestions.hide(f, now, p["suggestion_id"], False), _no_ack),
    "approve_suggestion": ("moderator", {"suggestion_id": I},
                           lambda f, now, seat, p: suggestions.approve(f, now, p["suggestion_id"]), _no_ack),
    "merge_suggestion": ("moderator", {"suggestion_id": I, "into": I},
                         lambda f, now, seat, p: suggestions.merge(f, now, p["suggestion_id"], p["into"]), _no_ack),
    "pin_suggestion": ("moderator", {"suggestion_id": I, "pinned": B},
                       lambda f, now, seat, p: suggestions.pin(f, now, p["suggestion_id"], p["pinned"]), _no_ack),
    "edit_suggestion": ("moderator", {"suggestion_id": I, "text": S},
                        lambda f, now, seat, p: suggestions.edit(f, now, p["suggestion_id"], p["text"]), _no_ack),
    "translate_suggestion": ("moderator", {"suggestion_id": I, "lang": S, "text": S},
                             lambda f, now, seat, p: suggestions.translate(f, now, p["suggestion_id"], p["lang"],
                                                                            p["text"]), _no_ack),
}


# Translators: %(event)s is the action's name as the program spells it (vote, next_speaker).
ONLY_ROLE = {"participant": N_("Only the participant can do '%(event)s'."),
             "moderator": N_("Only the moderator can do '%(event)s'.")}
assert {role for role, *_ in EVENTS.values()} <= set(ONLY_ROLE)


def register(socketio, forums, broadcaster, seats: Seats, config: dict) -> None:
    """Attach every handler to `socketio`."""
    limit = RateLimit(config["EVENTS_PER_MINUTE"])

    def refused(error: Refused, lang: str | None = None) -> dict:
        """The ack of a refused action, its reason in the language of the page that sent it."""
        if lang is None:
            seat = seats.get(request.sid)
            lang = seat.lang if seat else DEFAULT
        return {"ok": False, "error": translate_refusal(error, lang)}

    @socketio.on("connect")
    def on_connect(auth=None):
        return True

    @socketio.on("disconnect")
    def on_disconnect(*_args):
        seats.leave(request.sid)

    @socketio.on("join")
    def on_join(data=None):
        try:
            return _join(forums, broadcaster, seats, config, limit, data)
        except Refused as error:  # answered in the language the join names, the seat's may be another
            return refused(error, known_language(data.get("lang") if isinstance(data, dict) else None))

    @socketio.on("get_state")
    def on_get_state(data=None):
        try:
            seat = _seat(seats)
            _limit(limit, seat)
            live = forums.get(seat.code)
            with live.lock:
                return {"ok": True, "state": _full_state(live.state, seat, forums.now(live))}
        except Refused as error:
            return refused(error)

    for name in EVENTS:
        socketio.on_event(name, _handler(name, forums, broadcaster, seats, limit, refused))

    @socketio.on("*")
    def on_unknown(event, data=None):
        return refused(Refused(N_("Unknown event '%(event)s'."), event=str(event)[:40]))

    @socketio.on_error_default
    def on_error(error):
        socketio.server.logger.exception("socket handler failed")
        return refused(Refused(N_("The server could not carry out that action.")))


def _handler(name, forums, broadcaster, seats, limit, refused):
    role, spec, decide, ack = EVENTS[name]

    def handle(data=None):
        try:
            seat = _seat(seats)
            if seat.role != role:
                raise Refused(ONLY_ROLE[role], event=name)
            _limit(limit, seat)
            fields = payload(data, spec)
            live = forums.get(seat.code)
            key = _request_key(seat, fields.get("client_id"))
            events = forums.perform(live, lambda f, now: decide(f, now, seat, fields), request_key=key)
            broadcaster.changed(seat.code, events)
            return {"ok": True, **ack(live.state, seat, events)}
        except Refused as error:
            return refused(error)

    handle.__name__ = f"on_{name}"
    return handle


def _request_key(seat: Seat, client_id: str | None) -> str | None:
    """The idempotency key of a resendable action: one per phone and client_id."""
    if not client_id:
        return None
    if len(client_id) > 100:
        raise Refused(N_("The client_id is too long (at most 100 characters)."))
    return f"{seat.person}:{client_id}"


def _limit(limit: RateLimit, seat: Seat) -> None:
    """Phones (per person) and boards (per socket) are rate-limited; the moderator, who holds the key, is not:
    a console's keyboard shortcut on auto-repeat must never lock the moderator out for a minute."""
    if seat.role != "moderator":
        limit.check(seat.person or request.sid)


def _seat(seats: Seats) -> Seat:
    seat = seats.get(request.sid)
    if seat is None:
        raise Refused(N_("Join a forum first."))
    return seat


def _join(forums, broadcaster, seats, config, limit, data) -> dict:
    fields = payload(data, {"code": str, "role": str, "token": Optional(str), "key": Optional(str),
                            "name": Optional(str), "lang": Optional(str)})
    if fields["role"] not in ROLES:
        raise Refused(N_("The role must be participant, board or moderator."))
    live = forums.get(fields["code"])
    code = live.state.code
    limit.check(fields.get("token") or request.sid)
    if fields["role"] == "moderator":
        _check_key(fields.get("key") or request.cookies.get("moderator_key") or "", config["MODERATOR_KEY"])
    person, token = None, None
    if fields["role"] == "participant":
        person, token, events = _participant(forums, live, fields)
        broadcaster.changed(code, events)
    _take_seat(seats, Seat(code, fields["role"], person, known_language(fields.get("lang"))))
    with live.lock:
        state = _full_state(live.state, seats.get(request.sid), forums.now(live))
    if person:
        broadcaster.joined(code, person, state["me"])
    broadcaster.start()
    return {"ok": True, "state": state, **({"token": token} if token else {})}


def _check_key(given: str, expected: str) -> None:
    check_moderator(given)  # the key (guesses slowed, security.py) or the console's session cookie


def _participant(forums, live, fields) -> tuple[str, str | None, list[dict]]:
    """The person this phone is: known by its token, or a new one with a fresh token."""
    token = fields.get("token") or ""
    person = live.devices.get(token_hash(token)) if token else None
    if person is None:
        token = secrets.token_urlsafe(24)
        events = forums.perform(live, lambda f, now: floor.join_participant(f, now, fields.get("name") or ""),
                                device_hash=token_hash(token))
        return events[0]["person"], token, events
    events = []
    if fields.get("name") is not None:
        events = forums.perform(live, lambda f, now: floor.set_name(f, now, person, fields["name"]))
    return person, token, events


def _take_seat(seats: Seats, seat: Seat) -> None:
    previous = seats.sit(request.sid, seat)
    if previous:
        leave_room(room(previous.code, previous.role))
        if previous.person:
            leave_room(person_room(previous.code, previous.person))
    join_room(room(seat.code, seat.role))
    if seat.person:
        join_room(person_room(seat.code, seat.person))


def _full_state(forum, seat: Seat, now: float) -> dict:
    state = views.full_state(forum, seat.role, now)
    if seat.person:
        state["me"] = views.me_part(forum, seat.person, now)
    return state
