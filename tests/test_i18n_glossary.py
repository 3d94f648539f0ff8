"""The same word for the same thing, in every language: the glossary (docs/glossary.json) is used wherever
its English term is, no catalogue uses a word to avoid, the issue-12 corrections stay corrected, every
phone text keeps its placeholders, and the drafts agree with the catalogues so a `fill` never brings an
old error back."""
import importlib
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from facilitator.i18n import LANGUAGES
from facilitator.translation_checks import problems
from facilitator.translation_review import places, po_path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = json.loads((ROOT / "docs" / "glossary.json").read_text(encoding="utf-8"))
TRANSLATED = [code for code in LANGUAGES if code != "en"]
TESTED_TERMS = ("first-timers' round", "vote", "raise a hand", "suggestion", "moderator")


@lru_cache(maxsize=None)
def catalogue(code):
    with po_path(code).open("rb") as f:
        return read_po(f)


def entries(code):
    """(English texts, translated texts) of every entry of a catalogue."""
    for message in catalogue(code):
        if message.id:
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            yield message, ids, strings


def test_the_glossary_covers_every_language_and_the_terms_the_issue_names():
    assert sorted(GLOSSARY["languages"]) == sorted(TRANSLATED)
    terms = {t["term"]: t for t in GLOSSARY["terms"]}
    for name in TESTED_TERMS + ("the floor",):
        assert set(terms[name]["render"]) == set(TRANSLATED), name
    for name in TESTED_TERMS:
        assert set(terms[name]["match"]) == set(TRANSLATED) and terms[name]["english"], name


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_glossary_word_is_used_wherever_the_english_term_is(code):
    missing = []
    for term in GLOSSARY["terms"]:
        if not term.get("match"):
            continue
        english, wanted = re.compile(term["english"], re.I), re.compile(term["match"][code], re.I)
        for message, ids, strings in entries(code):
            if ids[0] in term.get("except", []) or not any(english.search(i) for i in ids):
                continue
            missing += [f"{term['term']}: {ids[0]!r} -> {s!r}" for s in strings if not wanted.search(s)]
    assert not missing, f"{code}: the glossary's word is missing in:\n" + "\n".join(missing)


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_catalogue_uses_a_word_to_avoid(code):
    avoid = [a for a in GLOSSARY["avoid"] if a["lang"] == code]
    found = [f"{a['word']} ({a['why']}): {ids[0]!r}" for a in avoid for _, ids, strings in entries(code)
             if any(a["word"] in s for s in strings)]
    assert not found, "\n".join(found)


def test_the_glossary_in_the_guide_is_written_from_the_json():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        translations = importlib.import_module("translations")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    guide = (ROOT / "docs" / "translations.md").read_text(encoding="utf-8")
    written = guide.split(translations.GLOSSARY_START)[1].split(translations.GLOSSARY_END)[0]
    assert written.strip() == translations.glossary_tables().strip(), \
        "docs/glossary.json changed: run python scripts/translations.py glossary"


# What issue 12 found wrong, pinned in its corrected form (a review may improve them again, with the test).
CORRECTED = {
    "fa": {"First-timers' round": "دور کسانی که هنوز صحبت نکرده‌اند", "OK": "تأیید"},
    "prs": {"First-timers' round": "دور کسانی که هنوز صحبت نکرده‌اند", "OK": "تأیید",
            "Join on your phone": "با تیلفون‌تان شامل شوید"},
    "ti": {"Change": "ቀይሩ", "Save name": "ስም ዓቅቡ", "Send suggestion": "ሓሳብ ስደዱ", "Sort suggestions": "ሓሳባት ስርዑ",
           "Vote": "ድምጺ ሃቡ", "Remove my vote": "ድምጽኹም ኣልግሱ", "Sort:": "ስርዑ ብ:",
           "That did not work. Please try again.": "ኣይሰለጠን። በጃኹም ደጊምኩም ፈትኑ።"},
    "so": {"Name shown to the moderator": "Magaca uu guddoomiyuhu arko",
           "Too many actions in a short time. Please wait a moment and try again.":
               "Falal aad u badan ayaa waqti gaaban la sameeyay. Fadlan wax yar sug oo mar kale isku day.",
           "Have you not spoken on this question yet? Raise your hand now: you will go first.":
               "Weli miyaadan ka hadlin su'aashan? Hadda gacanta kor u qaad: adiga ayaa ugu horreyn doona."},
    "ar": {"Raise my hand": "رفع اليد", "You voted": "أعطيته صوتك", "Speaking now": "الكلمة الآن"},
}


@pytest.mark.parametrize("code", sorted(CORRECTED))
def test_the_corrections_of_issue_12_stay(code):
    for msgid, wanted in CORRECTED[code].items():
        assert catalogue(code)[msgid].string == wanted, (code, msgid)


def phone_entries(code):
    return [(m, ids, strings) for m, ids, strings in entries(code) if "phone" in places(m)]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_phone_text_keeps_its_placeholders(code):
    phone = phone_entries(code)
    assert len(phone) >= 60  # the ~60 texts of templates/phone.html and its script, and the shared ones
    broken = [(ids[-1], s, problems(ids[-1], s)) for _, ids, strings in phone for s in strings
              if problems(ids[-1], s)]
    assert not broken, broken


def test_the_phone_texts_are_the_phone_pages():
    msgids = {ids[0] for _, ids, _ in phone_entries("ti")}
    assert {"Raise my hand", "You are number {n}", "Vote", "First-timers' round", "Language",
            "This page is a draft translation. If a word is wrong or unclear, please tell the moderator."} <= msgids
    assert "Keyboard shortcuts" not in msgids and "Top suggestions" not in msgids


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_drafts_agree_with_the_catalogues(code):
    """A correction made in a .po but not in its draft would come back wrong with the next `fill --overwrite`."""
    draft = json.loads((ROOT / "scripts" / "translation_drafts" / f"{code}.json").read_text(encoding="utf-8"))
    differ = []
    for message, ids, strings in entries(code):
        value = draft.get(ids[0])
        shown = strings if message.pluralizable else strings[0]
        if value != shown:
            differ.append(f"{ids[0]!r}: draft {value!r} but catalogue {shown!r}")
    stale = set(draft) - {ids[0] for _, ids, _ in entries(code)}
    assert not differ and not stale, "\n".join(differ + [f"draft only: {s!r}" for s in sorted(stale)])
