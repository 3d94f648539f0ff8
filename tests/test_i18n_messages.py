"""The server's own words in the reader's language: refusals answered in the language of the page that
sent the action, the HTTP API's errors in the request's language, and the forum report."""
import ast
import re
from pathlib import Path

import pytest

from conftest import KEY
from export_support import ForumPlay
from facilitator.cli import main
from facilitator.core import N_, Refused
from facilitator.i18n import known_language

ROOT = Path(__file__).resolve().parent.parent


def join(room, role="participant", lang=None, **fields):
    sock = room.socket()
    payload = {"code": room.code, "role": role, **({"key": KEY} if role == "moderator" else {}), **fields}
    if lang is not None:
        payload["lang"] = lang
    ack = sock.emit("join", payload, callback=True)
    assert ack["ok"], ack
    return sock


def error(sock, event, payload=None):
    ack = sock.emit(event, payload or {}, callback=True)
    assert ack["ok"] is False, ack
    return ack["error"]


# ---- the core: English templates with named parameters, no Flask --------------------------------

def test_a_refusal_reads_as_english_and_keeps_its_template_and_parameters():
    refusal = Refused(N_("You just posted a suggestion. Please wait %(seconds)s s before the next one."), seconds=7)
    assert str(refusal) == "You just posted a suggestion. Please wait 7 s before the next one."
    assert refusal.template.endswith("wait %(seconds)s s before the next one.") and refusal.params == {"seconds": 7}
    assert N_("x") == "x"
    # user text in a parameter is never read as a format
    assert str(Refused(N_("'%(label)s' is already in the queue."), label="50%(x)s")) == \
        "'50%(x)s' is already in the queue."


def test_a_broken_translation_falls_back_to_english():
    refusal = Refused(N_("There is no suggestion %(id)s."), id=42)
    assert refusal.translated(lambda s: "Kein Vorschlag %(nummer)s.") == "There is no suggestion 42."
    assert refusal.translated(lambda s: "Kein Vorschlag %(id)s.") == "Kein Vorschlag 42."


def test_the_core_imports_no_flask():
    for path in (ROOT / "facilitator" / "core").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] in ("flask", "flask_babel", "flask_socketio") for n in names), path


def test_every_refusal_is_a_marked_template():
    """`Refused(f"...")` or `Refused("...")` would reach phones untranslated: use `Refused(N_("..."), name=...)`."""
    found = 0
    for path in (ROOT / "facilitator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refused" and node.args:
                found += 1
                first = node.args[0]
                assert not isinstance(first, (ast.JoinedStr, ast.Constant, ast.BinOp)), \
                    f"{path.relative_to(ROOT)}:{node.lineno}: wrap the message in N_() with named parameters"
    assert found > 40


# ---- the socket layer answers in the language the page joined with ------------------------------

@pytest.mark.parametrize("value, expected", [
    ("ar", "ar"), ("prs", "prs"), ("fa-AF", "prs"), ("fa_AF", "prs"), ("sv-SE", "sv"), ("SV", "sv"),
    ("xx", "en"), ("", "en"), (None, "en"), (7, "en"),
])
def test_the_join_language_is_one_we_speak_or_english(value, expected):
    assert known_language(value) == expected


def test_an_arabic_phone_gets_arabic_refusals(room, clock):
    phone = join(room, lang="ar")
    assert error(phone, "vote", {"suggestion_id": 42}) == "لا يوجد اقتراح رقم 42."
    assert phone.emit("suggest", {"text": "مترجمون أكثر"}, callback=True)["ok"]
    clock.advance(3)
    assert error(phone, "suggest", {"text": "فكرة ثانية"}) == \
        "لقد أرسلت اقتراحًا للتو. يُرجى الانتظار 7 ث قبل إرسال الاقتراح التالي."
    # a moderator's action, a missing field, an unknown event: all in Arabic
    assert error(phone, "next_speaker") == "فقط المنسّق يمكنه تنفيذ 'next_speaker'."
    assert error(phone, "vote") == "الحقل 'suggestion_id' غير موجود."
    assert error(phone, "make_me_moderator") == "حدث غير معروف 'make_me_moderator'."


def test_a_swedish_console_gets_swedish_refusals(room):
    console = join(room, "moderator", lang="sv")
    assert error(console, "set_question", {"index": 8}) == "Det finns ingen fråga 9; forumet har 3."
    assert error(console, "undo") == "Det finns inget att ångra."
    assert error(console, "update_settings", {"vote_budget": 99}) == \
        "Antalet röster per person måste vara mellan 0 och 50."


def test_an_english_page_gets_the_exact_english_text(room, clock):
    phone, console = join(room, lang="en"), join(room, "moderator")  # with lang, and without it
    assert error(phone, "vote", {"suggestion_id": 42}) == "There is no suggestion 42."
    phone.emit("suggest", {"text": "one"}, callback=True)
    clock.advance(3)
    assert error(phone, "suggest", {"text": "two"}) == \
        "You just posted a suggestion. Please wait 7 s before the next one."
    assert error(console, "set_question", {"index": 8}) == "There is no question 9; this forum has 3."


def test_dari_and_an_unknown_language(room):
    assert error(join(room, lang="prs"), "vote", {"suggestion_id": 5}) == "پیشنهاد 5 وجود ندارد."
    assert error(join(room, lang="xx"), "vote", {"suggestion_id": 5}) == "There is no suggestion 5."


def test_each_seat_has_its_own_language(room):
    arabic, swedish = join(room, lang="ar"), join(room, lang="sv")
    assert error(swedish, "vote", {"suggestion_id": 3}) == "Det finns inget förslag 3."
    assert error(arabic, "vote", {"suggestion_id": 3}) == "لا يوجد اقتراح رقم 3."


def test_a_refused_join_answers_in_the_language_it_names(room):
    sock = room.socket()
    ack = sock.emit("join", {"code": room.code, "role": "moderator", "key": "nope", "lang": "de"}, callback=True)
    assert ack == {"ok": False, "error": "Dieser Moderationsschlüssel ist falsch."}
    ack = sock.emit("join", {"code": "ZZZZZ", "role": "board", "lang": "fr"}, callback=True)
    assert ack["error"] == "Aucun forum n’a le code ZZZZZ."
    assert error(sock, "hand_raise") == "Join a forum first."  # no seat yet: English


def test_the_board_and_console_pages_send_their_language():
    script = (ROOT / "static" / "js" / "lib" / "live.js").read_text(encoding="utf-8")
    join_code = script[script.index("  join() {"):][:600]
    assert re.search(r"lang: document\.documentElement\.lang", join_code), join_code


# ---- the HTTP API's errors follow the request's language -----------------------------------------

def test_the_api_answers_a_bad_body_in_the_request_language(client):
    headers = {"X-Moderator-Key": KEY}
    english = client.post("/api/forums", json={"title": "T", "questions": []}, headers=headers)
    assert english.status_code == 400
    assert english.json["error"] == "A forum needs 1 to 10 questions (the handbook recommends 3-4)."
    swedish = client.post("/api/forums?lang=sv", json={"title": "", "questions": ["Q"]}, headers=headers)
    assert swedish.status_code == 400 and swedish.json["error"] == "Titeln är tom."
    somali = client.post("/api/forums", json={"title": "T", "questions": ["Q"], "vote_budget": 99},
                          headers={**headers, "Accept-Language": "so-SO"})
    assert somali.json["error"] == "Tirada codadka qof kasta waa inay u dhexeysaa 0 iyo 50."
    missing = client.get("/api/forums/NOPE9/export.json?lang=de", headers=headers)
    assert missing.status_code == 404 and missing.json["error"] == "Es gibt kein Forum mit dem Code NOPE9."


# ---- the report ----------------------------------------------------------------------------------

@pytest.fixture
def play(room, clock):
    return ForumPlay(room, clock)


def report(client, code, query=""):
    response = client.get(f"/api/forums/{code}/export.html{query}", headers={"X-Moderator-Key": KEY})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_report_is_english_by_default(client, play):
    text = report(client, play.code)
    assert '<html lang="en" dir="ltr">' in text
    for words in ("Summary", "Who had the floor", "Speaking log", "Talk time per person, whole forum",
                  "Question 1", "the moderator hid is left out of this report", "merged into #"):
        assert words in text, words


def test_the_report_follows_the_request_language(client, play):
    text = report(client, play.code, "?lang=sv")
    assert '<html lang="sv" dir="ltr">' in text
    for words in ("Sammanfattning", "Vem hade ordet", "Logg över inlägg", "Taltid per person, hela forumet",
                  "Fråga 1", "som moderatorn dolt är inte med i rapporten", "sammanslagen med #", "Forumrapport: Forum"):
        assert words in text, words
    for english in ("Summary", "Speaking log", "Who had the floor", "Talk time per person"):
        assert english not in text, english
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img" not in text  # user text is still escaped


def test_an_arabic_report_reads_right_to_left(client, play):
    text = report(client, play.code, "?lang=ar")
    assert '<html lang="ar" dir="rtl">' in text and "ملخص" in text and "سجل المداخلات" in text


def test_the_command_line_report_is_english_or_the_language_asked_for(play, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", play.code, "--format", "html", "--out", str(out), "--data-dir", str(tmp_path)]) == 0
    assert "Summary" in (out / f"{play.code}-report.html").read_text(encoding="utf-8")
    assert main(["export", play.code, "--format", "html", "--lang", "de", "--out", str(out / "de"),
                 "--data-dir", str(tmp_path)]) == 0
    german = (out / "de" / f"{play.code}-report.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in german and "Zusammenfassung" in german and "Summary" not in german
