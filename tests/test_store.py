"""Storage: SQLite settings, the votes constraint, and a restart that resumes every forum."""
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from conftest import KEY, FakeClock
from facilitator import create_app
from facilitator.core import views
from facilitator.database import VoteRow
from postgres_support import on_database, sqlite_only


@sqlite_only
def test_sqlite_pragmas_on_every_connection(app):
    engine = app.extensions["forums"].store.engine
    with engine.connect() as conn:
        values = {p: conn.execute(text(f"PRAGMA {p}")).scalar()
                  for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    assert values == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}


def test_one_vote_per_person_per_suggestion_is_a_database_constraint(app):
    engine = app.extensions["forums"].store.engine
    with Session(engine) as s:
        from facilitator.database import ForumRow
        s.add(ForumRow(code="X", title="x", created_at=0))
        s.flush()
        forum_id = s.query(ForumRow).one().id
        s.add(VoteRow(forum_id=forum_id, suggestion_id=1, person="P1"))
        s.add(VoteRow(forum_id=forum_id, suggestion_id=1, person="P1"))
        with pytest.raises(IntegrityError):
            s.flush()


def test_restart_resumes_the_forum_where_it_stood(room, tmp_path, clock):
    moderator, phone = room.moderator(), room.phone("Amina")
    phone.emit("hand_raise", {"lang": "ar"}, callback=True)
    moderator.emit("add_speaker", {"label": "Row 3"}, callback=True)
    moderator.emit("next_speaker", {}, callback=True)
    clock.advance(20)
    moderator.emit("pause_turn", {}, callback=True)
    sid = phone.emit("suggest", {"text": "idea"}, callback=True)["suggestion_id"]
    phone.emit("vote", {"suggestion_id": sid}, callback=True)
    before = room.state(moderator)

    app2, socketio2 = create_app({"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading",
                                  "CLOCK": clock, **on_database(tmp_path)})
    sock = socketio2.test_client(app2)
    after = sock.emit("join", {"code": room.code, "role": "moderator", "key": KEY}, callback=True)["state"]
    assert after == before | {"server_time": after["server_time"]}
    assert after["speaker"]["talk_s"] == 20 and after["speaker"]["mode"] == "paused"
    again = socketio2.test_client(app2)
    me = again.emit("join", {"code": room.code, "role": "participant", "token": phone.token}, callback=True)
    assert me["state"]["me"]["person"] == phone.me["person"] and me["state"]["me"]["my_votes"] == [sid]
    counts = app2.extensions["forums"].store.vote_counts(room.code)
    assert counts == {sid: 1}


def test_secrets_survive_a_restart(tmp_path):
    first, _ = create_app({"DATA_DIR": tmp_path, "ASYNC_MODE": "threading"})
    second, _ = create_app({"DATA_DIR": tmp_path, "ASYNC_MODE": "threading"})
    assert first.config["MODERATOR_KEY"] == second.config["MODERATOR_KEY"]
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]


def test_no_address_or_user_agent_is_stored(room):
    room.phone("Amina").emit("hand_raise", {}, callback=True)
    engine = room.app.extensions["forums"].store.engine
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        dump = " ".join(str(row) for t in tables for row in conn.execute(text(f"SELECT * FROM {t}")))
    assert "127.0.0.1" not in dump and "werkzeug" not in dump.lower()


def test_the_forums_summary_is_written_only_when_a_count_changes(room, client):
    from sqlalchemy import event
    engine = room.app.extensions["forums"].store.engine
    updates = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: updates.append(statement.startswith("UPDATE forums")))
    author, voter = room.phone("Amina"), room.phone("Bo")
    sid = author.emit("suggest", {"text": "idea"}, callback=True)["suggestion_id"]
    before = sum(updates)
    assert voter.emit("vote", {"suggestion_id": sid}, callback=True)["ok"]
    assert sum(updates) == before  # a vote changes no count
    listed = client.get("/api/forums", headers={"X-Moderator-Key": KEY}).json["forums"]
    assert [(f["participants"], f["suggestions"], f["speeches"]) for f in listed] == [(2, 1, 0)]
