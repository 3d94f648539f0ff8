"""A review the room can do: a language's texts out to a spreadsheet, corrections back into the catalogue
(refused row by row when they would break a page), and the review shown honestly on the console and the
phone, never on the board."""
import html
import importlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from openpyxl import load_workbook

from conftest import KEY
from facilitator import review_sheet, translation_review
from facilitator.cli import main
from facilitator.translation_review import po_path, read_review_header, review_mark, review_status

ROOT = Path(__file__).resolve().parent.parent
REVIEWER = "Selam G. (interpreter)"


@pytest.fixture
def catalogues(tmp_path, monkeypatch):
    """A copy of every catalogue and draft to review, so the repository's own stay untouched."""
    shutil.copytree(ROOT / "facilitator" / "translations", tmp_path / "translations")
    shutil.copytree(ROOT / "scripts" / "translation_drafts", tmp_path / "drafts")
    monkeypatch.setattr(translation_review, "TRANSLATIONS", tmp_path / "translations")
    monkeypatch.setattr(review_sheet, "DRAFTS", tmp_path / "drafts")
    return tmp_path


def catalogue(code):
    with po_path(code).open("rb") as f:
        return read_po(f)


def export(code, tmp_path, capsys):
    out = tmp_path / f"review-{code}.xlsx"
    assert main(["translations", "export", code, "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    return out


def edit(path, changes, reviewer=REVIEWER):
    """Fill in the sheet as a reviewer would: {English (or (English, numbers)): correction or None}."""
    book = load_workbook(path)
    sheet = book["Review"]
    header = [c.value for c in sheet[1]]
    english, numbers = header.index("English"), header.index("For the numbers")
    rows = {}
    for row in sheet.iter_rows(min_row=2):
        rows.setdefault(row[english].value, row)
        rows[(row[english].value, row[numbers].value)] = row
    for key, correction in changes.items():
        row = rows[key]
        if correction is not None:
            row[header.index("Correction")].value = correction
        if reviewer:
            row[header.index("Reviewer's name")].value = reviewer
    book.save(path)
    return {key: rows[key][0].row for key in changes}


def imported(path, capsys, *extra):
    code = main(["translations", "import", str(path), *extra])
    return code, capsys.readouterr()


def test_a_tigrinya_review_round_trip(catalogues, capsys):
    sheet = export("ti", catalogues, capsys)
    rows = edit(sheet, {"Change": "ቋንቋ ቀይሩ", "You are number {n}": "ቁጽሪ ኢኹም", "Language": None})
    code, out = imported(sheet, capsys)
    assert code == 1  # some rows were refused
    assert f"row {rows['Change']}: 'Change' -> 'ቋንቋ ቀይሩ'" in out.out
    assert f"row {rows['You are number {n}']}: 'You are number {{n}}': placeholder {{n}} missing" in out.out
    assert "Checked and kept as they are: 1 rows." in out.out
    parsed = catalogue("ti")
    assert parsed["Change"].string == "ቋንቋ ቀይሩ"
    assert parsed["You are number {n}"].string == "ቁጽሪ {n} ኢኹም"  # the broken correction did not go in
    assert review_mark(parsed["Change"]) == review_mark(parsed["Language"])
    assert review_mark(parsed["Change"])[1] == REVIEWER and review_mark(parsed["You are number {n}"]) is None
    header = read_review_header(parsed)
    assert header["by"] == REVIEWER and header["changed"] == "1" and header["status"] == "draft"
    assert parsed.last_translator == REVIEWER
    # the drafts keep in step, so a later `fill` never brings the old word back
    draft = json.loads((catalogues / "drafts" / "ti.json").read_text(encoding="utf-8"))
    assert draft["Change"] == "ቋንቋ ቀይሩ" and draft["You are number {n}"] == "ቁጽሪ {n} ኢኹም"
    # the compiled catalogue is written too, for the next start of the server
    assert po_path("ti").with_suffix(".mo").stat().st_mtime >= po_path("ti").stat().st_mtime


BROKEN = {  # English: (a correction that would break the page, the reason the import gives)
    "You just posted a suggestion. Please wait %(seconds)s s before the next one.":
        ("ሕጂ ሓሳብ ሰዲድኩም። በጃኹም ቁሩብ ተጸበዩ።", "placeholder %(seconds)s missing"),
    "Without a name you are shown with a number, like P7.":
        ("ስም እንተዘይሂብኩም ብቁጽሪ ክትረኣዩ ኢኹም።", "must keep 'P7' unchanged"),
    "You are number {n}": ("ቁጽሪ {m} ኢኹም", "placeholder {n} missing; placeholder {m} not in the English"),
    "Votes left: {n}": ("ዝተረፈ ድምጺ: 100% {n}", "a lone % (write %% for %)"),
    "Talk time taken by the top 3": ("=SUM(A1:A3)", "the correction is a spreadsheet formula"),
}


def test_corrections_that_would_break_a_page_are_refused_each_with_its_reason(catalogues, capsys):
    sheet = export("ti", catalogues, capsys)
    rows = edit(sheet, {english: correction for english, (correction, _) in BROKEN.items()} | {"Save name": "ስምኩም ዓቅቡ"})
    code, out = imported(sheet, capsys)
    assert code == 1
    refused = out.out.split("NOT taken (5 rows, the catalogue keeps its text for these):")[1]
    for english, (_, reason) in BROKEN.items():
        assert f"  row {rows[english]}: {english[:59]!r}"[:-1] in refused and reason in refused, english
    before = catalogue("ti")
    assert before["Save name"].string == "ስምኩም ዓቅቡ"  # the good row of the same sheet went in
    assert all(review_mark(before[english]) is None for english in BROKEN)


def test_a_correction_needs_a_reviewer_unless_one_is_given_for_the_whole_sheet(catalogues, capsys):
    sheet = export("so", catalogues, capsys)
    edit(sheet, {"Change": "Beddel luqadda"}, reviewer=None)
    code, out = imported(sheet, capsys)
    assert code == 1 and "no reviewer's name" in out.out
    assert catalogue("so")["Change"].string == "Beddel"
    code, out = imported(sheet, capsys, "--reviewer", "Hodan A.")
    assert code == 0 and catalogue("so")["Change"].string == "Beddel luqadda"
    assert review_mark(catalogue("so")["Change"])[1] == "Hodan A."


def test_a_dry_run_changes_nothing(catalogues, capsys):
    sheet = export("ti", catalogues, capsys)
    edit(sheet, {"Change": "ቋንቋ ቀይሩ"})
    before = po_path("ti").read_bytes()
    code, out = imported(sheet, capsys, "--dry-run")
    assert code == 0 and "Would go in (1 corrections)" in out.out
    assert po_path("ti").read_bytes() == before


def test_a_ukrainian_plural_form_is_corrected_on_its_own_row(catalogues, capsys):
    sheet = export("uk", catalogues, capsys)
    key = ("%(num)s more people", "2, 3, 4, 22, …")
    edit(sheet, {key: "ще %(num)s особи"})
    assert imported(sheet, capsys)[0] == 0
    assert catalogue("uk")["%(num)s more person"].string == ("ще %(num)s людина", "ще %(num)s особи",
                                                              "ще %(num)s людей")


def test_the_sheet_holds_text_never_formulas(catalogues, capsys):
    parsed = catalogue("ti")
    parsed["Change"].string = "=HYPERLINK(\"http://example.com\")"
    with po_path("ti").open("wb") as f:
        write_po(f, parsed)
    sheet = load_workbook(export("ti", catalogues, capsys))["Review"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["English", "Svenska (Swedish)", "ትግርኛ (ti) now", "Where it appears", "Correction",
                          "Reviewer's name"]
    cells = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "Change"][0]
    assert cells[2].value == "'=HYPERLINK(\"http://example.com\")" and cells[2].data_type == "s"
    assert all(c.number_format == "@" for c in cells)  # typed corrections stay text too
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    assert cells[3].value == "phone, start page, console"
    assert sheet.column_dimensions["J"].hidden  # the key


def test_phone_rows_come_first_and_say_where_they_appear(catalogues, capsys):
    rows = review_sheet.sheet_rows("ar")
    places = [r.where for r in rows]
    phone = [p for p in places if "phone" in p]
    assert places[:len(phone)] == phone and len(phone) >= 60
    assert {"report", "server message", "console", "board"} <= {p for r in rows for p in r.where.split(", ")}
    plural = [r for r in rows if r.msgid == "%(num)s vote"]
    assert [r.numbers for r in plural] == ["0, …", "1, …", "2, …", "3, 4, 5, 6, …", "11, 12, 13, 14, …",
                                           "100, 101, 102, 200, …"]


def test_a_sheet_of_another_kind_is_refused_whole(catalogues, tmp_path, capsys):
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"not a workbook")
    assert main(["translations", "import", str(other)]) == 2
    assert "cannot be read as an XLSX workbook" in capsys.readouterr().err


def test_status_lists_every_language_reviewed_or_draft(catalogues, capsys):
    sheet = export("ti", catalogues, capsys)
    phone_rows = [r.english if r.form is None else (r.english, r.numbers)
                  for r in review_sheet.sheet_rows("ti") if "phone" in r.where]
    edit(sheet, {key: None for key in phone_rows} | {"Change": "ቋንቋ ቀይሩ"})
    assert imported(sheet, capsys)[0] == 0
    assert main(["translations", "status"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "phone reviewed" in lines["ti"] and REVIEWER in lines["ti"] and " 1 " in lines["ti"]
    assert "draft" in lines["so"] and "source" in lines["en"]
    status = review_status("ti")
    assert status.status == "phone reviewed" and status.phone_checked == status.phone_total
    assert not status.is_draft and review_status("so").is_draft


def test_fill_never_overwrites_a_reviewed_entry(catalogues, capsys, monkeypatch):
    sheet = export("ti", catalogues, capsys)
    edit(sheet, {"Change": "ቋንቋ ቀይሩ"})
    imported(sheet, capsys)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        translations = importlib.import_module("translations")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    draft = catalogues / "drafts"
    (draft / "ti.json").write_text(json.dumps({"Change": "ቀይር", "Save name": "ስም ዓቅብ"}, ensure_ascii=False))
    monkeypatch.setattr(translations, "DRAFTS", draft)
    translations.fill(overwrite=True)
    parsed = catalogue("ti")
    assert parsed["Change"].string == "ቋንቋ ቀይሩ"  # reviewed: kept
    assert parsed["Save name"].string == "ስም ዓቅብ"  # not reviewed: a draft may still be rewritten
    assert read_review_header(parsed)["by"] == REVIEWER  # and the header keeps its review


# ---- what the pages show --------------------------------------------------------------------------

@pytest.fixture
def code(client):
    response = client.post("/api/forums", json={"title": "Forum", "questions": ["Q1"]},
                           headers={"X-Moderator-Key": KEY})
    return response.json["code"]


def test_a_phone_in_a_draft_language_says_so_in_its_language(client, code):
    tigrinya = client.get(f"/j/{code}?lang=ti").get_data(as_text=True)
    note = re.search(r'<p id="draft-note"[^>]*>(.*?)</p>', tigrinya, re.S).group(1).strip()
    assert note == html.escape(catalogue("ti")[
        "This page is a draft translation. If a word is wrong or unclear, please tell the moderator."].string,
        quote=False)
    assert "ኣወሃሃዲ" in note  # the moderator, by the glossary's word
    assert 'id="draft-note"' not in client.get(f"/j/{code}?lang=en").get_data(as_text=True)


def test_the_board_never_shows_the_review(client, code):
    for lang in ("ti", "ar", "en"):
        board = client.get(f"/b/{code}?lang={lang}").get_data(as_text=True)
        assert "draft-note" not in board and "language-review" not in board


def test_the_console_shows_which_languages_are_reviewed(client, code, catalogues, capsys):
    sheet = export("ti", catalogues, capsys)
    phone_rows = [r.english if r.form is None else (r.english, r.numbers)
                  for r in review_sheet.sheet_rows("ti") if "phone" in r.where]
    edit(sheet, {key: None for key in phone_rows})
    imported(sheet, capsys)
    for url in (f"/m/{code}?key={KEY}", f"/m/?key={KEY}"):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        states = dict(re.findall(r'<li data-lang="(\w+)" data-review="([\w ]+)">', page))
        assert states["ti"] == "phone reviewed" and states["so"] == "draft" and states["en"] == "source"
        assert len(states) == 12
        assert html.escape(REVIEWER) in page
    phone = client.get(f"/j/{code}?lang=ti").get_data(as_text=True)
    assert 'id="draft-note"' not in phone  # every phone text is checked now


def test_make_update_messages_keeps_the_review(catalogues, capsys):
    import subprocess
    sheet = export("ti", catalogues, capsys)
    edit(sheet, {"Change": "ቋንቋ ቀይሩ"})
    imported(sheet, capsys)
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "-q", "update", "-i", str(ROOT / "facilitator" / "messages.pot"),
                    "-d", str(catalogues / "translations"), "-l", "ti", "--no-fuzzy-matching"], check=True)
    parsed = catalogue("ti")
    assert review_mark(parsed["Change"])[1] == REVIEWER and parsed["Change"].string == "ቋንቋ ቀይሩ"
    assert read_review_header(parsed)["by"] == REVIEWER
