"""Whether each language's catalogue has been reviewed by a native speaker, and where each text appears.

A review is written into the catalogue itself (docs/translations.md):

- every entry a reviewer has checked carries a translator comment `reviewed YYYY-MM-DD by NAME`
  (NAME as the reviewer typed it), kept by `pybabel update` and shown by Poedit;
- the header comment sums it up in four lines a person can read and `read_review_header()` parses:
  `Review status:`, `Reviewed by:`, `Reviewed on:`, `Entries changed in review:`.

The pages ask `review_status(code)`, which counts the marks afresh (so a phone text added after a review
counts as unchecked), cached until the .po file changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from .i18n import DEFAULT, LANGUAGES, babel_locale

TRANSLATIONS = Path(__file__).resolve().parent / "translations"

# Where a text appears, from the file its source reference names (the `#:` lines of a catalogue).
PLACES = ("phone", "start page", "board", "server message", "console", "report")
_FILE_PLACES = {
    "templates/phone.html": ("phone",),
    "templates/_draft_note.html": ("phone",),
    "templates/_lang_menu.html": ("phone", "start page", "console"),
    "templates/base.html": ("phone", "start page", "board", "console"),
    "templates/index.html": ("start page",),
    "templates/narrow.html": ("start page", "console"),
    "templates/board.html": ("board",),
    "templates/console.html": ("console",),
    "templates/console_home.html": ("console",),
    "templates/key.html": ("console",),
    "templates/_language_review.html": ("console",),
    "templates/report.html": ("report",),
    "facilitator/report.py": ("report",),
}

MARK = re.compile(r"^reviewed (\d{4}-\d{2}-\d{2}) by (.+)$")
HEADER_FIELDS = {"status": "Review status", "by": "Reviewed by", "on": "Reviewed on",
                 "changed": "Entries changed in review"}
DRAFT, PHONE_REVIEWED, REVIEWED, SOURCE = "draft", "phone reviewed", "reviewed", "source"


def po_path(code: str) -> Path:
    """The catalogue of a page code (`prs` lives under Babel's `fa_AF`)."""
    return TRANSLATIONS / babel_locale(code) / "LC_MESSAGES" / "messages.po"


def places(message) -> tuple[str, ...]:
    """Where a catalogue entry's text appears (phone, board, console, ...), in PLACES order."""
    found = set()
    for filename, _ in message.locations:
        name = filename.replace("\\", "/")
        if name in _FILE_PLACES:
            found.update(_FILE_PLACES[name])
        elif name.startswith("facilitator/"):
            found.add("server message")
        else:
            found.add(Path(name).stem)  # a template added later: named by its file until mapped here
    return tuple(sorted(found, key=lambda p: (PLACES.index(p) if p in PLACES else len(PLACES), p)))


def review_mark(message) -> tuple[str, str] | None:
    """(date, name) of the latest review mark on an entry, or None if nobody has checked it."""
    marks = [m.groups() for m in map(MARK.match, message.user_comments) if m]
    return max(marks) if marks else None


def set_review_mark(message, name: str, date: str) -> None:
    """Record that `name` checked this entry on `date` (earlier marks give way to the newest)."""
    message.user_comments = [c for c in message.user_comments if not MARK.match(c)] + [f"reviewed {date} by {name}"]


@dataclass(frozen=True)
class ReviewStatus:
    """One language's review, as the console and `run.py translations status` show it."""

    code: str
    name: str
    status: str  # source, reviewed (every text checked), phone reviewed (every phone text), draft
    reviewers: tuple[str, ...] = ()
    date: str = ""
    changed: int = 0
    phone_checked: int = 0
    phone_total: int = 0
    checked: int = 0
    total: int = 0

    @property
    def is_draft(self) -> bool:
        """True while a phone in this language should say that its words are a draft."""
        return self.status == DRAFT


def read_review_header(catalog) -> dict[str, str]:
    """The review lines of a catalogue's header comment: {status, by, on, changed} (missing ones absent)."""
    found = {}
    for line in catalog.header_comment.splitlines():
        key, _, value = line.lstrip("# ").partition(":")
        for field, label in HEADER_FIELDS.items():
            if key.strip() == label:
                found[field] = value.strip()
    return found


def header_comment(code: str, status: ReviewStatus) -> str:
    """The header comment a catalogue carries: who it is for, and its review in four parsable lines."""
    lead = ("# DRAFT: written without a native speaker's review. Have it reviewed as\n"
            "# docs/translations.md describes (python run.py translations export CODE).\n"
            if status.status == DRAFT else
            "# Reviewed by the people named below (their marks are on each entry).\n")
    return (f"# {LANGUAGES[code]} ({code}) translations of Forum Facilitator.\n"
            + lead.replace("CODE", code) + "#\n"
            f"# {HEADER_FIELDS['status']}: {status.status}\n"
            f"# {HEADER_FIELDS['by']}: {'; '.join(status.reviewers)}\n"
            f"# {HEADER_FIELDS['on']}: {status.date}\n"
            f"# {HEADER_FIELDS['changed']}: {status.changed}\n")


def status_of(code: str, catalog) -> ReviewStatus:
    """Count the review marks of a parsed catalogue and sum them up."""
    entries = [m for m in catalog if m.id]
    marks = {m.id: review_mark(m) for m in entries}
    phone = [m for m in entries if "phone" in places(m)]
    checked = [m for m in entries if marks[m.id]]
    phone_checked = [m for m in phone if marks[m.id]]
    reviewers = tuple(dict.fromkeys(mark[1] for mark in sorted(filter(None, marks.values()))))
    if entries and len(checked) == len(entries):
        status = REVIEWED
    elif phone and len(phone_checked) == len(phone):
        status = PHONE_REVIEWED
    else:
        status = DRAFT
    header = read_review_header(catalog)
    changed = int(header["changed"]) if header.get("changed", "").isdigit() else 0
    return ReviewStatus(code, LANGUAGES[code], status, reviewers, max((m[0] for m in marks.values() if m), default=""),
                        changed, len(phone_checked), len(phone), len(checked), len(entries))


@lru_cache(maxsize=64)
def _cached_status(code: str, path: str, mtime_ns: int) -> ReviewStatus:
    with open(path, "rb") as f:
        return status_of(code, read_po(f))


def review_status(code: str) -> ReviewStatus:
    """The review status of a page language (English is the source), read from its .po file."""
    if code == DEFAULT:
        return ReviewStatus(code, LANGUAGES[code], SOURCE)
    path = po_path(code)
    if not path.exists():
        return ReviewStatus(code, LANGUAGES[code], DRAFT)
    return _cached_status(code, str(path), path.stat().st_mtime_ns)


def all_statuses() -> list[ReviewStatus]:
    """Every page language's review status, in the language menu's order."""
    return [review_status(code) for code in LANGUAGES]


def template_helpers() -> dict:
    """What the templates may ask: `is_draft_language(lang)` (the phone's note), `language_reviews()` (console)."""
    return {"is_draft_language": lambda code: review_status(code).is_draft, "language_reviews": all_statuses}
