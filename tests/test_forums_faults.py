"""A save that fails once, at each point of the commit pipeline, while another action is decided on top of it.

The failing commit is held at its fault point until the second action has been decided on the memory
that holds the first; then it fails. Neither may reach the log, and the forum must go on as if neither
had been tried.
"""
import sqlite3
import threading

import pytest
from sqlalchemy import event

from conftest import KEY
from export_support import get
from facilitator import create_app

POINTS = {
    "checkout": ("checkout", None),  # taking a connection from the pool
    "begin": ("before_cursor_execute", "BEGIN"),
    "events": ("before_cursor_execute", "INSERT INTO events"),
    "devices": ("before_cursor_execute", "INSERT INTO devices"),
    "votes": ("before_cursor_execute", "INSERT INTO votes"),
    "commit": ("commit", None),
}


class FailOnce:
    """Arms a fault at one point of the engine's work: the next pass there waits for `go`, then fails."""

    def __init__(self, engine, point: str):
        self.name, self.prefix = POINTS[point]
        self.armed, self.reached, self.go = False, threading.Event(), threading.Event()
        self.engine = engine
        event.listen(engine.pool if self.name == "checkout" else engine, self.name, self._hook)

    def _hook(self, *args):
        statement = args[2] if self.name == "before_cursor_execute" else ""
        if not self.armed or (self.prefix and not statement.startswith(self.prefix)):
            return
        self.armed = False
        self.reached.set()
        assert self.go.wait(10)
        raise sqlite3.OperationalError("disk I/O error (a fault the test put there)")


def emit(sock, name, payload=None):
    return sock.emit(name, payload or {}, callback=True)


def in_thread(fn):
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("value", fn()), daemon=True)
    thread.start()
    return thread, out


def log_of(client, code):
    return get(client, code, "export.json").json["events"]


@pytest.mark.parametrize("point", sorted(POINTS))
def test_a_save_failing_at_each_point_fails_what_was_decided_on_top(room, clock, client, tmp_path, point):
    forums = room.app.extensions["forums"]
    moderator, amina, bo = room.moderator(), room.phone("Amina"), room.phone("Bo")
    sid = emit(bo, "suggest", {"text": "More interpreters"})["suggestion_id"]
    assert emit(amina, "vote", {"suggestion_id": sid})["ok"]
    fault = FailOnce(forums.store.engine, point)

    fault.armed = True  # the first action's save reaches the fault point and waits there
    if point == "devices":
        first = in_thread(lambda: room.socket().emit("join", {"code": room.code, "role": "participant"},
                                                     callback=True))
    elif point == "votes":
        first = in_thread(lambda: emit(bo, "vote", {"suggestion_id": sid}))
    else:
        first = in_thread(lambda: emit(amina, "hand_raise", {"lang": "ar"}))
    assert fault.reached.wait(10)
    if point in ("devices", "votes"):
        on_top = in_thread(lambda: emit(moderator, "add_speaker", {"label": "Row 9"}))
    else:  # "next" gives the floor to the hand whose save is under way
        on_top = in_thread(lambda: emit(moderator, "next_speaker"))
    _wait_for(lambda: forums.committer._pending)
    fault.go.set()
    for thread, _ in (first, on_top):
        thread.join(10)
    acks = [first[1]["value"], on_top[1]["value"]]
    assert all(ack["ok"] is False and "could not save" in ack["error"] for ack in acks), acks

    # Memory is what the database holds, and the forum goes on.
    stored = log_of(client, room.code)
    assert [e["seq"] for e in stored] == list(range(1, len(stored) + 1))
    assert room.state(moderator)["queue"] == [] and room.state(moderator)["speaker"] is None
    assert emit(amina, "hand_raise", {"lang": "ar"})["ok"] and emit(bo, "vote", {"suggestion_id": sid})["ok"]
    newcomer = room.phone("New")
    assert emit(newcomer, "hand_raise", {})["ok"]
    assert emit(moderator, "next_speaker")["speaker"]["label"] == "Amina"
    clock.advance(5)
    before = room.state(moderator)
    events = log_of(client, room.code)
    assert [e["type"] for e in events[len(stored):]] == ["HandRaised", "VoteCast", "ParticipantJoined",
                                                         "HandRaised", "TurnStarted"]

    # A restart loads the forum with every acknowledged action.
    app2, socketio2 = create_app({"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading",
                                  "CLOCK": clock, "HEARTBEAT_S": 0})
    sock = socketio2.test_client(app2)
    after = emit(sock, "join", {"code": room.code, "role": "moderator", "key": KEY})["state"]
    assert {k: after[k] for k in ("queue", "suggestions", "moderation")} == \
        {k: before[k] for k in ("queue", "suggestions", "moderation")}
    assert after["speaker"]["label"] == "Amina" and after["speaker"]["mode"] == "paused"
    again = socketio2.test_client(app2)
    assert emit(again, "join", {"code": room.code, "role": "participant", "token": newcomer.token})["ok"]


def test_a_restore_that_fails_is_tried_again_by_the_next_action(room, client):
    forums = room.app.extensions["forums"]
    moderator, amina = room.moderator(), room.phone("Amina")
    save, read = FailOnce(forums.store.engine, "events"), FailOnce(forums.store.engine, "begin")
    save.go.set()
    read.go.set()
    save.armed = True
    original = forums.store.load

    def load_fails_once(code):
        forums.store.load = original
        raise sqlite3.OperationalError("unable to open database file (a fault the test put there)")
    forums.store.load = load_fails_once
    assert "could not save" in emit(amina, "hand_raise", {})["error"]
    assert forums.get(room.code).sound is False  # memory still holds the refused hand
    assert emit(moderator, "add_speaker", {"label": "Row 3"})["ok"]  # restored first, then decided
    assert [e["label"] for e in room.state(moderator)["queue"]] == ["Row 3"]
    assert [e["type"] for e in log_of(client, room.code)][-1] == "SpeakerAdded"


def _wait_for(predicate, timeout: float = 10.0):
    done = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        done.wait(0.01)
    raise AssertionError("timed out")
