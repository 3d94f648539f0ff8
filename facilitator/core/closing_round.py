"""The closing round: "Did you get to say what you wanted?" and "Do you feel this forum represents you?",
answered on the phones on a five-step scale of faces, one answer per phone and question (changeable
while the round is open).

The results are counts per step. Per language of the phone only for groups of at least MIN_GROUP
phones; a group is left out too when the phones left over would be a smaller group, since the totals
minus the groups shown would give their answers away. Closing the round records these results per
language, so the export and the report keep them; export.json numbers the phones apart (A1, A2…)
and blanks their language, so that no answer can be traced back to a person.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .errors import N_, Refused
from .events import ClosingAnswered, ClosingRoundSet, Event
from .rules import clean_lang
from .state import Forum

ITEMS = ("said", "represented")
STEPS = 5
MIN_GROUP = 5


@dataclass
class ClosingRound:
    open: bool = False
    opened_at: float | None = None
    closed_at: float | None = None
    answers: dict[str, dict[str, int]] = field(default_factory=dict)  # person -> item -> step
    langs: dict[str, str] = field(default_factory=dict)  # person -> the language of the phone's page
    by_lang: dict = field(default_factory=dict)  # the results per language recorded at the last close


# ---- decisions -------------------------------------------------------------------------------------

def set_open(forum: Forum, now: float, open_: bool, recorded: dict | None = None) -> list:
    """Open or close the round. Closing records the results per language (`recorded`: as a file has them)."""
    current = forum.closing
    if bool(current and current.open) == open_:
        return []
    if open_:
        return [ClosingRoundSet(now, open=True, by_lang={})]
    by_lang = breakdown(current) if recorded is None else checked_breakdown(current, recorded)
    return [ClosingRoundSet(now, open=False, by_lang=by_lang)]


def answer(forum: Forum, now: float, person: str, item: str, step: int, lang: str = "") -> list:
    """A phone's answer (or its new answer) on one question of the round."""
    current = forum.closing
    if current is None or not current.open:
        raise Refused(N_("The closing round is not open."))
    if item not in ITEMS:
        raise Refused(N_("There is no closing question '%(item)s'."), item=str(item)[:40])
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= STEPS:
        raise Refused(N_("Answer with one of the five faces (1 to 5)."))
    lang = clean_lang(lang)
    if current.answers.get(person, {}).get(item) == step and current.langs.get(person) == lang:
        return []
    return [ClosingAnswered(now, person=person, item=item, step=step, lang=lang)]


# ---- results ---------------------------------------------------------------------------------------

def counts(current: ClosingRound, item: str, persons=None) -> list[int]:
    """How many chose each step (1 to 5) on `item`, among `persons` (default: everyone)."""
    out = [0] * STEPS
    for person, answers in current.answers.items():
        if (persons is None or person in persons) and item in answers:
            out[answers[item] - 1] += 1
    return out


def breakdown(current: ClosingRound) -> dict:
    """The results per phone language, for groups large enough that no one is identifiable."""
    groups: dict[str, set[str]] = {}
    for person in current.answers:
        lang = current.langs.get(person, "")
        if lang:
            groups.setdefault(lang, set()).add(person)
    shown = {lang: persons for lang, persons in groups.items() if len(persons) >= MIN_GROUP}
    while shown and 0 < len(current.answers) - sum(map(len, shown.values())) < MIN_GROUP:
        del shown[min(shown, key=lambda lang: (len(shown[lang]), lang))]
    return {lang: {"answered": len(persons), **{item: counts(current, item, persons) for item in ITEMS}}
            for lang, persons in sorted(shown.items())}


def checked_breakdown(current: ClosingRound, recorded: dict) -> dict:
    """Results per language as a file records them, if they could be true of this round's answers."""
    total = len(current.answers)
    for lang, group in recorded.items():
        clean_lang(lang)
        if not isinstance(group, dict) or set(group) != {"answered", *ITEMS}:
            raise Refused(N_("The closing round's results for '%(lang)s' are not in the right form."), lang=lang)
        answered = group["answered"]
        if not isinstance(answered, int) or not MIN_GROUP <= answered <= total \
                or any(not _steps(group[item], answered) for item in ITEMS):
            raise Refused(N_("The closing round's results for '%(lang)s' do not fit its answers."), lang=lang)
    if sum(group["answered"] for group in recorded.values()) > total:
        raise Refused(N_("The closing round's results per language count more phones than answered."))
    return recorded


def _steps(values, most: int) -> bool:
    return isinstance(values, list) and len(values) == STEPS and sum(values) <= most \
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values)


def results(forum: Forum) -> dict | None:
    """What the export and the report show: counts per step, per language where groups are large enough."""
    current = forum.closing
    if current is None:
        return None
    return {"open": current.open, "opened_at": current.opened_at, "closed_at": current.closed_at,
            "answered": len(current.answers), "min_group": MIN_GROUP,
            "items": {item: counts(current, item) for item in ITEMS},
            "by_lang": breakdown(current) if current.open else current.by_lang}


def answers_of(forum: Forum, person: str) -> dict:
    """One phone's own answers (sent only to that phone)."""
    mine = forum.closing.answers.get(person, {}) if forum.closing else {}
    return {item: mine.get(item) for item in ITEMS}


def anonymised(events: list[Event]) -> list[Event]:
    """The log as export.json gives it: each answering phone numbered on its own (A1, A2…), no language."""
    numbers: dict[str, str] = {}
    out = []
    for e in events:
        if isinstance(e, ClosingAnswered):
            e = replace(e, person=numbers.setdefault(e.person, f"A{len(numbers) + 1}"), lang="")
        out.append(e)
    return out


# ---- how the events apply --------------------------------------------------------------------------

def _round_set(forum: Forum, e: ClosingRoundSet) -> None:
    current = forum.closing = forum.closing or ClosingRound()
    current.open = e.open
    if e.open:
        current.opened_at = e.at
    else:
        current.closed_at, current.by_lang = e.at, dict(e.by_lang)


def _answered(forum: Forum, e: ClosingAnswered) -> None:
    forum.closing.answers.setdefault(e.person, {})[e.item] = e.step
    forum.closing.langs[e.person] = e.lang


APPLIES = {ClosingRoundSet: _round_set, ClosingAnswered: _answered}
