"""The core team's exports: export.json, the CSV zip, the workbook and the report, over HTTP."""
import csv
import hashlib
import io
import json

import pytest
from openpyxl import load_workbook

from conftest import KEY
from export_support import (ARABIC, FORMULAS, HOSTILE, SWEDISH, TIGRINYA, WALK_IN, ForumPlay, get, unzip)
from facilitator import create_app
from facilitator.cli import main
from facilitator.store import Store

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def play(room, clock):
    return ForumPlay(room, clock)


def rows_of(content: bytes) -> list[dict]:
    assert content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_json_has_every_contract_field(client, play):
    data = get(client, play.code, "export.json").json
    assert data["version"] == 1
    assert {"code", "title"} <= data["forum"].keys() and data["forum"]["code"] == play.code
    assert [q["index"] for q in data["questions"]] == [0, 1, 2] and data["questions"][0]["text"] == "Q1"
    assert len(data["speeches"]) == 3
    for speech in data["speeches"]:
        assert {"speaker", "label", "lang", "question", "started_at", "ended_at", "duration_s"} <= speech.keys()
    assert [s["duration_s"] for s in data["speeches"]] == [30, 45, 20]
    assert [s["speaker"] for s in data["speeches"]] == ["P1", "W1", "P2"]
    for s in data["suggestions"]:
        assert {"id", "question", "text", "votes", "hidden"} <= s.keys()
    by_text = {s["text"]: s for s in data["suggestions"]}
    assert by_text[ARABIC]["votes"] == 2 and by_text["=1+1"]["votes"] == 1 and by_text["@cmd"]["hidden"]
    assert by_text["-2+3"]["status"] == "merged"
    assert data["events"][0]["type"] == "ForumCreated"
    assert [e["seq"] for e in data["events"]] == list(range(1, len(data["events"]) + 1))
    assert data["current_turn"]["speaker"] == "P3" and data["current_turn"]["talk_s"] == 5
    talk = {p["id"]: p["talk_s"] for p in data["participants"]}
    assert talk == {"P1": 30, "P2": 20, "P3": 5, "W1": 45}
    fairness = data["fairness"]
    assert fairness["distinct_speakers"] == 4 and fairness["top3_share"] == round(95 / 100, 4)
    assert [q["first_time_speakers"] for q in fairness["by_question"]] == [2, 2, 0]
    assert fairness["languages"]["ti"] == {"speeches": 1, "talk_s": 45}


def test_round_trip_through_import(client, play, tmp_path, clock):
    first = get(client, play.code, "export.json").data
    path = tmp_path / "export.json"
    path.write_bytes(first)
    other = tmp_path / "other"
    assert main(["import", str(path), "--data-dir", str(other)]) == 0
    app, _ = create_app({"DATA_DIR": other, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading", "CLOCK": clock})
    again = get(app.test_client(), play.code, "export.json").data
    assert json.loads(again) == json.loads(first)
    assert again == first
    assert Store(app.extensions["forums"].store.engine).vote_counts(play.code) == \
        play.room.app.extensions["forums"].store.vote_counts(play.code)


def test_csv_zip_is_utf8_with_bom_and_neutralises_formulas(client, play):
    files = unzip(get(client, play.code, "export.zip").data)
    assert sorted(files) == sorted(f"{play.code}-{t}.csv" for t in
                                   ("questions", "speeches", "suggestions", "participants", "votes"))
    suggestions = {r["id"]: r for r in rows_of(files[f"{play.code}-suggestions.csv"])}
    texts = {r["text"] for r in suggestions.values()}
    assert {ARABIC, TIGRINYA, SWEDISH, HOSTILE} <= texts
    assert {"'" + f for f in FORMULAS} <= texts and not texts & set(FORMULAS)
    arabic = suggestions[str(play.ids[ARABIC])]
    assert (arabic["rank"], arabic["votes"], arabic["status"], arabic["translations"]) == ("1", "2", "shown",
                                                                                         "sv: Fler tolkar")
    speeches = rows_of(files[f"{play.code}-speeches.csv"])
    assert [r["label"] for r in speeches] == ["Amina", "'" + WALK_IN, "ሰላም"]
    assert [r["question"] for r in speeches] == ["1", "1", "2"]
    people = {r["person"]: r for r in rows_of(files[f"{play.code}-participants.csv"])}
    assert people["P3"]["label"] == "Åsa" and people["W1"]["talk_s"] == "45.0"
    votes = rows_of(files[f"{play.code}-votes.csv"])
    assert len(votes) == 6 and all(v["voter"].startswith("V") for v in votes)
    single = get(client, play.code, "export.csv", table="speeches")
    assert single.data == files[f"{play.code}-speeches.csv"] and single.mimetype == "text/csv"
    assert get(client, play.code, "export.csv").data[:2] == b"PK"


def test_xlsx_sheets_hold_text_never_formulas(client, play):
    book = load_workbook(io.BytesIO(get(client, play.code, "export.xlsx").data))
    assert book.sheetnames == ["Questions", "Speeches", "Suggestions", "Participants", "Votes"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    sheet = book["Suggestions"]
    header = [c.value for c in sheet[1]]
    texts = [row[header.index("text")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert {ARABIC, TIGRINYA, SWEDISH, HOSTILE, *("'" + f for f in FORMULAS)} == set(texts)
    assert book["Speeches"]["D3"].value == "'" + WALK_IN
    assert book["Speeches"]["F2"].is_date


def test_no_token_hash_or_address_in_any_export(client, play):
    blobs = {"json": get(client, play.code, "export.json").data, "html": get(client, play.code, "export.html").data}
    blobs.update(unzip(get(client, play.code, "export.zip").data))
    blobs.update({f"xlsx:{name}": xml for name, xml in unzip(get(client, play.code, "export.xlsx").data).items()})
    secrets = [t.encode() for t in play.tokens] + [hashlib.sha256(t.encode()).hexdigest().encode() for t in play.tokens]
    for name, blob in blobs.items():
        for secret in secrets + [b"127.0.0.1"]:
            assert secret not in blob, (name, secret)


def test_report_draws_svg_and_escapes_user_text(client, play):
    response = get(client, play.code, "export.html")
    html = response.data.decode()
    assert response.mimetype == "text/html" and "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert html.count("<svg") >= 4 + 3 * 3 and "<rect" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "<script" not in html and " style=" not in html and "<style" not in html
    assert 'href="/static/css/report.css"' in html and "https://" not in html
    for text in ("Summary", "Top suggestions per question", "Speaking log", "Set apart", "merged into #",
                 "Languages spoken", "first-time", ARABIC, TIGRINYA, SWEDISH, "still speaking at export"):
        assert text in html, text
    assert html.index(ARABIC) < html.index(SWEDISH)  # two votes rank above one
    assert client.get("/static/css/report.css").status_code == 200


def test_the_report_leaves_out_what_the_moderator_hid_unless_asked(client, play):
    html = get(client, play.code, "export.html").data.decode()
    assert "@cmd" not in html and "hidden by the moderator" not in html
    assert "1 suggestion the moderator hid is left out of this report." in html
    asked = get(client, play.code, "export.html", hidden="1").data.decode()
    assert "@cmd" in asked and "hidden by the moderator" in asked and "left out of this report" not in asked


def test_exports_need_the_key_and_a_known_code(client, play):
    for name in ("export.json", "export.zip", "export.csv", "export.xlsx", "export.html"):
        assert client.get(f"/api/forums/{play.code}/{name}").status_code == 401
        assert client.get(f"/api/forums/{play.code}/{name}", headers={"X-Moderator-Key": "wrong"}).status_code == 403
        missing = client.get(f"/api/forums/NOPE9/{name}", headers={"X-Moderator-Key": KEY})
        assert missing.status_code == 404 and "error" in missing.json
    assert client.get(f"/api/forums/{play.code}/export.json?key={KEY}", follow_redirects=True).status_code == 200
    bad = client.get(f"/api/forums/{play.code}/export.csv?table=devices", headers={"X-Moderator-Key": KEY})
    assert bad.status_code == 400 and "error" in bad.json


def test_every_format_comes_from_one_read(client, play, monkeypatch):
    reads = []
    original = Store.load
    monkeypatch.setattr(Store, "load", lambda self, code: reads.append(code) or original(self, code))
    for name in ("export.json", "export.zip", "export.xlsx", "export.html"):
        get(client, play.code, name)
    assert reads == [play.code] * 4


def test_forum_list_counts_this_years_questions(client, room, clock):
    client.post("/api/forums", json={"title": "Two", "questions": ["A", "B"]}, headers={"X-Moderator-Key": KEY})
    clock.advance(-400 * 86400)  # a forum of last year does not count
    client.post("/api/forums", json={"title": "Old", "questions": ["C"]}, headers={"X-Moderator-Key": KEY})
    clock.advance(400 * 86400)
    body = client.get("/api/forums", headers={"X-Moderator-Key": KEY}).json
    assert len(body["forums"]) == 3 and body["year"] == 2027 and body["year_questions"] == 5


def test_a_fresh_forum_exports_in_every_format(client, room):
    data = get(client, room.code, "export.json").json
    assert (data["speeches"], data["suggestions"], data["current_turn"]) == ([], [], None)
    assert "Nobody has spoken yet." in get(client, room.code, "export.html").data.decode()
    assert load_workbook(io.BytesIO(get(client, room.code, "export.xlsx").data))["Votes"].max_row == 1
    assert len(unzip(get(client, room.code, "export.zip").data)) == 5
