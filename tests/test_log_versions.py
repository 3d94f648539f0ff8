"""Logs written before the event catalogue still load, and no log is re-decided when the policy changes.

`fixtures/v1-*` were recorded by the code of before the catalogue (log version 1): an export.json, a
database file, and the states that code showed for that forum.
"""
import json
import shutil
from pathlib import Path

import pytest

from conftest import KEY
from core_support import Forum
from facilitator import create_app
from facilitator.cli import main
from facilitator.core import queue, questions, settings, turn, views
from facilitator.core.evolve import replay
from facilitator.core.events import LOG_VERSION, HandRaised, QueueSorted, QuestionSet, TurnEnded
from facilitator.database import make_engine
from facilitator.export import export_data
from facilitator.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "v1-expected.json").read_text())


def shown(forum) -> dict:
    """What every audience and every phone was shown of the forum, at the fixture's time (names on the
    board, as every forum showed them then)."""
    now = EXPECTED["now"]
    forum.settings.names_on_board = True
    return {"states": {a: views.full_state(forum, a, now) for a in EXPECTED["states"]},
            "me": {p: views.me_part(forum, p, now) for p in EXPECTED["me"]}}


def comparable(value, like=None):
    """`value` as JSON; with `like`, only the parts and fields `like` has (what the old code showed)."""
    return _within(json.loads(json.dumps(value)), like if like is not None else json.loads(json.dumps(value)))


def _within(value, like):
    if isinstance(value, dict) and isinstance(like, dict):
        return {k: _within(value[k], like[k]) if k in value else "<missing>" for k in like}
    if isinstance(value, list) and isinstance(like, list) and like:
        return [_within(v, like[0]) for v in value]
    return value


OLD = {k: EXPECTED[k] for k in ("states", "me")}


def test_a_version_1_database_loads_and_replays_to_the_same_state(tmp_path):
    shutil.copy(FIXTURES / "v1-facilitator.db", tmp_path / "facilitator.db")
    store = Store(make_engine(f"sqlite:///{tmp_path / 'facilitator.db'}"))
    loaded = store.load("OLDV1")
    assert comparable(shown(replay(loaded.events)), OLD) == OLD
    assert loaded.stored == 43 and len(loaded.events) > loaded.stored  # a question switch became three facts
    assert [type(e) for e in loaded.events[loaded.events.index(next(e for e in loaded.events
                                                                    if isinstance(e, QuestionSet))) - 1:][:3]] \
        == [TurnEnded, QuestionSet, QueueSorted]
    assert all(isinstance(e.position, int) for e in loaded.events if isinstance(e, HandRaised))


def test_a_version_1_database_is_served_and_goes_on(tmp_path):
    shutil.copy(FIXTURES / "v1-facilitator.db", tmp_path / "facilitator.db")
    app, socketio = create_app({"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading",
                                "HEARTBEAT_S": 0})
    moderator = socketio.test_client(app)
    state = moderator.emit("join", {"code": "OLDV1", "role": "moderator", "key": KEY}, callback=True)["state"]
    assert [e["label"] for e in state["queue"]] == [e["label"] for e in EXPECTED["states"]["moderator"]["queue"]]
    assert moderator.emit("next_speaker", {}, callback=True)["ok"]
    assert moderator.emit("set_question", {"index": 2}, callback=True)["ok"]
    listed = app.test_client().get("/api/forums", headers={"X-Moderator-Key": KEY}).json["forums"]
    assert [(f["code"], f["participants"], f["suggestions"]) for f in listed] == [("OLDV1", 6, 4)]
    store = app.extensions["forums"].store
    again = replay(store.load("OLDV1").events)  # old rows and new rows, one log
    assert views.full_state(again, "board", 2e9)["question"]["index"] == 2


def test_a_version_1_export_imports_and_replays_to_the_same_state(tmp_path, capsys):
    assert main(["import", str(FIXTURES / "v1-export.json"), "--data-dir", str(tmp_path)]) == 0
    store = Store(make_engine(f"sqlite:///{tmp_path / 'facilitator.db'}"))
    events = store.load("OLDV1").events
    assert comparable(shown(replay(events)), OLD) == OLD
    old = json.loads((FIXTURES / "v1-export.json").read_text())
    new = export_data(events, EXPECTED["now"])
    assert new["log_version"] == LOG_VERSION and "log_version" not in old
    for part in ("speeches", "suggestions", "votes", "participants", "questions", "current_turn"):
        assert comparable(new[part], old[part]) == old[part], part  # the fields of then (new ones added since)


def _tie_break_reversed(monkeypatch):
    """The fair policy with its last tie-break turned round: later arrivals first."""
    original = queue.sort_key

    def reversed_ties(forum, entry, now, policy=None, question=None):
        *rest, seq = original(forum, entry, now, policy, question)
        return (*rest, -seq)
    monkeypatch.setattr(queue, "sort_key", reversed_ties)


def test_changing_the_fair_policy_never_reorders_a_recorded_forum(monkeypatch):
    f = Forum()
    people = [f.join(name) for name in ("A", "B", "C", "D")]
    for person in people:
        f.do(queue.raise_hand, person)  # all first-timers with no talk time: only arrival orders them
    f.do(turn.next_speaker)
    f.wait(10)
    f.do(questions.set_question, 1)  # a re-sort, recorded as QueueSorted
    f.do(settings.update_settings, {"policy": "fifo"})
    f.do(settings.update_settings, {"policy": "fair"})
    f.do(queue.add_speaker, "Row 3")
    recorded = [e.label for e in replay(f.events).queue]
    assert recorded == ["B", "C", "D", "Row 3"]

    _tie_break_reversed(monkeypatch)
    assert [e.label for e in replay(f.events).queue] == recorded
    fresh = Forum()
    for name in ("A", "B"):
        fresh.do(queue.raise_hand, fresh.join(name))
    assert fresh.labels() == ["B", "A"]  # new decisions do follow the changed policy


def test_changing_the_fair_policy_never_reorders_a_version_1_forum(monkeypatch, tmp_path):
    shutil.copy(FIXTURES / "v1-facilitator.db", tmp_path / "facilitator.db")
    _tie_break_reversed(monkeypatch)
    events = Store(make_engine(f"sqlite:///{tmp_path / 'facilitator.db'}")).load("OLDV1").events
    assert comparable(shown(replay(events)), OLD) == OLD


@pytest.mark.parametrize("name", ["v1-export.json", "v1-expected.json"])
def test_the_fixtures_stay_small(name):
    assert (FIXTURES / name).stat().st_size < 20_000


def test_the_list_of_forums_answers_even_when_an_old_forums_summary_cannot_be_kept(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "v1-facilitator.db", tmp_path / "facilitator.db")
    app, _ = create_app({"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading", "HEARTBEAT_S": 0})

    def locked(*args):
        raise OSError("database is locked (a fault the test put there)")
    monkeypatch.setattr(app.extensions["forums"].store, "keep_summary", locked)
    listed = app.test_client().get("/api/forums", headers={"X-Moderator-Key": KEY})
    assert listed.status_code == 200 and listed.json["forums"][0]["participants"] == 6
