"""What the newsletter says of each forum: its questions, strongest suggestions and recommendations, in one
language, with the translations people typed; where one is missing, the original, marked as such.

The forum's own texts are written in the city's language (ORIGINAL). The title's translations are
kept in the forum's log (TitleTranslated), as the questions', suggestions' and recommendations' are.
"""
from __future__ import annotations

import re

from .errors import N_, Refused
from .events import TitleTranslated
from .recommendations import in_order
from .rules import MAX_TITLE, CONTROL, clean_lang, set_or_drop
from .state import Forum
from .year_view import forum_figures

ORIGINAL = "sv"
TOP_SUGGESTIONS = 3


def translate_title(forum: Forum, now: float, lang: str, text: str, by: dict | None = None) -> list:
    """The forum's title in another language (an empty text removes it)."""
    lang = clean_lang(lang)
    if not lang:
        raise Refused(N_("Say which language the translation is in."))
    text = CONTROL.sub("", text).strip()
    if len(text) > MAX_TITLE:
        raise Refused(N_("The title is too long: at most %(limit)s characters."), limit=MAX_TITLE)
    if forum.title_translations.get(lang, "") == text:
        return []
    return [TitleTranslated(now, lang=lang, text=text, by=by or {})]


# Texts are taken to be written in the city's language, unless most of their letters are of another
# script: then in that script's first language here, and every language written in it reads them as they are
# (an Arabic recommendation is no "missing translation" on an Arabic or Dari phone; in Swedish it is).
SCRIPTS = (("ar", ("ar", "fa", "prs"), re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")),
           ("ti", ("ti",), re.compile("[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]")),
           ("uk", ("uk",), re.compile("[\u0400-\u052F]")))


def written_in(text: str) -> tuple[str, tuple[str, ...]]:
    """The language a text is taken to be written in, and the page languages that read it as it is."""
    letters = [c for c in text if c.isalpha()]
    for lang, readers, script in SCRIPTS:
        if letters and 2 * sum(1 for c in letters if script.match(c)) > len(letters):
            return lang, readers
    return ORIGINAL, (ORIGINAL,)


def in_language(original: str, translations: dict[str, str], lang: str) -> dict:
    """A text in `lang`: as written if `lang` reads it, else its translation, else the original with
    `missing` set (the page marks it); `lang` is the language of the text given."""
    written, readers = written_in(original or "")
    if lang in readers or not original:
        return {"text": original, "missing": False, "lang": written}
    translated = translations.get(lang)
    if translated:
        return {"text": translated, "missing": False, "lang": lang}
    return {"text": original, "missing": True, "lang": written}


def languages_given(forum: Forum) -> set[str]:
    """Every language some text of the forum has a translation in."""
    found = set(forum.title_translations)
    for translations in forum.question_translations.values():
        found |= set(translations)
    for s in forum.suggestions.values():
        found |= set(s.translations)
    for rec in forum.recommendations.values():
        found |= set(rec.translations)
    return found


def forum_section(forum: Forum, now: float, lang: str) -> dict:
    """One forum as the newsletter tells it."""
    questions = []
    for i, text in enumerate(forum.questions):
        recs = [recommendation(forum, rec, lang) for rec in in_order(forum) if rec.question == i]
        questions.append({"index": i, "text": in_language(text, forum.question_translations.get(i, {}), lang),
                          "top": top_suggestions(forum, i, lang), "recommendations": recs})
    return {"code": forum.code, "title": in_language(forum.title, forum.title_translations, lang),
            "created_at": forum.created_at, "figures": forum_figures(forum, now), "questions": questions}


def top_suggestions(forum: Forum, question: int, lang: str, limit: int = TOP_SUGGESTIONS) -> list[dict]:
    """The strongest suggestions of a question: shown to the room, with votes, most votes first."""
    shown = [s for s in forum.suggestions.values() if s.question == question and s.visible]
    ranked = sorted(shown, key=lambda s: (-len(forum.votes.get(s.id, ())), s.id))
    return [{"id": s.id, "votes": len(forum.votes.get(s.id, ())), "text": in_language(s.text, s.translations, lang)}
            for s in ranked[:limit] if forum.votes.get(s.id)]


def recommendation(forum: Forum, rec, lang: str) -> dict:
    """A recommendation in `lang`, with its status and what it rests on."""
    translated = rec.translations.get(lang, {})
    title = in_language(rec.title, {lang: translated["title"]} if translated.get("title") else {}, lang)
    text = in_language(rec.text, {lang: translated["text"]} if translated.get("text") else {}, lang)
    suggestions = [{"id": sid, "votes": len(forum.votes.get(sid, ())),
                    "text": in_language(forum.suggestions[sid].text, forum.suggestions[sid].translations, lang)}
                   for sid in rec.suggestion_ids if sid in forum.suggestions]
    return {"id": rec.id, "question": rec.question, "title": title, "text": text, "status": rec.status,
            "status_at": rec.since["at"], "status_date": rec.since["date"], "reason": rec.since["reason"],
            "department": rec.latest("department"), "official": rec.latest("official"), "to": rec.latest("to"),
            "scope": rec.scope, "route": rec.route, "suggestions": suggestions, "speeches": len(rec.speech_ids)}


def _title_translated(forum: Forum, e: TitleTranslated) -> None:
    set_or_drop(forum.title_translations, e.lang, e.text)


APPLIES = {TitleTranslated: _title_translated}
