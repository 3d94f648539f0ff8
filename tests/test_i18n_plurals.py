"""Counted messages in the form each number needs: the catalogues' plural rules, and refusals that
carry a number (`N_plural`) translated with ngettext on the server."""
import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from facilitator.core import N_plural, Refused
from facilitator.core.rules import TOO_LONG
from facilitator.i18n import babel_locale, translate_refusal

TRANSLATIONS = Path(__file__).resolve().parent.parent / "facilitator" / "translations"
# CLDR's Arabic rule as GNU gettext writes it: zero, one, two, few (3-10), many (11-99), other (100-102, ...)
ARABIC = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"


def catalogue(code):
    with (TRANSLATIONS / babel_locale(code) / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def test_the_arabic_plural_rule_is_cldrs():
    parsed = catalogue("ar")
    assert parsed.num_plurals == 6
    assert parsed.plural_expr.replace(" ", "") == ARABIC.replace(" ", "")
    form = gettext.c2py(parsed.plural_expr)
    expected = {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 26: 4, 99: 4, 100: 5, 101: 5, 102: 5, 103: 3, 111: 4, 200: 5}
    assert {n: form(n) for n in expected} == expected


@pytest.mark.parametrize("code, count", [("uk", 3), ("ar", 6), ("fa", 1), ("prs", 1), ("tr", 1), ("sv", 2),
                                         ("fr", 2), ("so", 2), ("ti", 2)])
def test_every_plural_entry_has_one_text_per_form(code, count):
    parsed = catalogue(code)
    assert parsed.num_plurals == count
    plural = [m for m in parsed if m.id and m.pluralizable]
    assert len(plural) >= 10
    for message in plural:
        assert len(message.string) == count and all(message.string), message.id


@pytest.mark.parametrize("length, word", [
    (1, "символ"), (2, "символи"), (5, "символів"), (21, "символ"), (22, "символи"), (111, "символів"),
    (501, "символ"), (502, "символи"), (503, "символи"), (504, "символи"), (505, "символів"), (511, "символів"),
])
def test_ukrainian_names_characters_in_the_form_the_number_needs(app, length, word):
    with app.app_context():
        text = translate_refusal(Refused(TOO_LONG["suggestion"], length=length, limit=500), "uk")
    assert text == f"Довжина пропозиції — {length} {word}; дозволено щонайбільше 500."


@pytest.mark.parametrize("length, word", [(501, "حرف"), (503, "أحرف"), (511, "حرفًا"), (41, "حرفًا")])
def test_arabic_counts_characters_by_its_six_forms(app, length, word):
    with app.app_context():
        text = translate_refusal(Refused(TOO_LONG["name"], length=length, limit=40), "ar")
    assert text == f"طول الاسم {length} {word}، والحد الأقصى المسموح به 40."


def test_english_chooses_singular_or_plural_by_the_counted_parameter():
    assert str(Refused(TOO_LONG["title"], length=1, limit=120)) == \
        "The title is 1 character long; at most 120 are allowed."
    assert str(Refused(TOO_LONG["title"], length=121, limit=120)) == \
        "The title is 121 characters long; at most 120 are allowed."


def test_a_counted_refusal_without_ngettext_or_with_a_broken_form_falls_back_to_english():
    refusal = Refused(N_plural("%(n)s vote", "%(n)s votes", "n"), n=2)
    assert refusal.translated(lambda s: s) == "2 votes"
    assert refusal.translated(lambda s: s, lambda s, p, n: "%(count)s Stimmen") == "2 votes"
    assert refusal.translated(lambda s: s, lambda s, p, n: "%(n)s Stimmen") == "2 Stimmen"


def test_a_phone_gets_the_right_plural_over_its_socket(room):
    phone = room.socket()
    assert phone.emit("join", {"code": room.code, "role": "participant", "lang": "uk"}, callback=True)["ok"]
    ack = phone.emit("suggest", {"text": "я" * 502}, callback=True)
    assert ack == {"ok": False, "error": "Довжина пропозиції — 502 символи; дозволено щонайбільше 500."}


def test_the_api_answers_a_counted_refusal_in_the_request_language(client):
    from conftest import KEY
    response = client.post("/api/forums?lang=uk", json={"title": "Т" * 121, "questions": ["Q"]},
                           headers={"X-Moderator-Key": KEY})
    assert response.status_code == 400
    assert response.json["error"] == "Довжина назви — 121 символ; дозволено щонайбільше 120."
