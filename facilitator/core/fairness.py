"""Who had the floor and for how long: per-person totals and the fairness figures."""
from __future__ import annotations

from collections import defaultdict

from .state import Forum


def talk_seconds(forum: Forum, person: str, now: float, question: int | None = None) -> float:
    """Speaking seconds of `person` in the forum (or on one question), the current turn included."""
    total = sum(s.duration_s for s in forum.speeches
                if s.person == person and (question is None or s.question == question))
    turn = forum.turn
    if turn and turn.entry.person == person and (question is None or turn.question == question):
        total += turn.talk_seconds(now)
    return total


def turns_taken(forum: Forum, person: str) -> int:
    return sum(1 for s in forum.speeches if s.person == person)


def turns_on(forum: Forum, person: str, question: int) -> int:
    """Turns the person has had on `question`, the current one included."""
    turn = forum.turn
    current = 1 if turn and turn.entry.person == person and turn.question == question else 0
    return current + sum(1 for s in forum.speeches if s.person == person and s.question == question)


def has_spoken_on(forum: Forum, person: str, question: int) -> bool:
    """True once the person has had a turn (finished or current) on `question`."""
    turn = forum.turn
    if turn and turn.entry.person == person and turn.question == question:
        return True
    return any(s.person == person and s.question == question for s in forum.speeches)


def _totals(forum: Forum, now: float, question: int | None = None) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for s in forum.speeches:
        if question is None or s.question == question:
            totals[s.person] += s.duration_s
    turn = forum.turn
    if turn and (question is None or turn.question == question):
        totals[turn.entry.person] += turn.talk_seconds(now)
    return dict(totals)


def top_share(totals: dict[str, float], top: int = 3) -> float:
    """The share (0-1) of all talk time taken by the `top` longest speakers."""
    whole = sum(totals.values())
    if whole <= 0:
        return 0.0
    return sum(sorted(totals.values(), reverse=True)[:top]) / whole


def first_time_speakers(forum: Forum, question: int) -> int:
    """People whose first turn in the whole forum came on `question`."""
    first: dict[str, int] = {}
    for s in forum.speeches:
        first.setdefault(s.person, s.question)
    if forum.turn:
        first.setdefault(forum.turn.entry.person, forum.turn.question)
    return sum(1 for q in first.values() if q == question)


def waits(forum: Forum) -> dict[str, list[float]]:
    """Seconds each person waited between raising a hand and getting the floor."""
    out: dict[str, list[float]] = defaultdict(list)
    for s in forum.speeches:
        out[s.person].append(s.waited_s)
    if forum.turn:
        out[forum.turn.entry.person].append(forum.turn.started_at - forum.turn.entry.raised_at)
    return dict(out)


def figures(forum: Forum, now: float) -> dict:
    """The fairness panel: distinct speakers, first-timers, the top-3 share, a row per person."""
    totals = _totals(forum, now)
    on_question = _totals(forum, now, forum.question)
    wait_lists = waits(forum)
    people = [_person_row(forum, p, totals, on_question, wait_lists) for p in totals]
    people.sort(key=lambda row: -row["talk_s"])
    return {
        "distinct_speakers": len(totals),
        "question_speakers": len(on_question),
        "first_time_speakers": first_time_speakers(forum, forum.question),
        "top3_share": round(top_share(totals), 4),
        "question_top3_share": round(top_share(on_question), 4),
        "total_talk_s": round(sum(totals.values()), 1),
        "people": people,
        "language_groups": language_groups(forum, now),
    }


def spoken(forum: Forum, now: float, question: int | None = None) -> list[tuple[str, str, int, float, float]]:
    """(person, language, question, talk seconds, waited seconds) of every speech and of the running turn."""
    items = [(s.person, s.lang, s.question, s.duration_s, s.waited_s) for s in forum.speeches]
    turn = forum.turn
    if turn:
        items.append((turn.entry.person, turn.entry.lang, turn.question, turn.talk_seconds(now),
                      turn.started_at - turn.entry.raised_at))
    return [item for item in items if question is None or item[2] == question]


def language_groups(forum: Forum, now: float, question: int | None = None) -> list[dict]:
    """Per language spoken (or asked for) from the floor: its share of talk time against its share of
    raised hands and of phones, and how long its speakers waited. A figure to act on, not a quota."""
    talk: dict[str, float] = defaultdict(float)
    waited: dict[str, list[float]] = defaultdict(list)
    for _, lang, _, seconds, wait in spoken(forum, now, question):
        talk[lang] += seconds
        waited[lang].append(wait)
    hands: dict[str, int] = defaultdict(int)
    for lang, asked_on in forum.hand_langs.values():
        if question is None or asked_on == question:
            hands[lang] += 1
    waiting: dict[str, int] = defaultdict(int)
    for entry in forum.queue:
        waiting[entry.lang] += 1
    phones: dict[str, int] = defaultdict(int)
    for lang in forum.phone_langs.values():
        phones[lang] += 1
    all_talk, all_hands, all_phones = sum(talk.values()), sum(hands.values()), sum(phones.values())
    rows = [{"lang": lang, "talk_s": round(talk.get(lang, 0.0), 1), "talk_share": _share(talk.get(lang, 0.0), all_talk),
             "hands": hands.get(lang, 0), "hand_share": _share(hands.get(lang, 0), all_hands),
             "phones": phones.get(lang, 0), "phone_share": _share(phones.get(lang, 0), all_phones),
             "speeches": len(waited.get(lang, [])), "waiting": waiting.get(lang, 0),
             "wait_s": round(sum(waited[lang]) / len(waited[lang]), 1) if waited.get(lang) else 0.0}
            for lang in set(talk) | set(hands)]
    return sorted(rows, key=lambda row: (-row["hands"], -row["speeches"], row["lang"]))  # never by a ticking figure


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole > 0 else 0.0


def _person_row(forum, person, totals, on_question, wait_lists) -> dict:
    waited = wait_lists.get(person, [])
    who = forum.people.get(person)
    return {
        "person": person,
        "label": who.label if who else person,
        "talk_s": round(totals[person], 1),
        "question_talk_s": round(on_question.get(person, 0.0), 1),
        "turns": turns_taken(forum, person) + (1 if forum.turn and forum.turn.entry.person == person else 0),
        "wait_s": round(sum(waited) / len(waited), 1) if waited else 0.0,
    }
