"""What each audience sees of a forum: the parts of the `state` push."""
from __future__ import annotations

from . import closing_round, fairness
from .people import phones
from .queue import hand_blocked, is_first_time, position
from .state import Entry, Forum, Suggestion
from .voting import tallies_visible, votes_left

PARTS = ("forum", "question", "speaker", "queue", "queue_open", "suggestions", "voting", "round", "closing")
MODERATOR_PARTS = ("moderation", "fairness", "speeches", "can_undo", "room", "closing_results")
BY_AUDIENCE = ("speaker", "queue")  # parts whose labels depend on who reads them
RECENT_SPEECHES = 30


def full_state(forum: Forum, audience: str, now: float) -> dict:
    """The whole state for `participant`, `board` or `moderator`."""
    names = PARTS + (MODERATOR_PARTS if audience == "moderator" else ())
    state = parts(forum, audience, names, now)
    state["full"] = True
    return state


def parts(forum: Forum, audience: str, names, now: float, suggestion_ids=None) -> dict:
    """The named parts; `suggestion_ids` limits the suggestions part to those that changed."""
    out = {}
    for name in names:
        if name == "suggestions":
            out.update(suggestion_part(forum, audience, suggestion_ids))
        elif name in MODERATOR_PARTS and audience != "moderator":
            continue
        elif name in BY_AUDIENCE:
            out[name] = _BUILDERS[name](forum, now, audience)
        else:
            out[name] = _BUILDERS[name](forum, now)
    out["server_time"] = now
    return out


def forum_part(forum: Forum, now: float) -> dict:
    s = forum.settings
    return {"code": forum.code, "title": forum.title,
            "questions": [question_part(forum, i) for i in range(len(forum.questions))],
            "turn_seconds": s.turn_seconds, "vote_budget": s.vote_budget, "policy": s.policy,
            "board_view": s.board_view, "premoderation": s.premoderation, "hide_tallies": s.hide_tallies,
            "names_on_board": s.names_on_board, "max_turns": s.max_turns,
            "board_languages": list(s.board_languages), "joining_open": forum.joining_open,
            "ended": forum.ended_at is not None}


def public_label(forum: Forum, person: str, label: str, audience: str) -> str:
    """The label `audience` sees: the console sees names; the board and phones see a phone's public
    label (P7) unless the forum puts names on the board. A walk-in's label is the one the moderator
    chose to call them by, and is shown as it is."""
    if audience == "moderator" or forum.settings.names_on_board:
        return label
    who = forum.people.get(person)
    return label if who and who.walk_in else person


def question_part(forum: Forum, index: int | None = None) -> dict:
    i = forum.question if index is None else index
    return {"index": i, "text": forum.questions[i], "translations": dict(forum.question_translations.get(i, {}))}


def speaker_part(forum: Forum, now: float, audience: str = "moderator") -> dict | None:
    turn = forum.turn
    if turn is None:
        return None
    entry = turn.entry
    return {"entry_id": entry.id, "label": _label(forum, entry, audience), "lang": entry.lang, "person": entry.person,
            "elapsed_s": round(turn.countdown_elapsed(now), 2), "limit_s": forum.settings.turn_seconds,
            "mode": turn.mode, "talk_s": round(turn.talk_seconds(now), 2),
            "interpreting_s": round(turn.seconds("interpreting", now), 2), "started_at": turn.started_at}


def _label(forum: Forum, entry: Entry, audience: str) -> str:
    return public_label(forum, entry.person, entry.label, audience)


def queue_part(forum: Forum, now: float, audience: str = "moderator") -> list[dict]:
    return [{"entry_id": e.id, "label": _label(forum, e, audience), "lang": e.lang, "person": e.person,
             "turns": fairness.turns_taken(forum, e.person),
             "talk_s": round(fairness.talk_seconds(forum, e.person, now), 1),
             "first_time": is_first_time(forum, e.person), "waiting_s": round(now - e.raised_at, 1)}
            for e in forum.queue]


def suggestion_part(forum: Forum, audience: str, ids=None) -> dict:
    """Visible suggestions of the current question (all, or only `ids`), and those no longer shown."""
    show_votes = tallies_visible(forum, audience)
    chosen = forum.suggestions.values() if ids is None else [forum.suggestions[i] for i in ids if i in forum.suggestions]
    shown, removed = [], []
    for s in chosen:
        if s.visible and s.question == forum.question:
            shown.append(_public_suggestion(forum, s, show_votes))
        else:
            removed.append(s.id)
    out = {"suggestions": sorted(shown, key=lambda s: s["id"])}
    if ids is not None:
        out["suggestions_removed"] = sorted(removed)
    return out


def tally_part(forum: Forum, audience: str, ids) -> list[dict]:
    """`{id, votes}` of the shown suggestions among `ids`, for an audience that sees tallies; else nothing.

    What a vote changes, pushed without the rest of the suggestion (the page merges it by id into its
    `suggestions`, and the moderator's into `moderation` too).
    """
    if not tallies_visible(forum, audience):
        return []
    shown = [forum.suggestions[i] for i in ids if i in forum.suggestions]
    return [{"id": s.id, "votes": vote_count(forum, s.id)}
            for s in sorted(shown, key=lambda s: s.id) if s.visible and s.question == forum.question]


def vote_count(forum: Forum, suggestion_id: int) -> int:
    return len(forum.votes.get(suggestion_id, ()))


def _public_suggestion(forum: Forum, s: Suggestion, show_votes: bool) -> dict:
    return {"id": s.id, "text": s.text, "votes": vote_count(forum, s.id) if show_votes else None,
            "pinned": s.pinned, "translations": dict(s.translations), "created_at": s.created_at}


def voting_part(forum: Forum, now: float) -> dict:
    return {"open": forum.voting_open(), "suggestions_open": forum.suggestions_open(),
            "revealed": forum.question in forum.revealed,
            "tallies_visible": {a: tallies_visible(forum, a) for a in ("participant", "board")}}


def queue_open_part(forum: Forum, now: float) -> bool:
    return forum.queue_open()


def round_part(forum: Forum, now: float) -> str | None:
    return "first_timers" if forum.first_timers_round else None


def moderation_part(forum: Forum, now: float) -> dict:
    rows = [{"id": s.id, "question": s.question, "text": s.text, "original": s.original,
             "votes": vote_count(forum, s.id), "hidden": s.hidden, "approved": s.approved, "pinned": s.pinned,
             "merged_into": s.merged_into, "redacted": s.redacted, "author": s.person, "created_at": s.created_at,
             "translations": dict(s.translations)} for s in forum.suggestions.values()]
    pending = sum(1 for s in forum.suggestions.values() if not s.approved and not s.hidden)
    return {"suggestions": rows, "pending_count": pending}


def speeches_part(forum: Forum, now: float) -> list[dict]:
    return [vars(s).copy() for s in forum.speeches[-RECENT_SPEECHES:]]


def can_undo_part(forum: Forum, now: float) -> str | None:
    return forum.undo_stack[-1][0] if forum.undo_stack else None


def room_part(forum: Forum, now: float) -> dict:
    """The integrity figure: phones joined and phones that voted, against the people the moderator
    counted in the hall; whether new phones may join; the languages the phones are read in."""
    voters = set().union(*forum.votes.values()) if forum.votes else set()
    on_question = {p for sid, who in forum.votes.items()
                   if forum.suggestions.get(sid) and forum.suggestions[sid].question == forum.question for p in who}
    languages: dict[str, int] = {}
    for lang in forum.phone_langs.values():
        languages[lang] = languages.get(lang, 0) + 1
    return {"present": forum.present, "phones": len(phones(forum)), "voters": len(voters),
            "question_voters": len(on_question), "joining_open": forum.joining_open,
            "languages": [{"lang": lang, "phones": n}
                          for lang, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))]}


def closing_part(forum: Forum, now: float) -> dict:
    """Whether the closing round is open, and its questions (core/closing_round.py)."""
    return {"open": bool(forum.closing and forum.closing.open), "items": list(closing_round.ITEMS)}


def closing_results_part(forum: Forum, now: float) -> dict | None:
    """The closing round's counts, for the moderator; per language only once it is closed (live, a group's
    count ticking up as one person taps would show that person's answer)."""
    results = closing_round.results(forum)
    return dict(results, by_lang={}) if results and results["open"] else results


def me_part(forum: Forum, person: str, now: float) -> dict:
    """What one phone sees of itself; sent only to that phone."""
    entry = forum.entry_of(person)
    mine = [s for s in forum.suggestions.values() if s.person == person]
    speaking = forum.speaking(person)
    return {"person": person, "name": forum.people[person].name,
            "label": public_label(forum, person, forum.people[person].label, "participant"),
            "hand_blocked": None if entry or speaking else hand_blocked(forum, person),
            "hand_removed": None if entry or speaking else forum.hands_taken.get(person),
            "entry_id": entry.id if entry else None, "lang": entry.lang if entry else None,
            "position": position(forum, person), "speaking": bool(forum.turn and forum.turn.entry.person == person),
            "votes_left": votes_left(forum, person), "first_time": is_first_time(forum, person),
            "my_votes": sorted(forum.voted.get(person, ())),
            "my_suggestions": sorted(s.id for s in mine),
            "pending": sorted(s.id for s in mine if not s.approved and not s.hidden and not s.redacted),
            "redacted": sorted(s.id for s in mine if s.redacted),
            "talk_s": round(fairness.talk_seconds(forum, person, now), 1),
            "closing": closing_round.answers_of(forum, person)}


_BUILDERS = {
    "forum": forum_part, "question": lambda f, now: question_part(f), "speaker": speaker_part,
    "queue": queue_part, "queue_open": queue_open_part, "voting": voting_part, "round": round_part,
    "moderation": moderation_part, "fairness": fairness.figures, "speeches": speeches_part,
    "can_undo": can_undo_part, "room": room_part,
    "closing": closing_part, "closing_results": closing_results_part,
}
