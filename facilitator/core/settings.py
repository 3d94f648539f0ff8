"""Creating a forum and changing its settings."""
from __future__ import annotations

from .errors import N_, Refused
from .events import ForumCreated, SettingsUpdated
from .queue import sorted_queue
from .rules import (MAX_BOARD_LANGUAGES, MAX_QUESTION, MAX_QUESTIONS, MAX_SUGGESTION_BASE, MAX_TITLE, MAX_TURNS_CAP,
                    PAGE_LANGUAGES, SUGGESTIONS_PER_FORUM, check_range, clean_text)
from .state import BOARD_VIEWS, POLICIES, TALLY_MODES, Forum, Settings


def create_forum(code: str, now: float, title: str, questions: list[str], turn_seconds: int = 120,
                 vote_budget: int = 3, policy: str = "fair", premoderation: bool = False,
                 hide_tallies: str = "none", suggestion_base: int = 0) -> ForumCreated:
    """The ForumCreated event for a new forum, after checking every field."""
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise Refused(N_("A forum needs 1 to %(max)s questions (the handbook recommends 3-4)."), max=MAX_QUESTIONS)
    if isinstance(suggestion_base, bool) or not isinstance(suggestion_base, int) \
            or not 0 <= suggestion_base <= MAX_SUGGESTION_BASE or suggestion_base % SUGGESTIONS_PER_FORUM:
        raise Refused(N_("The forum's first suggestion number is not one this program gives."))
    return ForumCreated(now, code=code, title=clean_text(title, "title", MAX_TITLE),
                        questions=[clean_text(q, "question", MAX_QUESTION) for q in questions],
                        settings=_checked({"turn_seconds": turn_seconds, "vote_budget": vote_budget,
                                           "policy": policy, "premoderation": premoderation,
                                           "hide_tallies": hide_tallies}), suggestion_base=suggestion_base)


def new_forum(created: ForumCreated) -> Forum:
    """The state right after ForumCreated."""
    return Forum(code=created.code, title=created.title, created_at=created.at,
                 questions=list(created.questions), settings=Settings(**created.settings),
                 counters={"suggestion": created.suggestion_base})


def update_settings(forum: Forum, now: float, changes: dict) -> list:
    """Change settings; a new policy puts the queue in its order at once (recorded, never re-decided)."""
    changes = _checked(changes)
    changed = {k: v for k, v in changes.items() if getattr(forum.settings, k) != v}
    if not changed:
        return []
    resort = sorted_queue(forum, now, policy=changed["policy"]) if "policy" in changed else []
    return [SettingsUpdated(now, changes=changed)] + resort


def _checked(changes: dict) -> dict:
    checks = {
        "turn_seconds": lambda v: check_range(
            v, N_("The turn limit in seconds must be between %(low)s and %(high)s."), 10, 3600),
        "vote_budget": lambda v: check_range(v, N_("The vote budget must be between %(low)s and %(high)s."), 0, 50),
        "policy": lambda v: _one_of(v, POLICIES, "policy"),
        "hide_tallies": lambda v: _one_of(v, TALLY_MODES, "hide_tallies"),
        "board_view": lambda v: _one_of(v, BOARD_VIEWS, "board_view"),
        "premoderation": lambda v: v,
        "names_on_board": lambda v: v,
        "max_turns": lambda v: check_range(
            v, N_("The cap of turns per person per question must be between %(low)s and %(high)s (0: no cap)."),
            0, MAX_TURNS_CAP),
        "board_languages": _board_languages,
    }
    unknown = set(changes) - set(checks)
    if unknown:
        # Translators: %(names)s are the settings' names as the program spells them (policy, vote_budget).
        raise Refused(N_("Unknown setting: %(names)s."), names=", ".join(sorted(unknown)))
    return {k: checks[k](v) for k, v in changes.items()}


def _board_languages(codes: list) -> list:
    """Up to MAX_BOARD_LANGUAGES distinct page languages, in the moderator's order."""
    if len(codes) > MAX_BOARD_LANGUAGES:
        raise Refused(N_("The board shows at most %(max)s languages at once."), max=MAX_BOARD_LANGUAGES)
    for code in codes:
        if code not in PAGE_LANGUAGES:
            # Translators: %(allowed)s are language codes as the program spells them (sv, en, ar).
            raise Refused(N_("'%(value)s' is not a language the board speaks (one of: %(allowed)s)."),
                          value=str(code)[:20], allowed=", ".join(PAGE_LANGUAGES))
    if len(set(codes)) < len(codes):
        raise Refused(N_("Each board language may be chosen once."))
    return list(codes)


def _one_of(value: str, allowed: tuple, what: str) -> str:
    if value not in allowed:
        # Translators: %(field)s and %(allowed)s are names as the program spells them (policy; fair, fifo).
        raise Refused(N_("%(field)s must be one of: %(allowed)s."), field=what, allowed=", ".join(allowed))
    return value


def _settings_updated(forum: Forum, e: SettingsUpdated) -> None:
    for key, value in e.changes.items():
        setattr(forum.settings, key, list(value) if isinstance(value, list) else value)


APPLIES = {SettingsUpdated: _settings_updated}
