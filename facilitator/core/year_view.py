"""The year's view: what each forum of a year gathered, and the handbook's limit of questions a year."""
from __future__ import annotations

from . import closing_round, fairness
from .recommendations import STATUSES
from .state import Forum

QUESTIONS_PER_YEAR = 6  # the handbook's limit on the questions the forums of one year take up


def forum_figures(forum: Forum, now: float) -> dict:
    """Participants, speakers, first-time speakers per question, suggestions, votes, recommendations by status."""
    phones = sum(1 for p in forum.people.values() if not p.walk_in)
    shown = [s for s in forum.suggestions.values() if s.visible]
    speakers = {s.person for s in forum.speeches} | ({forum.turn.entry.person} if forum.turn else set())
    return {"participants": len(forum.people), "phones": phones, "walk_ins": len(forum.people) - phones,
            "speakers": len(speakers), "speeches": len(forum.speeches),
            "first_time_speakers": [fairness.first_time_speakers(forum, q) for q in range(len(forum.questions))],
            "suggestions": len(shown), "votes": sum(len(forum.votes.get(s.id, ())) for s in shown),
            "recommendations": by_status(forum.recommendations.values()),
            "closing": closing_round.results(forum), "ended": forum.ended_at is not None}


def by_status(recs) -> dict[str, int]:
    counted = dict.fromkeys(STATUSES, 0)
    for rec in recs:
        counted[rec.status] += 1
    return counted


def year_totals(rows: list[dict]) -> dict:
    """The year's sums over its forums' rows (each a forum's figures with its `questions`)."""
    keys = ("participants", "phones", "walk_ins", "speakers", "speeches", "suggestions", "votes")
    totals = {key: sum(row["figures"][key] for row in rows) for key in keys}
    totals["forums"] = len(rows)
    totals["questions"] = sum(len(row["questions"]) for row in rows)
    totals["recommendations"] = {status: sum(row["figures"]["recommendations"][status] for row in rows)
                                 for status in STATUSES}
    totals["over_limit"] = totals["questions"] > QUESTIONS_PER_YEAR
    totals["limit"] = QUESTIONS_PER_YEAR
    return totals
