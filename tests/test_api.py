"""The HTTP API and the pages: keys, bodies, headers."""
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from conftest import KEY

GOOD = {"title": "Forum", "questions": ["Q1", "Q2"]}


def test_create_forum_answers_the_contract(client):
    response = client.post("/api/forums", json=GOOD | {"turn_seconds": 90, "vote_budget": 0, "policy": "fifo"},
                           headers={"X-Moderator-Key": KEY})
    assert response.status_code == 201
    body = response.json
    assert set(body) == {"code", "join_url", "board_url", "moderator_url"}
    assert body["join_url"].endswith(f"/j/{body['code']}")


@pytest.mark.parametrize("headers,status", [({}, 401), ({"X-Moderator-Key": "wrong"}, 403)])
def test_create_forum_needs_the_key(client, headers, status):
    assert client.post("/api/forums", json=GOOD, headers=headers).status_code == status


@pytest.mark.parametrize("body,error", [
    ({"questions": ["Q"]}, "title"), ({"title": "T", "questions": []}, "1 to 10 questions"),
    ({"title": "T", "questions": "Q"}, "questions"), ({"title": "T", "questions": [3]}, "text"),
    (GOOD | {"policy": "loudest"}, "policy"), (GOOD | {"turn_seconds": 2}, "between 10 and 3600"),
    (GOOD | {"vote_budget": -1}, "vote budget"), (GOOD | {"turn_seconds": "90"}, "whole number"),
])
def test_bad_bodies_answer_400_with_the_reason(client, body, error):
    response = client.post("/api/forums", json=body, headers={"X-Moderator-Key": KEY})
    assert response.status_code == 400 and error in response.json["error"]
    assert client.get("/api/forums", headers={"X-Moderator-Key": KEY}).json["forums"] == []


def test_a_full_disk_answers_json_with_the_reason_and_creates_nothing(app, client, monkeypatch):
    full = sqlite3.OperationalError("database or disk is full")

    def store_on_a_full_disk(created):
        raise OperationalError("INSERT INTO forums ...", {}, full)

    monkeypatch.setattr(app.extensions["forums"].store, "create_forum", store_on_a_full_disk)
    response = client.post("/api/forums", json=GOOD, headers={"X-Moderator-Key": KEY})
    assert response.status_code == 507 and response.is_json, response.data[:200]
    assert "disk is full" in response.json["error"]
    monkeypatch.setattr(app.extensions["forums"].store, "create_forum", lambda created: 1 / 0)
    response = client.post("/api/forums", json=GOOD, headers={"X-Moderator-Key": KEY})
    assert response.status_code == 500 and response.is_json and response.json["error"]
    assert client.get("/api/forums", headers={"X-Moderator-Key": KEY}).json["forums"] == []


@pytest.mark.parametrize("method,path,headers,status", [
    ("get", "/api/forums", {}, 401), ("get", "/api/forums", {"X-Moderator-Key": "wrong"}, 403),
    ("get", "/api/nothing-here", {"X-Moderator-Key": KEY}, 404),
    ("delete", "/api/forums", {"X-Moderator-Key": KEY}, 405),
    ("get", "/api/forums/NOPE9/export.json", {"X-Moderator-Key": KEY}, 404),
])
def test_every_api_error_is_json_with_a_message(client, method, path, headers, status):
    response = getattr(client, method)(path, headers=headers)
    assert response.status_code == status and response.is_json, response.data[:200]
    assert isinstance(response.json["error"], str) and response.json["error"].strip()


def test_healthz(client):
    assert client.get("/healthz").status_code == 200


def test_console_needs_the_key_once_then_keeps_a_cookie(client, room):
    assert client.get(f"/m/{room.code}").status_code == 401
    assert client.get(f"/m/{room.code}?key=wrong").status_code == 403
    response = client.get(f"/m/{room.code}?key={KEY}&lang=sv")
    assert response.status_code == 303 and response.headers["Location"] == f"/m/{room.code}?lang=sv"
    assert client.get(f"/m/{room.code}").status_code == 200


def test_phone_and_board_pages_are_open_and_carry_a_strict_csp(client, room):
    for path in (f"/j/{room.code}", f"/b/{room.code}", f"/b/{room.code}?view=interpreters"):
        response = client.get(path)
        assert response.status_code == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get("/j/NOPE1").status_code == 404


def test_qr_code_is_svg(client, room):
    response = client.get(f"/qr/{room.code}.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data


def test_landing_page_leads_a_typed_code_to_the_phone_page(client, room):
    assert client.get("/").status_code == 200
    assert client.get(f"/join?code={room.code.lower()}").headers["Location"] == f"/j/{room.code}"
    assert client.get("/join?code=NOPE").status_code == 404
