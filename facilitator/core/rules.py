"""Limits the forum rules hold every input to."""
from __future__ import annotations

import re

from .errors import N_, N_plural, Refused

MAX_LABEL = 80
MAX_NAME = 40
MAX_SUGGESTION = 500
SUGGESTIONS_PER_FORUM = 100_000  # each forum numbers its suggestions in a range of its own
MAX_SUGGESTION_BASE = 10**12  # far below the 2**53 a page can hold exactly
MAX_TITLE = 120
MAX_QUESTION = 300
MAX_QUESTIONS = 10
SUGGEST_INTERVAL_S = 10.0
UNDO_DEPTH = 50
MAX_TURNS_CAP = 20  # the highest cap of turns per person per question a forum may set
MAX_PRESENT = 100_000
MAX_BOARD_LANGUAGES = 4
# The languages the pages speak (facilitator/i18n.py names them): the board can show these.
PAGE_LANGUAGES = ("sv", "en", "ar", "fa", "prs", "so", "ti", "uk", "tr", "fr", "es", "de")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Whole sentences for each kind of text, so that translators never get a sentence put together from pieces.
EMPTY = {"title": N_("The title is empty."), "question": N_("The question is empty."),
         "suggestion": N_("The suggestion is empty."), "translation": N_("The translation is empty."),
         "name": N_("The name is empty."), "label": N_("The label is empty.")}
TOO_LONG = {  # counted: "characters" takes the form its number needs (Ukrainian: 501 символ, 502 символи)
    "title": N_plural("The title is %(length)s character long; at most %(limit)s are allowed.",
                      "The title is %(length)s characters long; at most %(limit)s are allowed.", "length"),
    "question": N_plural("The question is %(length)s character long; at most %(limit)s are allowed.",
                         "The question is %(length)s characters long; at most %(limit)s are allowed.", "length"),
    "suggestion": N_plural("The suggestion is %(length)s character long; at most %(limit)s are allowed.",
                           "The suggestion is %(length)s characters long; at most %(limit)s are allowed.", "length"),
    "translation": N_plural("The translation is %(length)s character long; at most %(limit)s are allowed.",
                            "The translation is %(length)s characters long; at most %(limit)s are allowed.",
                            "length"),
    "name": N_plural("The name is %(length)s character long; at most %(limit)s are allowed.",
                     "The name is %(length)s characters long; at most %(limit)s are allowed.", "length"),
    # Translators: the label is the name a moderator types for a speaker without a phone.
    "label": N_plural("The label is %(length)s character long; at most %(limit)s are allowed.",
                      "The label is %(length)s characters long; at most %(limit)s are allowed.", "length"),
}


def clean_text(value: str, what: str, limit: int, allow_empty: bool = False) -> str:
    """Strip a text, refuse it if empty or longer than `limit` characters; `what` is a key of EMPTY."""
    text = CONTROL.sub("", value).strip()
    if not text and not allow_empty:
        raise Refused(EMPTY[what])
    if len(text) > limit:
        raise Refused(TOO_LONG[what], length=len(text), limit=limit)
    return text


def clean_lang(value: str | None) -> str:
    """A language code such as `ar` or `fa-af`; empty when not given."""
    if value is None or value == "":
        return ""
    code = value.strip().lower()
    if not LANG_RE.match(code):
        raise Refused(N_("'%(value)s' is not a language code (examples: sv, ar, fa, so, ti)."), value=value[:20])
    return code


def check_range(value: int, message: str, low: int, high: int) -> int:
    """Refuse `value` outside low..high with `message`, a template with %(low)s and %(high)s."""
    if not low <= value <= high:
        raise Refused(message, low=low, high=high)
    return value


def set_or_drop(mapping: dict, key: str, text: str) -> None:
    """Set a translation; an empty text removes it."""
    if text:
        mapping[key] = text
    else:
        mapping.pop(key, None)
