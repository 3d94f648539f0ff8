"""The review sheet: a language's texts in a spreadsheet the forum's own interpreters can correct, and back.

    python run.py translations export ti [--out FILE]     # English, Swedish, the Tigrinya now, where it shows
    python run.py translations import FILE [--reviewer NAME]
    python run.py translations status

Import checks every correction as `make translations` does (placeholders, key names, percent signs);
a row that fails is refused with its number and the reason, and the good rows of the same sheet still
go in. Every row that carries a reviewer's name is marked in the catalogue as checked by that person,
so the console can show which languages are reviewed (translation_review.py).
"""
from __future__ import annotations

import gettext
import io
import json
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .export import safe_text
from .i18n import DEFAULT, LANGUAGES, RTL
from .translation_checks import problems
from .translation_review import (PLACES, all_statuses, header_comment, places, po_path, review_mark,
                                 set_review_mark, status_of)

DRAFTS = Path(__file__).resolve().parent.parent / "scripts" / "translation_drafts"
REVIEW_SHEET, ABOUT_SHEET = "Review", "About"
HEADERS = ["English", "Svenska (Swedish)", "Translation now", "Where it appears", "Correction",
           "Reviewer's name", "For the numbers", "Note for translators", "Already checked", "key"]
COLUMN = {name: i + 1 for i, name in enumerate(HEADERS)}
WIDTHS = [45, 40, 45, 18, 45, 18, 16, 30, 24, 10]
INSTRUCTIONS = [
    "How to review these translations",
    "1. Read each row: the English, the Swedish, and the translation the pages show now (column C).",
    "2. If the translation is wrong, unclear or impolite, write the better text in 'Correction' (column E).",
    "3. Write your name in 'Reviewer's name' (column F) on every row you have read, also where you change",
    "   nothing: that row then counts as checked. (Copy the name down a column to fill many rows.)",
    "4. Keep {n}, {label}, %(seconds)s and the like exactly as they are: the app fills in numbers and names there.",
    "5. Start with the rows for 'phone': that is what participants read. Then the start page, board and messages.",
    "6. Give the file back to the moderator, who runs: python run.py translations import FILE",
]


# ---- reading the catalogue -----------------------------------------------------------------------

def read_catalogue(code: str):
    """The parsed .po of a page language."""
    with po_path(code).open("rb") as f:
        return read_po(f, abort_invalid=True)


def form_numbers(catalog, index: int, limit: int = 4) -> list[int]:
    """The first numbers that take plural form `index` in this language (for the sheet's reader)."""
    rule = gettext.c2py(catalog.plural_expr)
    return [n for n in range(0, 1000) if rule(n) == index][:limit]


@dataclass
class Row:
    """One line of the sheet: an entry, or one plural form of it."""

    msgid: str
    form: int | None
    english: str
    swedish: str
    now: str
    where: str
    numbers: str = ""
    note: str = ""
    checked: str = ""


def sheet_rows(code: str) -> list[Row]:
    """Every text of a language, phone first, in the order the pages use them."""
    catalog, swedish = read_catalogue(code), read_catalogue("sv") if code != "sv" else None
    rows = []
    for message in sorted((m for m in catalog if m.id), key=_order):
        where = ", ".join(places(message))
        note = " ".join(message.auto_comments)
        mark = review_mark(message)
        checked = f"{mark[0]} {mark[1]}" if mark else ""
        if not message.pluralizable:
            rows.append(Row(message.id, None, message.id, _text(swedish or catalog, message.id, None),
                            message.string, where, "", note, checked))
            continue
        for index, text in enumerate(message.string):
            numbers = form_numbers(catalog, index)
            example = numbers[0] if numbers else 2
            english = message.id[0] if example == 1 else message.id[1]
            rows.append(Row(message.id[0], index, english, _text(swedish or catalog, message.id, example),
                            text, where, _numbers_text(catalog, numbers), note, checked))
    return rows


def _order(message):
    where = places(message)
    first = PLACES.index(where[0]) if where and where[0] in PLACES else len(PLACES)
    location = message.locations[0] if message.locations else ("", 0)
    return first, location


def _text(catalog, msgid, example: int | None) -> str:
    """The text of `msgid` in `catalog`; for a plural, the form the number `example` takes."""
    message = catalog.get(msgid)
    if message is None:
        return ""
    if example is None or not message.pluralizable:
        return message.string if isinstance(message.string, str) else message.string[0]
    return message.string[gettext.c2py(catalog.plural_expr)(example)]


def _numbers_text(catalog, numbers: list[int]) -> str:
    if catalog.num_plurals == 1:
        return "every number"
    return ", ".join(map(str, numbers)) + ", …"


# ---- export --------------------------------------------------------------------------------------

def export_sheet(code: str) -> bytes:
    """The review sheet of a language as XLSX bytes; every text cell is text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = REVIEW_SHEET
    headers = list(HEADERS)
    headers[COLUMN["Translation now"] - 1] = f"{LANGUAGES[code]} ({code}) now"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    rtl = Alignment(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)
    yellow = PatternFill("solid", fgColor="FFF4CC")
    text_columns = {COLUMN["Translation now"], COLUMN["Correction"]}
    for number, row in enumerate(sheet_rows(code), start=2):
        key = json.dumps([row.msgid, row.form], ensure_ascii=False)
        values = [row.english, row.swedish, row.now, row.where, "", "", row.numbers, row.note, row.checked, key]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column, safe_text(value))
            _as_text(cell)
            cell.alignment = rtl if code in RTL and column in text_columns else wrap
            if column in (COLUMN["Correction"], COLUMN["Reviewer's name"]):
                cell.fill = yellow
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.column_dimensions[get_column_letter(COLUMN["key"])].hidden = True
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{sheet.max_row}"
    _about_sheet(book.create_sheet(ABOUT_SHEET), code)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(cell) -> None:
    cell.data_type = "s"
    cell.number_format = "@"


def _about_sheet(sheet, code: str) -> None:
    rows = [["Language code", code], ["Language", LANGUAGES[code]], ["Exported on", date.today().isoformat()],
            ["Catalogue", f"facilitator/translations/{po_path(code).parent.parent.name}/LC_MESSAGES/messages.po"],
            []] + [[line] for line in INSTRUCTIONS]
    for row in rows:
        sheet.append([safe_text(v) for v in row])
        for cell in sheet[sheet.max_row]:
            _as_text(cell)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70


# ---- import --------------------------------------------------------------------------------------

class SheetRefused(Exception):
    """The file is not a review sheet we can read; the message says why."""


@dataclass
class ImportResult:
    """What an import did: corrections that went in, rows checked as they are, and rows refused."""

    code: str
    taken: list[tuple[int, str, str]] = field(default_factory=list)  # (row, English, new text)
    approved: list[int] = field(default_factory=list)
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # (row, English, reason)
    changed_entries: int = 0


def import_sheet(path: Path, reviewer: str = "", today: str | None = None, dry_run: bool = False) -> ImportResult:
    """Take a review sheet's corrections and reviewers' names into its language's catalogue."""
    book = _open(path)
    code = _language(book)
    catalog = read_catalogue(code)
    result = ImportResult(code)
    today = today or date.today().isoformat()
    corrected: dict[str, object] = {}
    for number, cells in _rows(book[REVIEW_SHEET]):
        _take_row(catalog, number, cells, " ".join(reviewer.split()), today, result, corrected)
    result.changed_entries = len(corrected)
    if not dry_run and (result.taken or result.approved):
        _save(code, catalog, result, today, corrected)
    return result


def _open(path: Path):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path)
    except Exception as error:  # not a zip, not an xlsx, a broken file: say so plainly
        raise SheetRefused(f"{path} cannot be read as an XLSX workbook ({error}).") from error
    if REVIEW_SHEET not in book.sheetnames or ABOUT_SHEET not in book.sheetnames:
        raise SheetRefused(f"{path} is not a review sheet (it needs the sheets '{REVIEW_SHEET}' and "
                           f"'{ABOUT_SHEET}'; make one with: python run.py translations export LANG).")
    return book


def _language(book) -> str:
    for row in book[ABOUT_SHEET].iter_rows(values_only=True):
        if row and row[0] == "Language code":
            code = str(row[1] or "").strip()
            if code in LANGUAGES and code != DEFAULT:
                return code
            raise SheetRefused(f"The sheet names the language '{code}', which has no catalogue here.")
    raise SheetRefused("The sheet's 'About' page does not say its language code.")


def _rows(sheet):
    """(spreadsheet row number, {header: cell}) for each row below the header."""
    header = [str(c.value or "").strip() for c in sheet[1]]
    wanted = ("key", "Correction", "Reviewer's name")
    if not all(name in header for name in wanted):
        raise SheetRefused(f"The '{REVIEW_SHEET}' sheet lacks one of its columns: {', '.join(wanted)}.")
    for row in sheet.iter_rows(min_row=2):
        cells = {header[c.column - 1]: c for c in row if c.column - 1 < len(header)}
        yield row[0].row, cells


def _take_row(catalog, number: int, cells: dict, default_reviewer: str, today: str, result: ImportResult,
              corrected: dict) -> None:
    """Check one row; take its correction and its reviewer's mark, or note why it was refused."""
    correction = _cell_text(cells.get("Correction"))
    name = " ".join(_cell_text(cells.get("Reviewer's name")).split())  # as typed, on one line
    if not correction and not name:
        return  # not read yet
    english = _cell_text(cells.get("English"))
    message, form, reason = _entry(catalog, _cell_text(cells.get("key")))
    reason = reason or _refusal(message, form, correction, cells.get("Correction"), name or default_reviewer)
    if reason:
        result.refused.append((number, english, reason))
        return
    if correction and correction != _current(message, form):
        _set_text(message, form, correction)
        corrected[message.id if isinstance(message.id, str) else message.id[0]] = message.string
        result.taken.append((number, english, correction))
    else:
        result.approved.append(number)
    set_review_mark(message, name or default_reviewer, today)


def _entry(catalog, key: str):
    """(message, plural form or None, '') for a row's hidden key, or (None, None, why not)."""
    try:
        msgid, form = json.loads(key)
    except (TypeError, ValueError):
        return None, None, "its hidden 'key' cell is damaged; export a new sheet"
    message = catalog.get(msgid) or next((m for m in catalog if m.pluralizable and m.id[0] == msgid), None)
    if message is None:
        return None, None, "this text is no longer used by the app (its English changed); export a new sheet"
    if message.pluralizable != (form is not None) or (form is not None and not 0 <= form < len(message.string)):
        return None, None, "its hidden 'key' cell does not match this text; export a new sheet"
    return message, form, ""


def _refusal(message, form, correction: str, cell, reviewer: str) -> str:
    """Why a row cannot go in, or '' if it can."""
    if cell is not None and cell.data_type == "f":
        return "the correction is a spreadsheet formula; type it as plain text"
    if correction and not reviewer:
        return "no reviewer's name: write it in 'Reviewer's name' (or give --reviewer NAME)"
    if not correction:
        return ""
    msgid = message.id if isinstance(message.id, str) else message.id[-1]
    return "; ".join(problems(msgid, correction))


def _cell_text(cell) -> str:
    if cell is None or cell.value is None:
        return ""
    return str(cell.value).strip()


def _current(message, form) -> str:
    return message.string if form is None else message.string[form]


def _set_text(message, form, text: str) -> None:
    if form is None:
        message.string = text
    else:
        strings = list(message.string)
        strings[form] = text
        message.string = tuple(strings)


def _save(code: str, catalog, result: ImportResult, today: str, corrected: dict) -> None:
    """Write the catalogue (header, marks, texts), its compiled .mo, and the drafts, kept in step."""
    counted = status_of(code, catalog)  # the marks just made, and the header's earlier count of changes
    status = replace(counted, changed=counted.changed + result.changed_entries)
    catalog.header_comment = header_comment(code, status)
    catalog.last_translator = "; ".join(status.reviewers)
    catalog.revision_date = datetime.now(timezone.utc)
    path = po_path(code)
    with path.open("wb") as f:
        write_po(f, catalog, width=100)
    with path.with_suffix(".mo").open("wb") as f:
        write_mo(f, catalog)
    _update_draft(code, corrected)


def _update_draft(code: str, corrected: dict) -> None:
    """Corrections go into scripts/translation_drafts/<code>.json too, so a later `fill` never undoes them."""
    path = DRAFTS / f"{code}.json"
    if not corrected or not path.exists():
        return
    draft = json.loads(path.read_text(encoding="utf-8"))
    for msgid, value in corrected.items():
        draft[msgid] = list(value) if isinstance(value, tuple) else value
    path.write_text(json.dumps(draft, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


# ---- the command line ----------------------------------------------------------------------------

def add_translation_commands(commands) -> None:
    """`run.py translations export|import|status`, hooked into the command line's subparsers."""
    parser = commands.add_parser("translations", help="review sheets for the page languages, and their status")
    sub = parser.add_subparsers(title="translations commands", metavar="{export,import,status}", required=True)
    export = sub.add_parser("export", help="write a language's review sheet (XLSX) for its reviewers")
    export.add_argument("lang", choices=[c for c in LANGUAGES if c != DEFAULT], help="the page language")
    export.add_argument("--out", type=Path, help="the file to write (default: translations-review-LANG.xlsx)")
    export.set_defaults(func=export_command)
    take = sub.add_parser("import", help="take a review sheet's corrections into its catalogue")
    take.add_argument("file", type=Path)
    take.add_argument("--reviewer", default="", help="the reviewer's name for rows that give none")
    take.add_argument("--dry-run", action="store_true", help="check the sheet, change nothing")
    take.set_defaults(func=import_command)
    status = sub.add_parser("status", help="which languages are reviewed, by whom and when")
    status.set_defaults(func=status_command)


def export_command(args) -> int:
    out = args.out or Path(f"translations-review-{args.lang}.xlsx")
    out.write_bytes(export_sheet(args.lang))
    rows = sheet_rows(args.lang)
    print(f"Wrote {out}: {len(rows)} rows for {LANGUAGES[args.lang]} ({args.lang}), "
          f"{sum('phone' in r.where for r in rows)} of them on the phone.")
    print(f"Give it to the reviewers; take it back with: python run.py translations import {out}")
    return 0


def import_command(args) -> int:
    try:
        result = import_sheet(args.file, reviewer=args.reviewer, dry_run=args.dry_run)
    except SheetRefused as error:
        print(f"Not imported: {error}", file=sys.stderr)
        return 2
    print(report(result, args.dry_run))
    return 1 if result.refused else 0


def report(result: ImportResult, dry_run: bool = False) -> str:
    """What went in and what did not, row by row, for whoever ran the import."""
    name = f"{LANGUAGES[result.code]} ({result.code})"
    verb = "Would go in" if dry_run else "Went in"
    lines = [f"{verb} ({len(result.taken)} corrections):"]
    lines += [f"  row {n}: {_short(english)!r} -> {_short(text)!r}" for n, english, text in result.taken] or ["  none"]
    lines.append(f"Checked and kept as they are: {len(result.approved)} rows.")
    lines.append(f"NOT taken ({len(result.refused)} rows, the catalogue keeps its text for these):")
    lines += [f"  row {n}: {_short(english)!r}: {reason}" for n, english, reason in result.refused] or ["  none"]
    if not dry_run and (result.taken or result.approved):
        lines.append(f"Saved {po_path(result.code).name} for {name}; restart the server to show the new texts.")
    return "\n".join(lines)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def status_command(args) -> int:
    print(f"{'code':5} {'language':12} {'status':15} {'phone':>7} {'all':>9} {'changed':>7}  reviewed by, on")
    for s in all_statuses():
        if s.status == "source":
            print(f"{s.code:5} {s.name:12} {'source':15}")
            continue
        print(f"{s.code:5} {s.name:12} {s.status:15} {s.phone_checked:>3}/{s.phone_total:<3} "
              f"{s.checked:>4}/{s.total:<4} {s.changed:>7}  {'; '.join(s.reviewers) or '-'}"
              f"{', ' + s.date if s.date else ''}")
    return 0

