"""The follow-up's HTTP interface (CONTRACT v2): recommendations, their status, the newsletter, bad input."""
import json

import pytest

from conftest import KEY

MOD = {"X-Moderator-Key": KEY}


@pytest.fixture
def night(room, clock):
    """A forum with three suggestions on Q1 (votes 2, 1, 0), one on Q2, and one speech."""
    moderator = room.moderator()
    phones = [room.phone(), room.phone(), room.phone()]
    ids = []
    for phone, text in zip(phones, ["More evening Swedish classes", "A library in Husby", "Bus at night"]):
        ids.append(phone.emit("suggest", {"text": text}, callback=True)["suggestion_id"])
    phones[1].emit("vote", {"suggestion_id": ids[0]}, callback=True)
    phones[2].emit("vote", {"suggestion_id": ids[0]}, callback=True)
    phones[0].emit("vote", {"suggestion_id": ids[1]}, callback=True)
    phones[0].emit("hand_raise", {"lang": "ar"}, callback=True)
    assert moderator.emit("next_speaker", {}, callback=True)["ok"]
    clock.advance(40)
    assert moderator.emit("end_turn", {}, callback=True)["ok"]
    assert moderator.emit("set_question", {"index": 1}, callback=True)["ok"]
    clock.advance(11)
    ids.append(phones[0].emit("suggest", {"text": "Jobs for young people"}, callback=True)["suggestion_id"])
    room.moderator_socket, room.phones, room.suggestion_ids = moderator, phones, ids
    return room


def post(client, url, body, headers=MOD):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def recommend(client, code, **fields):
    body = {"question": 0, "title": "Evening classes", "text": "Open classes at night.", "suggestion_ids": []}
    body.update(fields)
    return post(client, f"/api/forums/{code}/recommendations", body)


def test_a_recommendation_is_written_read_and_moved_along_its_statuses(night, client):
    a, b = night.suggestion_ids[:2]
    created = recommend(client, night.code, suggestion_ids=[a, b])
    assert created.status_code == 201, created.json
    rid = created.json["id"]
    listed = client.get(f"/api/forums/{night.code}/recommendations", headers=MOD)
    assert listed.status_code == 200
    (rec,) = listed.json["recommendations"]
    assert rec["id"] == rid and rec["suggestion_ids"] == [a, b] and rec["status"] == "drafted"
    assert rec["history"][0]["status"] == "drafted" and rec["history"][0]["by"] == {"role": "moderator"}

    presented = post(client, f"/api/recommendations/{rid}/status", {"status": "presented", "to": "The city board"})
    assert presented.status_code == 200 and presented.json["status"] == "presented"
    assigned = post(client, f"/api/recommendations/{rid}/status",
                    {"status": "assigned", "department": "Education", "official": "K. Berg"})
    assert assigned.json["department"] == "Education" and assigned.json["official"] == "K. Berg"
    done = post(client, f"/api/recommendations/{rid}/status", {"status": "implemented", "note": "Started in May"})
    assert [h["status"] for h in done.json["history"]] == ["drafted", "presented", "assigned", "implemented"]


@pytest.mark.parametrize("body, words", [
    ({"title": "  "}, "title"),
    ({"question": 7}, "question"),
    ({"suggestion_ids": [999]}, "999"),
    ({"suggestion_ids": ["1"]}, "whole numbers"),
    ({"scope": "galaxy"}, "scope"),
])
def test_bad_recommendations_are_refused_and_change_nothing(night, client, body, words):
    answer = recommend(client, night.code, **body)
    assert answer.status_code == 400 and words in answer.json["error"]
    assert client.get(f"/api/forums/{night.code}/recommendations", headers=MOD).json["recommendations"] == []


def test_a_suggestion_of_another_forum_is_refused(night, client):
    other = post(client, "/api/forums", {"title": "Other", "questions": ["Q"]}).json["code"]
    answer = recommend(client, other, suggestion_ids=[night.suggestion_ids[0]])
    assert answer.status_code == 400 and "not one of this forum's suggestions" in answer.json["error"]


def test_status_changes_that_skip_back_or_decline_need_a_reason(night, client):
    rid = recommend(client, night.code).json["id"]
    assert post(client, f"/api/recommendations/{rid}/status", {"status": "assigned"}).status_code == 200
    back = post(client, f"/api/recommendations/{rid}/status", {"status": "presented"})
    assert back.status_code == 400 and "reason" in back.json["error"]
    assert post(client, f"/api/recommendations/{rid}/status", {"status": "declined"}).status_code == 400
    assert post(client, f"/api/recommendations/{rid}/status", {"status": "sleeping"}).status_code == 400
    rec = client.get(f"/api/recommendations/{rid}", headers=MOD).json
    assert rec["status"] == "assigned" and len(rec["history"]) == 2
    moved = post(client, f"/api/recommendations/{rid}/status", {"status": "presented", "reason": "Wrong department"})
    assert moved.status_code == 200 and moved.json["history"][-1]["reason"] == "Wrong department"
    declined = post(client, f"/api/recommendations/{rid}/status", {"status": "declined", "reason": "No budget"})
    assert declined.json["status"] == "declined"


def test_the_newsletter_lists_forums_questions_and_recommendations_with_their_status(night, client, clock):
    rid = recommend(client, night.code, suggestion_ids=[night.suggestion_ids[0]]).json["id"]
    post(client, f"/api/recommendations/{rid}/status", {"status": "declined", "reason": "No budget this year"})
    year = __import__("datetime").datetime.fromtimestamp(clock()).year
    page = client.get(f"/api/newsletter.html?year={year}", headers=MOD)
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    for words in ("Forum", "Q1", "Q2", "Evening classes", "Declined", 'data-status="declined"', "No budget this year",
                  "More evening Swedish classes"):
        assert words in html
    markdown = client.get(f"/api/newsletter.md?year={year}", headers=MOD).get_data(as_text=True)
    assert "Evening classes" in markdown and "Declined" in markdown
