"""What every translation must keep, so that no page or server message breaks (docs/translations.md).

Used by `scripts/translations.py` (validate, check, fill) and by the review sheet's import, which refuses
a correction that fails one of these checks.
"""
from __future__ import annotations

import re

# Text that must come through translation unchanged: key names and the app's own labels.
# A new string that contains such a name gets an entry here (msgid -> the parts to keep).
KEEP = {
    "Select with j / k, move with u / d (or Shift+↑ / ↓), give the floor with g, remove with Delete.":
        ["j / k", "u / d", "Shift+↑ / ↓", "g", "Delete"],
    "Shortcuts do not work while you type in a field. Press Esc to leave a field.": ["Esc"],
    "Without a name you are shown with a number, like P7.": ["P7"],
    "Switch to question 1 to 9": ["1", "9"],
    "Talk time taken by the top 3": ["3"],
    "woman in red scarf, row 3": ["3"],
    "Votes per person (0 = no limit)": ["0"],
    "merged into #{id}": ["#{id}"],
    "'%(value)s' is not a language code (examples: sv, ar, fa, so, ti).": ["sv, ar, fa, so, ti"],
    "The client_id is too long (at most 100 characters).": ["client_id"],
    "Built from the forum's event log (%(count)s recorded actions; export format version %(version)s). "
    "Times are the server's local time. Speakers appear by the name they gave or as a pseudonym (P… for phones, "
    "W… for people the moderator added); no addresses, devices or tokens are kept in this report.": ["P…", "W…"],
}
PLACEHOLDER = re.compile(r"\{(\w*)\}")  # filled by the pages' scripts
NAMED = re.compile(r"%\((\w+)\)[sd]")  # filled by Python: the server's messages and the report
PERCENT = ("%", "\u066a")  # the Arabic percent sign ٪ (Arabic, Persian, Dari) stands for %


class _Any(dict):
    """Fills every %(name)s with 0, to apply a translation the way the server will."""

    def __missing__(self, key):
        return 0


def _differ(kind: str, wanted: list[str], found: list[str]) -> list[str]:
    missing, extra = sorted(set(wanted) - set(found)), sorted(set(found) - set(wanted))
    return ([f"{kind} {', '.join(missing)} missing" if missing else ""]
            + [f"{kind} {', '.join(extra)} not in the English (keep them as they are)" if extra else ""])


def problems(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with `msgstr` as a translation of `msgid`; empty if it is safe to use."""
    found = _differ("placeholder", [f"{{{n}}}" for n in PLACEHOLDER.findall(msgid)],
                    [f"{{{n}}}" for n in PLACEHOLDER.findall(msgstr)])
    found += _differ("placeholder", [f"%({n})s" for n in NAMED.findall(msgid)],
                     [f"%({n})s" for n in NAMED.findall(msgstr)])
    # Jinja's new-style gettext (Flask-Babel) always applies `% {}`, and the server applies its
    # parameters (`%(seconds)s`): a lone % must be written %%.
    try:
        shown, expected = msgstr % _Any(), msgid % _Any()
        if sum(map(shown.count, PERCENT)) != expected.count("%"):
            found.append("a percent sign differs (write %% for %)")
    except (ValueError, TypeError, KeyError):
        found.append("a lone % (write %% for %)")
    found += [f"must keep {part!r} unchanged" for part in KEEP.get(msgid, []) if part not in msgstr]
    if msgstr != msgstr.strip() and msgid == msgid.strip():
        found.append("leading or trailing space")
    return [f for f in found if f]
