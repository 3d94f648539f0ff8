"""CONTRACT.md v2 ("After the forum"), line by line, from outside: the real server on a real port,
plain HTTP with `requests` and real Socket.IO clients, the moderator key and a core-team key alike.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
import requests

from tests.e2e_support import ROOT, Peer, Server

STATUSES = ["drafted", "presented", "assigned", "in_progress", "implemented", "declined"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("contract-v2")).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def night(server):
    """Two forums with suggestions from real phones; a core-team key."""
    def forum(title: str, texts: list[str]) -> tuple[str, list[int]]:
        code = call(server, "POST", "/api/forums", title=title, questions=["Jobs?", "Schools?"]).json()["code"]
        ids = []
        for text in texts:  # one phone per suggestion: a phone waits between two of its own
            phone = Peer(server.url)
            assert phone.join(code, "participant")["ok"]
            ids.append(phone.ok("suggest", {"text": text})["suggestion_id"])
            phone.close()
        return code, ids
    code, ids = forum("Forum in Husby", ["Evening classes", "Night buses", "A youth centre"])
    other, other_ids = forum("Forum in Kista", ["A library"])
    team = call(server, "POST", "/api/keys", name="Selma Ali")
    assert team.status_code == 201
    return {"code": code, "ids": ids, "other": other, "other_ids": other_ids, "team": team.json()["key"]}


def call(server, method: str, path: str, key: str | None = None, raw: str | None = None, **body):
    headers = {"X-Moderator-Key": server.key if key is None else key}
    if raw is not None:
        return requests.request(method, server.url + path, data=raw, timeout=10,
                                headers=dict(headers, **{"Content-Type": "application/json"}))
    return requests.request(method, server.url + path, json=body if body else None, headers=headers, timeout=10)


def recommend(server, code: str, key: str | None = None, **fields):
    body = {"question": 0, "title": "Evening classes", "text": "Open classes at night.", "suggestion_ids": []}
    return call(server, "POST", f"/api/forums/{code}/recommendations", key=key, **dict(body, **fields))


def error_of(answer, status: int = 400) -> str:
    assert answer.status_code == status, (answer.status_code, answer.text)
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert isinstance(error, str) and error.strip()
    return error


def recs_of(server, code: str, key: str | None = None) -> list[dict]:
    answer = call(server, "GET", f"/api/forums/{code}/recommendations", key=key)
    assert answer.status_code == 200
    return answer.json()["recommendations"]


def test_post_answers_201_with_the_id_for_either_key_and_get_lists_the_rec(server, night):
    code, ids = night["code"], night["ids"]
    by_moderator = recommend(server, code, suggestion_ids=ids[:2])
    by_team = recommend(server, code, key=night["team"], question=1, title="Schools", text="", suggestion_ids=[])
    assert by_moderator.status_code == 201 and by_team.status_code == 201
    assert set(by_moderator.json()) == {"id"} and isinstance(by_moderator.json()["id"], int)
    for key in (None, night["team"]):
        listed = {r["id"]: r for r in recs_of(server, code, key)}
        rec = listed[by_moderator.json()["id"]]
        assert {"id", "question", "title", "text", "suggestion_ids", "status", "history"} <= set(rec)
        assert (rec["question"], rec["title"], rec["text"], rec["suggestion_ids"], rec["status"]) == (
            0, "Evening classes", "Open classes at night.", ids[:2], "drafted")
        assert [h["status"] for h in rec["history"]] == ["drafted"] and isinstance(rec["history"][0]["at"], float)
        assert listed[by_team.json()["id"]]["question"] == 1


@pytest.mark.parametrize("fields", [
    {"title": ""}, {"title": "   "}, {"question": 2}, {"question": -1}, {"question": "0"}, {"suggestion_ids": [999]},
    {"suggestion_ids": "1"}, {"title": None}, {"suggestion_ids": None},
])
def test_bad_recommendations_answer_400_with_an_error_and_change_nothing(server, night, fields):
    before = recs_of(server, night["code"])
    body = {"question": 0, "title": "T", "text": "", "suggestion_ids": []}
    body.update(fields)
    body = {name: value for name, value in body.items() if value is not None}
    error_of(call(server, "POST", f"/api/forums/{night['code']}/recommendations", key=night["team"], **body))
    assert recs_of(server, night["code"]) == before


def test_a_suggestion_of_another_forum_is_refused(server, night):
    before = recs_of(server, night["other"])
    answer = recommend(server, night["other"], suggestion_ids=[night["ids"][2]])  # Kista has only one
    assert "not one of this forum's suggestions" in error_of(answer)
    assert recs_of(server, night["other"]) == before


def test_the_first_suggestion_of_another_forum_is_refused_too(server, night):
    """Each forum's first suggestion: numbered per forum, they would share an id and pass."""
    before = recs_of(server, night["other"])
    answer = recommend(server, night["other"], suggestion_ids=[night["ids"][0]])
    assert "not one of this forum's suggestions" in error_of(answer)
    assert recs_of(server, night["other"]) == before
    assert night["ids"][0] != night["other_ids"][0]


def test_a_body_that_is_no_json_object_answers_400(server, night):
    path = f"/api/forums/{night['code']}/recommendations"
    error_of(call(server, "POST", path, raw="title=x"))
    error_of(call(server, "POST", path, raw="[1, 2]"))
    error_of(call(server, "POST", f"/api/recommendations/1/status", raw="presented"))


@pytest.mark.parametrize("key, status", [("", 401), ("wrong-key", 403)])
def test_every_route_wants_the_moderator_key_or_a_team_key(server, night, key, status):
    code = night["code"]
    year = datetime.now().year
    for method, path, body in (("POST", f"/api/forums/{code}/recommendations", {"question": 0, "title": "T", "text": "",
                                                                                 "suggestion_ids": []}),
                               ("GET", f"/api/forums/{code}/recommendations", {}),
                               ("POST", "/api/recommendations/1/status", {"status": "presented"}),
                               ("GET", f"/api/newsletter.html?year={year}", {}),
                               ("GET", f"/api/forums/{code}/export.json", {})):
        answer = call(server, method, path, key=key, **body)
        assert answer.status_code == status, (method, path, answer.status_code)
        assert answer.json()["error"]


def test_the_status_moves_along_with_either_key_and_declined_needs_a_reason(server, night):
    code = night["code"]
    rid = recommend(server, code, title="Night buses", suggestion_ids=[night["ids"][1]]).json()["id"]

    def status(key=None, **body):
        return call(server, "POST", f"/api/recommendations/{rid}/status", key=key, **body)

    for body in ({"status": "sleeping"}, {"status": "declined"}, {"status": "declined", "reason": ""},
                 {"status": "declined", "reason": "  "}, {}, {"status": 3}):
        error_of(status(**body))
    assert [r for r in recs_of(server, code) if r["id"] == rid][0]["history"][-1]["status"] == "drafted"
    presented = status(status="presented", note="At the council, 3 June")
    assert presented.status_code == 200
    rec = presented.json()
    assert {"id", "question", "title", "text", "suggestion_ids", "status", "history"} <= set(rec)
    assert rec["id"] == rid and rec["status"] == "presented"
    assigned = status(key=night["team"], status="assigned", department="Traffic office", official="K. Berg").json()
    assert (assigned["status"], assigned["department"], assigned["official"]) == ("assigned", "Traffic office", "K. Berg")
    status(status="in_progress")
    declined = status(key=night["team"], status="declined", reason="No budget this year")
    assert declined.status_code == 200
    history = declined.json()["history"]
    assert [h["status"] for h in history] == ["drafted", "presented", "assigned", "in_progress", "declined"]
    assert all(isinstance(h["at"], float) for h in history)
    assert history[1]["note"] == "At the council, 3 June" and history[-1]["reason"] == "No budget this year"
    for name in STATUSES[:-1]:  # every status name the contract lists is accepted (a move back with a reason)
        other = recommend(server, code, title=f"Check {name}").json()["id"]
        answer = call(server, "POST", f"/api/recommendations/{other}/status", status=name, reason="checking")
        assert answer.status_code == 200 and answer.json()["status"] == name


def test_the_newsletter_lists_each_forum_its_questions_and_recs_with_their_status(server, night):
    code = night["code"]
    rid = recommend(server, code, title="Interpreters at the health centre").json()["id"]
    call(server, "POST", f"/api/recommendations/{rid}/status", status="presented")
    year = datetime.now().year
    for key in (None, night["team"]):
        page = call(server, "GET", f"/api/newsletter.html?year={year}", key=key)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        for words in ("Forum in Husby", "Forum in Kista", "Jobs?", "Schools?", "Interpreters at the health centre",
                      'data-status="presented"', "Presented to the city"):
            assert words in page.text, words
    assert "Forum in Husby" not in call(server, "GET", f"/api/newsletter.html?year={year - 3}").text
    error_of(call(server, "GET", "/api/newsletter.html?year=soon"))


def test_the_export_carries_the_recs_and_a_reimport_restores_them(server, night, tmp_path):
    code = night["code"]
    rid = recommend(server, code, title="A youth centre", suggestion_ids=[night["ids"][2]]).json()["id"]
    call(server, "POST", f"/api/recommendations/{rid}/status", status="declined", reason="Built already")
    exported = call(server, "GET", f"/api/forums/{code}/export.json", key=night["team"])
    assert exported.status_code == 200
    data = exported.json()
    listed = recs_of(server, code)
    assert [r["id"] for r in data["recommendations"]] == [r["id"] for r in listed]
    (declined,) = [r for r in data["recommendations"] if r["id"] == rid]
    assert declined["status"] == "declined" and declined["history"][-1]["reason"] == "Built already"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    restored = tmp_path / "restored"
    done = subprocess.run([sys.executable, "run.py", "import", str(path), "--data-dir", str(restored)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    again = Server(restored, key="another-key").start()
    try:
        assert recs_of(again, code) == listed
        assert call(again, "GET", f"/api/forums/{code}/export.json").json()["recommendations"] == data["recommendations"]
    finally:
        again.stop()


def test_the_join_link_shows_the_recs_and_their_status(server, night):
    """Recommendations show on the join page as soon as there are any (read once, never pushed), and the
    page becomes the forum's outcome once the moderator ends it."""
    code = call(server, "POST", "/api/forums", title="Forum in Rinkeby", questions=["Jobs?"]).json()["code"]
    assert "Summer jobs" not in requests.get(f"{server.url}/j/{code}", timeout=10).text
    rid = recommend(server, code, key=night["team"], title="Summer jobs for young people").json()["id"]
    call(server, "POST", f"/api/recommendations/{rid}/status", status="presented")
    live = requests.get(f"{server.url}/j/{code}", timeout=10)
    assert live.status_code == 200
    assert "Summer jobs for young people" in live.text and 'data-status="presented"' in live.text
    assert 'id="raise-hand"' in live.text  # still the live floor
    moderator = Peer(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    moderator.ok("end_forum")
    moderator.close()
    over = requests.get(f"{server.url}/j/{code}?lang=ar", timeout=10)
    assert over.status_code == 200 and 'id="raise-hand"' not in over.text
    assert "Summer jobs for young people" in over.text and 'data-status="presented"' in over.text
    assert 'dir="rtl"' in over.text
