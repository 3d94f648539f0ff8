"""End to end: another process holds SQLite's write lock while phones and the moderator act.

A backup, an import or a `sqlite3` session holds the lock a little longer than the server's busy
timeout: a save fails. Nothing decided on top of it may reach the log, the forum must keep working,
and no forum, not even a damaged one, may stop the server.
"""
import json
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests

from tests.e2e_support import Server, peers, refused, stable  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e

BUSY_MS = 300
LOCKER = """import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


class OutsideLock:
    """Another process holding SQLite's write lock (`BEGIN IMMEDIATE`) for `seconds`."""

    def __init__(self, db_path, seconds: float):
        self.db_path, self.seconds = db_path, seconds

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(self.db_path), str(self.seconds)],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"
        self.taken = time.monotonic()
        return self

    def __exit__(self, *exc):
        try:
            self.proc.wait(timeout=self.seconds + 30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def in_background(fn, *args, **kwargs):
    """Run `fn` in a thread; `.result()` waits for what it returned."""
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("value", fn(*args, **kwargs)), daemon=True)
    thread.start()

    class Result:
        @staticmethod
        def result(timeout: float = 30.0):
            thread.join(timeout)
            assert "value" in out, "the call never returned"
            return out["value"]
    return Result


def export(srv: Server, code: str) -> dict:
    response = requests.get(f"{srv.url}/api/forums/{code}/export.json", headers={"X-Moderator-Key": srv.key},
                            timeout=10)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def durable(state: dict) -> dict:
    """What a restart must bring back exactly (the running turn resumes paused, so its mode is left out)."""
    speaker = state["speaker"] and state["speaker"]["entry_id"]
    return {"speaker": speaker, **{k: stable(state[k]) for k in ("forum", "question", "queue", "suggestions",
                                                                  "moderation", "speeches")}}


def logged_types(data: dict, **match) -> list[str]:
    return [e["type"] for e in data["events"] if all(e.get(k) == v for k, v in match.items())]


def play_under_lock(srv: Server, peers, hold: float) -> dict:
    """One forum: a hand raised while the lock is held, a vote and the moderator's "next" while its save
    waits; then the forum must keep working. Returns what a restart must bring back."""
    code = srv.create_forum(title=f"Locked {hold} s", questions=["Q1", "Q2"])
    moderator, amina, bo = peers(srv.url), peers(srv.url), peers(srv.url)
    assert moderator.join(code, "moderator", key=srv.key)["ok"]
    amina_person = amina.join(code, "participant", name="Amina")["state"]["me"]["person"]
    bo_person = bo.join(code, "participant", name="Bo")["state"]["me"]["person"]
    sid = bo.ok("suggest", {"text": "More interpreters"})["suggestion_id"]

    with OutsideLock(srv.data_dir / "facilitator.db", hold):
        raised = in_background(amina.call, "hand_raise", {"lang": "ar"})
        time.sleep(0.1)
        voted = in_background(bo.call, "vote", {"suggestion_id": sid})
        time.sleep(0.1)
        nexted = in_background(moderator.call, "next_speaker", {})
        acks = {"hand": raised.result(), "vote": voted.result(), "next": nexted.result()}
    for name, ack in acks.items():
        assert ack.get("ok") is True or refused(ack), (name, ack)
    if hold < BUSY_MS / 1000:
        assert all(ack["ok"] for ack in acks.values()), acks

    # The forum keeps working: later actions succeed, new phones join, the export answers.
    again = amina.call("hand_raise", {"lang": "ar"})  # refused only if "next" gave her the floor
    assert again["ok"] or (acks["next"]["ok"] and "floor" in again["error"]), again
    bo.ok("vote", {"suggestion_id": sid})
    moderator.ok("add_speaker", {"label": "Row 3", "lang": "so"})
    moderator.ok("next_speaker", {})
    newcomer = peers(srv.url)
    assert newcomer.join(code, "participant")["ok"]
    newcomer.ok("hand_raise", {})
    data = export(srv, code)
    assert [e["seq"] for e in data["events"]] == list(range(1, len(data["events"]) + 1))

    # Every acknowledged action is in the log, and the refused ones are not.
    if acks["hand"]["ok"]:
        assert "HandRaised" in logged_types(data, person=amina_person)
    if acks["vote"]["ok"]:
        assert logged_types(data, type="VoteCast", person=bo_person, suggestion_id=sid)
    if acks["next"]["ok"] and acks["next"]["speaker"]:
        assert logged_types(data, type="TurnStarted", entry_id=acks["next"]["speaker"]["entry_id"])
    assert logged_types(data, type="VoteCast", person=bo_person, suggestion_id=sid)
    assert len(logged_types(data, type="HandRaised", person=amina_person)) == 1

    # A failed save is logged with its cause, and never with an address or a token.
    log = srv.log_tail(200_000)
    if not all(ack["ok"] for ack in acks.values()):
        assert "could not save" in log and "database is locked" in log
    assert "127.0.0.1" not in log.replace(srv.url, "") and amina.token not in log and bo.token not in log
    return {"code": code, "state": durable(moderator.state()), "token": amina.token, "person": amina_person}


def test_a_failed_save_never_kills_the_forum(tmp_path, peers):
    srv = Server(tmp_path / "data", env={"FACILITATOR_BUSY_TIMEOUT_MS": str(BUSY_MS)}).start()
    try:
        # The outside lock shorter than the busy timeout, a little longer, much longer.
        forums = [play_under_lock(srv, peers, hold) for hold in (0.15, 0.45, 1.2)]
        srv.stop()
        srv.start()  # a restart loads every forum where it stood
        for forum in forums:
            again = peers(srv.url)
            assert again.join(forum["code"], "moderator", key=srv.key)["ok"]
            assert durable(again.state()) == forum["state"]
            phone = peers(srv.url).join(forum["code"], "participant", token=forum["token"])
            assert phone["state"]["me"]["person"] == forum["person"]
    finally:
        srv.stop()


def test_a_save_waiting_on_an_outside_lock_stalls_nothing_else(tmp_path, peers):
    srv = Server(tmp_path / "data", env={"FACILITATOR_BUSY_TIMEOUT_MS": "4000"}).start()
    try:
        code, other = srv.create_forum(title="Waits"), srv.create_forum(title="Other")
        phone, board = peers(srv.url), peers(srv.url)
        assert phone.join(code, "participant")["ok"] and board.join(other, "board")["ok"]
        with OutsideLock(srv.data_dir / "facilitator.db", 3.0) as lock:
            created = in_background(requests.post, srv.url + "/api/forums",
                                    json={"title": "New", "questions": ["Q"]},
                                    headers={"X-Moderator-Key": srv.key}, timeout=30)
            raised = in_background(phone.call, "hand_raise", {})
            time.sleep(0.3)
            started = time.monotonic()
            assert requests.get(srv.url + "/healthz", timeout=10).status_code == 200
            health_s = time.monotonic() - started
            started = time.monotonic()
            assert board.state()["forum"]["title"] == "Other"
            assert peers(srv.url).join(other, "board")["ok"]
            assert requests.get(f"{srv.url}/b/{other}", timeout=10).status_code == 200
            others_s = time.monotonic() - started
            assert time.monotonic() - lock.taken < 3.0  # all of it measured while the lock was held
        assert health_s < 1.0 and others_s < 2.0, (health_s, others_s)
        assert created.result().status_code == 201 and raised.result()["ok"]
    finally:
        srv.stop()


def test_a_forum_whose_log_cannot_be_replayed_is_skipped_and_reported(tmp_path, peers):
    srv = Server(tmp_path / "data").start()
    try:
        healthy = srv.create_forum(title="Healthy")
        damaged = srv.create_forum(title="Damaged")  # the latest forum: the one the start-up banner shows
    finally:
        srv.stop()
    db = sqlite3.connect(srv.data_dir / "facilitator.db")
    with db:
        forum_id = db.execute("SELECT id FROM forums WHERE code = ?", (damaged,)).fetchone()[0]
        db.execute("INSERT INTO events (forum_id, seq, type, at, data) VALUES (?, 2, 'TurnStarted', ?, ?)",
                   (forum_id, time.time(), json.dumps({"entry_id": 99})))
    db.close()

    srv.start()  # neither the banner nor the other forums stop
    try:
        assert requests.get(srv.url + "/healthz", timeout=5).status_code == 200
        moderator = peers(srv.url)
        assert moderator.join(healthy, "moderator", key=srv.key)["ok"]
        moderator.ok("add_speaker", {"label": "Row 3"})
        assert refused(peers(srv.url).join(damaged, "board"))
        assert requests.get(f"{srv.url}/b/{damaged}", timeout=5).status_code == 404
        log = srv.log_tail(50_000)
        assert f"forum {damaged} cannot be replayed" in log and "event 2 (TurnStarted) does not apply" in log
        listed = requests.get(srv.url + "/api/forums", headers={"X-Moderator-Key": srv.key}, timeout=5)
        assert listed.status_code == 200 and {f["code"] for f in listed.json()["forums"]} >= {healthy}
    finally:
        srv.stop()
