"""Limits the forum rules hold every input to."""
from __future__ import annotations

import re

from .errors import Refused

MAX_LABEL = 80
MAX_NAME = 40
MAX_SUGGESTION = 500
MAX_TITLE = 120
MAX_QUESTION = 300
MAX_QUESTIONS = 10
SUGGEST_INTERVAL_S = 10.0
UNDO_DEPTH = 50
LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, what: str, limit: int, allow_empty: bool = False) -> str:
    """Strip a text, refuse it if empty or longer than `limit` characters."""
    text = _CONTROL.sub("", value).strip()
    if not text and not allow_empty:
        raise Refused(f"The {what} is empty.")
    if len(text) > limit:
        raise Refused(f"The {what} is {len(text)} characters long; at most {limit} are allowed.")
    return text


def clean_lang(value: str | None) -> str:
    """A language code such as `ar` or `fa-af`; empty when not given."""
    if value is None or value == "":
        return ""
    code = value.strip().lower()
    if not LANG_RE.match(code):
        raise Refused(f"'{value[:20]}' is not a language code (examples: sv, ar, fa, so, ti).")
    return code


def check_range(value: int, what: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise Refused(f"{what} must be between {low} and {high}.")
    return value
