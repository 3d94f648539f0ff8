"""The core team's raw output, built from one consistent read of the event log (importer.py reads it back)."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .core import closing_round, fairness, recommendations
from .core.events import LOG_VERSION, Event
from .core.evolve import replay
from .core.rules import CONTROL
from .core.views import room_part

EXPORT_VERSION = 1
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
TABLES = ("questions", "speeches", "suggestions", "participants", "votes")
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


# ---- export.json -------------------------------------------------------------------------------

def export_data(events: list[Event], now: float | None = None) -> dict:
    """export.json: the forum, its questions, speeches, suggestions, talk time, fairness, and the log.

    `now` only matters while a turn is running (its talk time so far); it defaults to the last event.
    """
    forum = replay(events)
    now = max(now or 0.0, events[-1].at)
    suggestions = [_suggestion(forum, s) for s in forum.suggestions.values()]
    return {
        "version": EXPORT_VERSION,
        "log_version": LOG_VERSION,  # the form of the events (core/events.py); a file without it has 1
        "forum": {"code": forum.code, "title": forum.title, "created_at": forum.created_at,
                  "last_event_at": events[-1].at, "settings": vars(forum.settings).copy(),
                  "current_question": forum.question, "ended_at": forum.ended_at,
                  "title_translations": dict(forum.title_translations)},
        "questions": [{"index": i, "text": text, "translations": dict(forum.question_translations.get(i, {}))}
                      for i, text in enumerate(forum.questions)],
        "speeches": [_speech(s) for s in forum.speeches],
        "current_turn": _current_turn(forum, now),
        "suggestions": suggestions,
        "votes": [{"suggestion": sid, "voter": person}
                  for sid, voters in sorted(forum.votes.items()) for person in sorted(voters)],
        "participants": _participants(forum, now),
        "room": room_part(forum, now),
        "fairness": dict(fairness.figures(forum, now), languages=_languages(_spoken(forum, now)),
                         by_question=_by_question(forum, now, suggestions)),
        "recommendations": [recommendations.public(r) for r in recommendations.in_order(forum)],
        "closing_round": closing_round.results(forum),
        # the closing round's answers numbered apart, without their language: the round is anonymous
        "events": [dict(e.to_dict(), seq=i + 1) for i, e in enumerate(closing_round.anonymised(events))],
    }


def to_json(data: dict) -> bytes:
    """export.json as UTF-8 bytes: one line per part, and per item of the lists (the log, the speeches…)."""
    dumps = _JSON.encode
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(dumps(item) for item in value)
            parts.append(f"{dumps(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{dumps(key)}: {dumps(value)}")
    return ("{" + ",\n ".join(parts) + "}\n").encode("utf-8")


def _speech(s) -> dict:
    return {"id": s.id, "speaker": s.person, "label": s.label, "lang": s.lang, "question": s.question,
            "started_at": s.started_at, "ended_at": s.ended_at, "duration_s": s.duration_s,
            "interpreting_s": s.interpreting_s, "paused_s": s.paused_s, "waited_s": s.waited_s}


def _current_turn(forum, now: float) -> dict | None:
    turn = forum.turn
    if turn is None:
        return None
    return {"speaker": turn.entry.person, "label": turn.entry.label, "lang": turn.entry.lang,
            "question": turn.question, "started_at": turn.started_at, "talk_s": round(turn.talk_seconds(now), 3),
            "as_of": now}


def status(s) -> str:
    """shown, redacted (its text removed), hidden (by the moderator), merged (into another) or pending."""
    if s.redacted:
        return "redacted"
    if s.merged_into is not None:
        return "merged"
    if s.hidden:
        return "hidden"
    return "shown" if s.approved else "pending"


def _suggestion(forum, s) -> dict:
    return {"id": s.id, "question": s.question, "text": s.text, "original": s.original,
            "votes": len(forum.votes.get(s.id, ())), "hidden": s.hidden, "status": status(s),
            "approved": s.approved, "pinned": s.pinned, "merged_into": s.merged_into, "redacted": s.redacted,
            "author": s.person,
            "created_at": s.created_at, "translations": dict(s.translations)}


def _participants(forum, now: float) -> list[dict]:
    spoken = _spoken(forum, now)
    rows = []
    for person in forum.people.values():
        mine = [item for item in spoken if item[0] == person.id]
        per_question = {str(q): round(sum(sec for _, _, qq, sec in mine if qq == q), 3)
                        for q in range(len(forum.questions))}
        rows.append({"id": person.id, "name": person.name, "label": person.label, "walk_in": person.walk_in,
                     "page_lang": forum.phone_langs.get(person.id, ""),
                     "turns": len(mine), "talk_s": round(sum(sec for *_, sec in mine), 3),
                     "talk_s_by_question": per_question,
                     "languages": sorted({lang for _, lang, _, _ in mine if lang})})
    return rows


def _spoken(forum, now: float) -> list[tuple[str, str, int, float]]:
    """(person, lang, question, talk seconds) of every finished speech and of the turn still running."""
    items = [(s.person, s.lang, s.question, s.duration_s) for s in forum.speeches]
    if forum.turn:
        turn = forum.turn
        items.append((turn.entry.person, turn.entry.lang, turn.question, turn.talk_seconds(now)))
    return items


def _languages(spoken) -> dict[str, dict]:
    """Per language code ("" when none was given): speeches and talk seconds."""
    out: dict[str, dict] = {}
    for _, lang, _, seconds in spoken:
        row = out.setdefault(lang, {"speeches": 0, "talk_s": 0.0})
        row["speeches"] += 1
        row["talk_s"] = round(row["talk_s"] + seconds, 3)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["talk_s"]))


def _by_question(forum, now: float, suggestions: list[dict]) -> list[dict]:
    """Per question: speakers, first-time speakers, talk time, the top-3 share, languages, input."""
    spoken = _spoken(forum, now)
    rows = []
    for q in range(len(forum.questions)):
        here = [item for item in spoken if item[2] == q]
        totals: dict[str, float] = defaultdict(float)
        for person, _, _, seconds in here:
            totals[person] += seconds
        shown = [s for s in suggestions if s["question"] == q and s["status"] == "shown"]
        rows.append({"question": q, "speakers": len(totals), "speeches": len(here),
                     "first_time_speakers": fairness.first_time_speakers(forum, q),
                     "talk_s": round(sum(totals.values()), 1), "top3_share": round(fairness.top_share(totals), 4),
                     "talk_s_by_person": {p: round(t, 1) for p, t in sorted(totals.items(), key=lambda kv: -kv[1])},
                     "languages": _languages(here), "language_groups": fairness.language_groups(forum, now, q),
                     "suggestions": len(shown),
                     "set_apart": sum(1 for s in suggestions if s["question"] == q) - len(shown),
                     "votes": sum(s["votes"] for s in shown)})
    return rows


# ---- tables: CSV and XLSX ----------------------------------------------------------------------

USER_TEXT = {"text", "name", "label", "original_text", "translations"}  # columns holding what people typed


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list]


def tables(data: dict) -> list[Table]:
    """The export as five flat tables, for spreadsheets. Questions are numbered from 1 here."""
    return [_questions_table(data), _speeches_table(data), _suggestions_table(data),
            _participants_table(data), _votes_table(data)]


def local_time(ts: float | None) -> datetime | None:
    """A timestamp as the server's local wall-clock time, to the second."""
    return None if ts is None else datetime.fromtimestamp(ts).replace(microsecond=0)


def _questions_table(data: dict) -> Table:
    figures = data["fairness"]["by_question"]
    return Table("questions", ["question", "text", "speakers", "first_time_speakers", "speeches", "talk_s",
                               "top3_share_pct", "suggestions", "set_apart", "votes"],
                 [[q["index"] + 1, q["text"], f["speakers"], f["first_time_speakers"], f["speeches"], f["talk_s"],
                   round(f["top3_share"] * 100, 1), f["suggestions"], f["set_apart"], f["votes"]]
                  for q, f in zip(data["questions"], figures)])


def _speeches_table(data: dict) -> Table:
    return Table("speeches", ["speech", "question", "speaker", "label", "lang", "started_at", "ended_at",
                              "duration_s", "interpreting_s", "paused_s", "waited_s"],
                 [[s["id"], s["question"] + 1, s["speaker"], s["label"], s["lang"], local_time(s["started_at"]),
                   local_time(s["ended_at"]), s["duration_s"], s["interpreting_s"], s["paused_s"], s["waited_s"]]
                  for s in data["speeches"]])


def _suggestions_table(data: dict) -> Table:
    ranks = suggestion_ranks(data["suggestions"])
    rows = [[s["id"], s["question"] + 1, ranks.get(s["id"]), s["status"], s["text"], s["votes"],
             s["merged_into"], s["pinned"], s["original"] if s["original"] != s["text"] else "",
             local_time(s["created_at"]), "\n".join(f"{lang}: {text}" for lang, text in s["translations"].items())]
            for s in data["suggestions"]]
    return Table("suggestions", ["id", "question", "rank", "status", "text", "votes", "merged_into", "pinned",
                                 "original_text", "created_at", "translations"], rows)


def suggestion_ranks(suggestions: list[dict]) -> dict[int, int]:
    """Rank of each shown suggestion within its question by votes (ties share a rank: 1, 2, 2, 4)."""
    ranks: dict[int, int] = {}
    for q in {s["question"] for s in suggestions}:
        shown = sorted((s for s in suggestions if s["question"] == q and s["status"] == "shown"),
                       key=lambda s: (-s["votes"], s["id"]))
        for i, s in enumerate(shown):
            ranks[s["id"]] = ranks[shown[i - 1]["id"]] if i and shown[i - 1]["votes"] == s["votes"] else i + 1
    return ranks


def _participants_table(data: dict) -> Table:
    count = len(data["questions"])
    headers = ["person", "name", "label", "walk_in", "page_lang", "turns", "talk_s"] + \
        [f"talk_s_q{q + 1}" for q in range(count)]
    rows = [[p["id"], p["name"], p["label"], p["walk_in"], p["page_lang"], p["turns"], p["talk_s"],
             *(p["talk_s_by_question"][str(q)] for q in range(count))] + [" ".join(p["languages"])]
            for p in data["participants"]]
    return Table("participants", headers + ["languages"], rows)


def _votes_table(data: dict) -> Table:
    """Votes with voters numbered on their own (V1, V2, … in order of first vote), so this table
    cannot be joined to the names in the participants and speeches tables."""
    first_votes = dict.fromkeys(e["person"] for e in data["events"] if e["type"] == "VoteCast")
    number = {person: i + 1 for i, person in enumerate(first_votes)}
    question = {s["id"]: s["question"] + 1 for s in data["suggestions"]}
    votes = sorted((v["suggestion"], number[v["voter"]]) for v in data["votes"])
    return Table("votes", ["suggestion", "question", "voter"], [[sid, question[sid], f"V{n}"] for sid, n in votes])


def safe_text(text: str) -> str:
    """Text a spreadsheet will never run: no control characters, and a `'` before a formula start."""
    text = CONTROL.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(" ")
    return safe_text(value) if isinstance(value, str) else value


def csv_bytes(table: Table) -> bytes:
    """One table as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), quoted by the csv module."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows([_csv_value(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_files(data: dict) -> dict[str, bytes]:
    """File name -> CSV bytes, one file per table."""
    code = data["forum"]["code"]
    return {f"{code}-{t.name}.csv": csv_bytes(t) for t in tables(data)}


def csv_zip(data: dict) -> bytes:
    """Every table's CSV in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in csv_files(data).items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx_bytes(data: dict) -> bytes:
    """A workbook with one sheet per table; what people typed is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables(data):
        sheet = book.create_sheet(table.name.capitalize())
        sheet.freeze_panes = "A2"
        typed = [h in USER_TEXT for h in table.headers]
        for i, header in enumerate(table.headers):
            sheet.column_dimensions[get_column_letter(i + 1)].width = 50 if typed[i] else 14
        sheet.append([_cell(WriteOnlyCell, sheet, h, font=bold) for h in table.headers])
        for row in table.rows:
            sheet.append([_cell(WriteOnlyCell, sheet, v) if is_text else _xlsx_value(v)
                          for v, is_text in zip(row, typed)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value):
    """Numbers and dates stay what they are; everything else becomes safe text."""
    if isinstance(value, (int, float, datetime)) and not isinstance(value, bool):
        return value
    return _csv_value(value)


def _cell(cell_type, sheet, value, font=None):
    """A cell forced to text (type string, format @): a `=` at its start can never make it a formula."""
    cell = cell_type(sheet, value=_csv_value(value))
    cell.data_type = "s"
    cell.number_format = "@"
    if font:
        cell.font = font
    return cell
