"""Fill and check the translation catalogues (docs/translations.md).

    python scripts/translations.py fill    # new, empty entries <- scripts/translation_drafts/<code>.json
    python scripts/translations.py fill --overwrite   # every unreviewed entry <- its draft (loses .po edits!)
    python scripts/translations.py validate  # every catalogue parses and its translations are safe
    python scripts/translations.py check   # ... and complete: no empty or fuzzy entry, else exit 1
    python scripts/translations.py todo    # the msgids each language still lacks, as JSON to fill in
    python scripts/translations.py glossary  # docs/glossary.json -> the glossary tables of docs/translations.md

The .po files in facilitator/translations/ are what the app uses and what reviewers edit (Poedit, any
text editor, or the review sheet: `python run.py translations export L`). The drafts are where new
translations are written before they go into the .po files: `fill` only fills entries that are empty,
and even `--overwrite` never touches an entry a reviewer has checked. Keep the drafts in step with
the .po files (tests/test_i18n_glossary.py checks it): a correction goes into both.
Run `make update-messages` (extract + update + fill) rather than this script alone.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from facilitator.i18n import LANGUAGES, babel_locale  # noqa: E402
from facilitator.translation_checks import problems  # noqa: E402  (KEEP, the parts to keep, is there too)
from facilitator.translation_review import (header_comment, po_path, read_review_header,  # noqa: E402
                                            review_mark, status_of)

I18N = ROOT / "facilitator" / "translations"
POT = ROOT / "facilitator" / "messages.pot"
DRAFTS = Path(__file__).resolve().parent / "translation_drafts"
SOURCE = "en"  # the msgids are English; an English catalogue is not needed
TRANSLATED = [code for code in LANGUAGES if code != SOURCE]

def load_draft(code: str) -> dict:
    path = DRAFTS / f"{code}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def read_catalog(path: Path):
    with path.open("rb") as f:  # a malformed file raises instead of being half read
        return read_po(f, abort_invalid=True)


def write_catalog(path: Path, catalog) -> None:
    with path.open("wb") as f:
        write_po(f, catalog, width=100)


def fill(overwrite: bool = False) -> int:
    if not POT.exists():
        sys.exit(f"{POT} is missing: run `make extract-messages` first")
    gaps = 0
    for code in TRANSLATED:
        path = po_path(code)
        if not path.exists():
            subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "init", "-i", str(POT),
                            "-d", str(I18N), "-l", babel_locale(code)], check=True)
        catalog = read_catalog(path)
        draft = load_draft(code)
        filled, empty = 0, []
        for message in catalog:
            if not message.id or (_translated(message) and not overwrite) or review_mark(message):
                continue  # a reviewed entry is never overwritten, not even by --overwrite
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in draft:
                value = draft[key]
                if overwrite and message.string == (tuple(value) if message.pluralizable else value):
                    continue
                message.string = tuple(value) if message.pluralizable else value
                filled += 1
            else:
                empty.append(key)
        catalog.fuzzy = False  # pybabel init marks a new catalogue's header fuzzy
        status = status_of(code, catalog)
        if "FIRST AUTHOR" in catalog.header_comment or not read_review_header(catalog):
            catalog.header_comment = header_comment(code, status)
        if status.is_draft and not status.reviewers:
            catalog.last_translator = "Draft, not yet reviewed by a native speaker"
        catalog.language_team = f"{LANGUAGES[code]} ({code})"
        write_catalog(path, catalog)
        stale = sorted(set(draft) - {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id})
        print(f"{code:4} {babel_locale(code):6} filled {filled}, still empty {len(empty)}"
              + (f", {len(stale)} draft entries no longer used" if stale else ""))
        gaps += len(empty)
    if gaps:
        print("Some entries are still empty: `python scripts/translations.py todo` lists them.")
    return 0


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(s for s in strings)


def check() -> int:
    if not POT.exists():
        sys.exit(f"{POT} is missing: run `make extract-messages` first")
    template_ids = {m.id for m in read_catalog(POT) if m.id}
    bad = 0
    for code in TRANSLATED:
        path = po_path(code)
        if not path.exists():
            print(f"{code:4} MISSING {path.relative_to(ROOT)}")
            bad += 1
            continue
        catalog = read_catalog(path)
        messages = [m for m in catalog if m.id]
        untranslated = [m.id for m in messages if not _translated(m)]
        fuzzy = [m.id for m in messages if m.fuzzy]
        out_of_date = sorted(template_ids - {m.id for m in messages})
        errors = []
        for m in messages:
            if _translated(m):
                strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
                ids = m.id if isinstance(m.id, (list, tuple)) else [m.id]
                for s in strings:  # a plural's forms are checked against its plural msgid
                    errors += [f"{ids[-1]!r}: {p}" for p in problems(ids[-1], s)]
        ok = not (untranslated or fuzzy or errors or out_of_date or catalog.fuzzy)
        bad += not ok
        print(f"{code:4} {babel_locale(code):6} {len(messages) - len(untranslated)}/{len(messages)} translated,"
              f" {len(untranslated)} untranslated, {len(fuzzy)} fuzzy"
              + ("" if not out_of_date else f", {len(out_of_date)} msgids not in the catalogue yet")
              + (", header fuzzy" if catalog.fuzzy else "") + ("" if ok else "  <-- NOT READY"))
        for line in errors:
            print("     ", line)
        for msgid in untranslated[:10]:
            print("      untranslated:", repr(msgid))
    return 1 if bad else 0


def validate() -> int:
    """What `make translations` runs before compiling: stop on a broken catalogue, allow gaps."""
    bad = 0
    for path in sorted(I18N.glob("*/LC_MESSAGES/messages.po")):
        try:
            catalog = read_catalog(path)
        except Exception as error:  # babel's PoFileError and decoding errors
            print(f"{path.relative_to(ROOT)}: cannot be read: {error}")
            bad += 1
            continue
        for m in catalog:
            if m.id and _translated(m):
                strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
                ids = m.id if isinstance(m.id, (list, tuple)) else [m.id]
                for s in strings:
                    for p in problems(ids[-1], s):
                        print(f"{path.relative_to(ROOT)}: {ids[-1]!r}: {p}")
                        bad += 1
    return 1 if bad else 0


GLOSSARY = ROOT / "docs" / "glossary.json"
GUIDE = ROOT / "docs" / "translations.md"
GLOSSARY_START = "<!-- glossary: written from docs/glossary.json by `python scripts/translations.py glossary` -->"
GLOSSARY_END = "<!-- end of glossary -->"


def glossary_tables() -> str:
    """The glossary's tables for docs/translations.md, from docs/glossary.json (the one place it is kept)."""
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    codes = data["languages"]
    lines = ["| English | " + " | ".join(f"`{c}`" for c in codes) + " |", "| --- |" + " --- |" * len(codes)]
    lines += [f"| {t['term']} | " + " | ".join(t["render"][c] for c in codes) + " |" for t in data["terms"]]
    lines += ["", *[f"- **{t['term']}**: {t['note']}" for t in data["terms"] if t.get("note")]]
    lines += ["", "Words to avoid (`tests/test_i18n_glossary.py` fails while a catalogue uses one):", "",
              "| Language | Avoid | Why |", "| --- | --- | --- |"]
    lines += [f"| `{a['lang']}` | {a['word']} | {a['why']} |" for a in data["avoid"]]
    return "\n".join(lines)


def glossary() -> int:
    """Write the glossary's tables into docs/translations.md between its two markers."""
    text = GUIDE.read_text(encoding="utf-8")
    before, rest = text.split(GLOSSARY_START)
    _, after = rest.split(GLOSSARY_END)
    GUIDE.write_text(before + GLOSSARY_START + "\n" + glossary_tables() + "\n" + GLOSSARY_END + after,
                     encoding="utf-8")
    print(f"Wrote the glossary into {GUIDE.relative_to(ROOT)}")
    return 0


def todo() -> int:
    """The msgids each language lacks, as {code: {msgid: ""}}, ready to translate into the drafts."""
    missing = {}
    for code in TRANSLATED:
        path = po_path(code)
        if not path.exists():
            continue
        draft = load_draft(code)
        gaps = {m.id: "" for m in read_catalog(path) if m.id and not _translated(m) and m.id not in draft}
        if gaps:
            missing[code] = gaps
    print(json.dumps(missing, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    commands = {"fill": fill, "check": check, "validate": validate, "todo": todo, "glossary": glossary}
    if command not in commands:
        sys.exit(__doc__)
    if command == "fill" and "--overwrite" in sys.argv[2:]:
        sys.exit(fill(overwrite=True))
    sys.exit(commands[command]())
