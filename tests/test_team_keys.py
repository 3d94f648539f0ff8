"""Core-team keys: kept hashed, named in every change they make, refused at once when revoked, and never
allowed to run the live floor (every moderator action and page is refused with one)."""
import hashlib
import json

import pytest
from sqlalchemy import select

from conftest import KEY
from facilitator.actions import ACTIONS
from facilitator.cli import main
from facilitator.database import RecommendationRow, TeamKeyRow

MOD = {"X-Moderator-Key": KEY}


@pytest.fixture
def member(room):
    made = room.client.post("/api/keys", json={"name": "Selma Ali"}, headers=MOD)
    assert made.status_code == 201, made.json
    return made.json


def as_team(member):
    return {"X-Moderator-Key": member["key"]}


def test_a_key_is_kept_as_a_hash_and_shown_once(room, member, tmp_path):
    engine = room.app.extensions["forums"].store.engine
    with engine.connect() as conn:
        row = conn.execute(select(TeamKeyRow)).one()
    assert row.key_hash == hashlib.sha256(member["key"].encode()).hexdigest()
    assert member["key"] not in json.dumps(room.client.get("/api/keys", headers=MOD).json)
    assert member["key"].encode() not in (tmp_path / "facilitator.db").read_bytes()


def test_a_team_key_writes_recommendations_and_every_change_names_it_never_the_key(room, member):
    created = room.client.post(f"/api/forums/{room.code}/recommendations", headers=as_team(member),
                               json={"question": 0, "title": "Libraries", "text": "", "suggestion_ids": []})
    assert created.status_code == 201
    rid = created.json["id"]
    rec = room.client.post(f"/api/recommendations/{rid}/status", headers=as_team(member),
                           json={"status": "presented"}).json
    by = {"role": "team", "key": member["id"], "name": "Selma Ali"}
    assert rec["created_by"] == by and rec["history"][-1]["by"] == by
    exported = room.client.get(f"/api/forums/{room.code}/export.json", headers=as_team(member))
    assert exported.status_code == 200 and member["key"] not in exported.get_data(as_text=True)


def test_a_revoked_key_is_refused_at_once_by_header_and_by_session(room, member):
    client = room.client
    assert client.get("/m/followup", headers=as_team(member)).status_code == 200
    login = client.post("/m/followup", data={"key": member["key"]})  # the key page's form: a session cookie
    assert login.status_code == 303
    assert client.get("/api/recommendations").status_code == 200  # the session alone
    assert client.post(f"/api/keys/{member['id']}/revoke", headers=MOD).status_code == 200
    refused = client.get("/api/recommendations", headers=as_team(member))
    assert refused.status_code == 403 and "revoked" in refused.json["error"]
    assert client.get("/api/recommendations").status_code == 401  # the session died with the key
    assert client.get("/m/followup").status_code == 401


@pytest.mark.parametrize("path", ["/m/", "/m/{code}", "/m/followup/keys"])
def test_the_moderators_pages_refuse_a_team_key(room, member, path):
    page = room.client.get(path.format(code=room.code), headers=as_team(member))
    assert page.status_code == 403 and "not the live floor" in page.get_data(as_text=True)


def test_a_team_key_reads_but_never_creates_a_forum_nor_manages_keys(room, member):
    team = as_team(member)
    assert room.client.get("/api/forums", headers=team).status_code == 200
    made = room.client.post("/api/forums", json={"title": "T", "questions": ["Q"]}, headers=team)
    assert made.status_code == 403 and "not the live floor" in made.json["error"]
    assert room.client.post("/api/keys", json={"name": "X"}, headers=team).status_code == 403
    assert room.client.get("/api/keys", headers=team).status_code == 403


def test_every_live_floor_action_is_refused_with_a_team_key(room, member):
    sock = room.socket()
    ack = sock.emit("join", {"code": room.code, "role": "moderator", "key": member["key"]}, callback=True)
    assert ack == {"ok": False, "error": "A core-team key opens the follow-up pages, not the live floor."}
    phone = room.phone()  # a team member with a phone is a participant, never the moderator
    forum = room.forum()
    before = (len(forum.queue), forum.question, forum.ended_at, forum.closing)
    moderator_actions = sorted(name for name, act in ACTIONS.items() if act.role == "moderator")
    assert {"next_speaker", "end_forum", "closing_round", "set_question"} <= set(moderator_actions)
    for name in moderator_actions:
        for socket in (sock, phone):
            answer = socket.emit(name, {}, callback=True)
            assert answer["ok"] is False, (name, answer)
    assert (len(forum.queue), forum.question, forum.ended_at, forum.closing) == before


def test_a_team_key_is_not_counted_as_a_wrong_guess(room, member):
    for _ in range(8):
        assert room.client.get("/m/", headers=as_team(member)).status_code == 403
    assert room.client.get("/m/", headers=MOD).status_code == 200  # nobody at this address was slowed


def test_the_command_line_adds_lists_and_revokes_keys(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path)]
    assert main(["keys", "add", "Anna Berg", *data]) == 0
    key = [line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")][0]
    assert main(["keys", "add", "Anna Berg", *data]) == 2  # the name is in use
    assert main(["keys", "list", *data]) == 0
    listing = capsys.readouterr().out
    assert "Anna Berg" in listing and "in use" in listing and key not in listing
    assert main(["keys", "revoke", "Anna Berg", *data]) == 0
    assert main(["keys", "revoke", "Anna Berg", *data]) == 2
    main(["keys", "list", *data])
    assert "revoked" in capsys.readouterr().out


def test_purge_deletes_the_forums_recommendations(room, tmp_path, capsys):
    rid = room.client.post(f"/api/forums/{room.code}/recommendations", headers=MOD,
                           json={"question": 0, "title": "Gone", "text": "", "suggestion_ids": []}).json["id"]
    assert main(["purge", room.code, "--yes", "--data-dir", str(tmp_path)]) == 0
    engine = room.app.extensions["forums"].store.engine
    with engine.connect() as conn:
        assert conn.execute(select(RecommendationRow).where(RecommendationRow.id == rid)).first() is None
