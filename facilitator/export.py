"""The core team's raw output, built from one consistent read of the event log."""
from __future__ import annotations

from .core import fairness
from .core.evolve import replay

EXPORT_VERSION = 1


def export_data(events: list[dict]) -> dict:
    """export.json: the forum, its questions, speeches, suggestions, talk time, fairness, and the log."""
    forum = replay(events)
    now = events[-1]["at"]
    return {
        "version": EXPORT_VERSION,
        "forum": {"code": forum.code, "title": forum.title, "created_at": forum.created_at,
                  "settings": vars(forum.settings).copy(), "current_question": forum.question},
        "questions": [{"index": i, "text": text, "translations": forum.question_translations.get(i, {})}
                      for i, text in enumerate(forum.questions)],
        "speeches": [_speech(s) for s in forum.speeches],
        "current_turn": _current_turn(forum, now),
        "suggestions": [_suggestion(forum, s) for s in forum.suggestions.values()],
        "votes": [{"suggestion": sid, "voter": person}
                  for sid, voters in sorted(forum.votes.items()) for person in sorted(voters)],
        "participants": _participants(forum, now),
        "fairness": fairness.figures(forum, now),
        "events": [dict(e, seq=i + 1) for i, e in enumerate(events)],
    }


def _speech(s) -> dict:
    return {"id": s.id, "speaker": s.person, "label": s.label, "lang": s.lang, "question": s.question,
            "started_at": s.started_at, "ended_at": s.ended_at, "duration_s": s.duration_s,
            "interpreting_s": s.interpreting_s, "paused_s": s.paused_s, "waited_s": s.waited_s}


def _current_turn(forum, now: float) -> dict | None:
    turn = forum.turn
    if turn is None:
        return None
    return {"speaker": turn.entry.person, "label": turn.entry.label, "lang": turn.entry.lang,
            "question": turn.question, "started_at": turn.started_at, "talk_s": round(turn.talk_seconds(now), 3)}


def _suggestion(forum, s) -> dict:
    return {"id": s.id, "question": s.question, "text": s.text, "original": s.original,
            "votes": len(forum.votes.get(s.id, ())), "hidden": s.hidden, "approved": s.approved,
            "pinned": s.pinned, "merged_into": s.merged_into, "author": s.person, "created_at": s.created_at,
            "translations": dict(s.translations)}


def _participants(forum, now: float) -> list[dict]:
    rows = []
    for person in forum.people.values():
        per_question = {str(q): round(fairness.talk_seconds(forum, person.id, now, q), 3)
                        for q in range(len(forum.questions))}
        rows.append({"id": person.id, "label": person.label, "walk_in": person.walk_in,
                     "turns": fairness.turns_taken(forum, person.id),
                     "talk_s": round(fairness.talk_seconds(forum, person.id, now), 3),
                     "talk_s_by_question": per_question})
    return rows
