"""Every socket action as a named function: who may send it, its payload (read from its signature), the
rule it asks, and what its ack carries. The shell (live.py) checks the seat and the payload, performs
the action on the forum, and acks.

    @action("vote", role="participant", ack=votes_remaining)
    def vote(forum, now, seat, suggestion_id: int): ...

A parameter without a default is required; one that defaults to None may be left out or sent as null.
`repeats=True` marks the actions that act again when a client resends them (docs/protocol.md).
"""
from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from typing import Callable

from .core import (closing_round, ending, people, questions, queue, settings, suggestions, turn, undo, views,
                   voting)
from .core.events import Event
from .core.state import Forum
from .seats import Seat
from .validation import Optional


@dataclass(frozen=True)
class Action:
    name: str
    role: str
    decide: Callable[..., list[Event]]
    payload: dict  # field name -> type, or Optional(type)
    ack: Callable[[Forum, Seat, list[Event]], dict]
    repeats: bool


ACTIONS: dict[str, Action] = {}


def no_ack(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    return {}


def action(name: str, role: str, ack=no_ack, repeats: bool = False):
    """Enter a function in ACTIONS as the socket event `name`, for `role` only (a phone's, only until the
    forum ends)."""
    def register(decide):
        checked = _until_the_end(decide) if role == "participant" else decide
        ACTIONS[name] = Action(name, role, checked, payload_of(decide), ack, repeats)
        return decide
    return register


def _until_the_end(decide):
    def checked(forum: Forum, now: float, seat: Seat, **fields) -> list[Event]:
        ending.refuse_if_ended(forum)
        return decide(forum, now, seat, **fields)
    return checked


def payload_of(decide: Callable) -> dict:
    """The payload a decision takes: its parameters after (forum, now, seat), typed by their hints."""
    hints = typing.get_type_hints(decide)
    spec = {}
    for name, parameter in list(inspect.signature(decide).parameters.items())[3:]:
        kind = hints[name]
        if parameter.default is None:
            kind = Optional(next(arg for arg in typing.get_args(kind) if arg is not type(None)))
        spec[name] = kind
    return spec


# ---- what the acks carry ---------------------------------------------------------------------------

def place_in_queue(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    entry = forum.entry_of(seat.person)
    return {"position": queue.position(forum, seat.person), "entry_id": entry.id if entry else None}


def votes_remaining(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    return {"votes_left": voting.votes_left(forum, seat.person)}


def new_speaker(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    """The new speaker (null when the queue was empty, or nobody had the floor)."""
    return {"speaker": views.speaker_part(forum, events[-1].at) if events else None}


def new_suggestion(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    return {"suggestion_id": events[0].suggestion_id}


def new_entry(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    return {"entry_id": events[0].entry_id}


def what_was_undone(forum: Forum, seat: Seat, events: list[Event]) -> dict:
    return {"undone": events[0].undone}


# ---- the participant's phone -----------------------------------------------------------------------

@action("hand_raise", role="participant", ack=place_in_queue)
def hand_raise(forum: Forum, now: float, seat: Seat, lang: str | None = None) -> list[Event]:
    return queue.raise_hand(forum, now, seat.person, lang)


@action("hand_lower", role="participant")
def hand_lower(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return queue.lower_hand(forum, now, seat.person)


@action("set_name", role="participant")
def set_name(forum: Forum, now: float, seat: Seat, name: str) -> list[Event]:
    return people.set_name(forum, now, seat.person, name)


@action("suggest", role="participant", ack=new_suggestion)
def suggest(forum: Forum, now: float, seat: Seat, text: str, client_id: str | None = None) -> list[Event]:
    """`client_id` makes a resend safe: the shell answers it with the first suggestion's id."""
    return suggestions.suggest(forum, now, seat.person, text)


@action("vote", role="participant", ack=votes_remaining)
def vote(forum: Forum, now: float, seat: Seat, suggestion_id: int) -> list[Event]:
    return voting.vote(forum, now, seat.person, suggestion_id)


@action("unvote", role="participant", ack=votes_remaining)
def unvote(forum: Forum, now: float, seat: Seat, suggestion_id: int) -> list[Event]:
    return voting.unvote(forum, now, seat.person, suggestion_id)


# ---- the moderator: queue and turn ----------------------------------------------------------------

@action("add_speaker", role="moderator", ack=new_entry)
def add_speaker(forum: Forum, now: float, seat: Seat, label: str, lang: str | None = None) -> list[Event]:
    return queue.add_speaker(forum, now, label, lang)


@action("remove_entry", role="moderator")
def remove_entry(forum: Forum, now: float, seat: Seat, entry_id: int) -> list[Event]:
    return queue.remove_entry(forum, now, entry_id)


@action("move_entry", role="moderator", repeats=True)
def move_entry(forum: Forum, now: float, seat: Seat, entry_id: int, delta: int) -> list[Event]:
    return queue.move_entry(forum, now, entry_id, delta)


@action("next_speaker", role="moderator", ack=new_speaker, repeats=True)
def next_speaker(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return turn.next_speaker(forum, now)


@action("start_turn", role="moderator", ack=new_speaker, repeats=True)
def start_turn(forum: Forum, now: float, seat: Seat, entry_id: int | None = None) -> list[Event]:
    return turn.start_turn(forum, now, entry_id)


@action("pause_turn", role="moderator")
def pause_turn(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return turn.set_mode(forum, now, turn.PAUSED)


@action("resume_turn", role="moderator")
def resume_turn(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return turn.set_mode(forum, now, turn.SPEAKING)


@action("interpret_turn", role="moderator")
def interpret_turn(forum: Forum, now: float, seat: Seat, on: bool) -> list[Event]:
    return turn.set_mode(forum, now, turn.INTERPRETING if on else turn.SPEAKING)


@action("reset_timer", role="moderator", repeats=True)
def reset_timer(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return turn.reset_timer(forum, now)


@action("end_turn", role="moderator")
def end_turn(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return turn.end_turn(forum, now)


@action("lower_all_hands", role="moderator", repeats=True)
def lower_all_hands(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return queue.lower_all(forum, now)


@action("set_queue_open", role="moderator")
def set_queue_open(forum: Forum, now: float, seat: Seat, open: bool) -> list[Event]:  # noqa: A002
    return queue.set_queue_open(forum, now, open)


@action("undo", role="moderator", ack=what_was_undone, repeats=True)
def undo_last(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return undo.undo(forum, now)


# ---- the moderator: questions, voting, settings ----------------------------------------------------

@action("set_question", role="moderator")
def set_question(forum: Forum, now: float, seat: Seat, index: int) -> list[Event]:
    return questions.set_question(forum, now, index)


@action("first_timers_round", role="moderator")
def first_timers_round(forum: Forum, now: float, seat: Seat, on: bool) -> list[Event]:
    return questions.first_timers_round(forum, now, on)


@action("set_question_translation", role="moderator")
def set_question_translation(forum: Forum, now: float, seat: Seat, index: int, lang: str, text: str) -> list[Event]:
    return questions.translate_question(forum, now, index, lang, text)


@action("set_voting", role="moderator")
def set_voting(forum: Forum, now: float, seat: Seat, open: bool) -> list[Event]:  # noqa: A002 (the field's name)
    return voting.set_voting(forum, now, open)


@action("set_suggestions", role="moderator")
def set_suggestions(forum: Forum, now: float, seat: Seat, open: bool) -> list[Event]:  # noqa: A002
    return suggestions.set_open(forum, now, open)


@action("set_joining", role="moderator")
def set_joining(forum: Forum, now: float, seat: Seat, open: bool) -> list[Event]:  # noqa: A002
    return people.set_joining(forum, now, open)


@action("set_attendance", role="moderator")
def set_attendance(forum: Forum, now: float, seat: Seat, present: int) -> list[Event]:
    return people.set_attendance(forum, now, present)


@action("reveal_tallies", role="moderator")
def reveal_tallies(forum: Forum, now: float, seat: Seat, revealed: bool) -> list[Event]:
    return voting.reveal_tallies(forum, now, revealed)


@action("update_settings", role="moderator")
def update_settings(forum: Forum, now: float, seat: Seat, premoderation: bool | None = None,
                    hide_tallies: str | None = None, board_view: str | None = None,
                    turn_seconds: int | None = None, policy: str | None = None,
                    vote_budget: int | None = None, names_on_board: bool | None = None,
                    max_turns: int | None = None, board_languages: list | None = None) -> list[Event]:
    given = {"premoderation": premoderation, "hide_tallies": hide_tallies, "board_view": board_view,
             "turn_seconds": turn_seconds, "policy": policy, "vote_budget": vote_budget,
             "names_on_board": names_on_board, "max_turns": max_turns, "board_languages": board_languages}
    return settings.update_settings(forum, now, {k: v for k, v in given.items() if v is not None})


# ---- the moderator: suggestions --------------------------------------------------------------------

@action("hide_suggestion", role="moderator")
def hide_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int) -> list[Event]:
    return suggestions.hide(forum, now, suggestion_id, True)


@action("unhide_suggestion", role="moderator")
def unhide_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int) -> list[Event]:
    return suggestions.hide(forum, now, suggestion_id, False)


@action("approve_suggestion", role="moderator")
def approve_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int) -> list[Event]:
    return suggestions.approve(forum, now, suggestion_id)


@action("merge_suggestion", role="moderator")
def merge_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int, into: int) -> list[Event]:
    return suggestions.merge(forum, now, suggestion_id, into)


@action("pin_suggestion", role="moderator")
def pin_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int, pinned: bool) -> list[Event]:
    return suggestions.pin(forum, now, suggestion_id, pinned)


@action("edit_suggestion", role="moderator")
def edit_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int, text: str) -> list[Event]:
    return suggestions.edit(forum, now, suggestion_id, text)


@action("redact_suggestion", role="moderator")
def redact_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int) -> list[Event]:
    """The one rewrite of the log: the text goes from every earlier event too (store.py, forums.py)."""
    return suggestions.redact(forum, now, suggestion_id, by=seat.role)


@action("translate_suggestion", role="moderator")
def translate_suggestion(forum: Forum, now: float, seat: Seat, suggestion_id: int, lang: str,
                         text: str) -> list[Event]:
    return suggestions.translate(forum, now, suggestion_id, lang, text)


# ---- the end of the night: the closing round, ending the forum -----------------------------------

@action("closing_answer", role="participant")
def closing_answer(forum: Forum, now: float, seat: Seat, item: str, step: int) -> list[Event]:
    """One face of five on one of the round's questions, counted with the language of the phone's page."""
    return closing_round.answer(forum, now, seat.person, item, step, seat.lang)


@action("closing_round", role="moderator")
def open_closing_round(forum: Forum, now: float, seat: Seat, open: bool) -> list[Event]:  # noqa: A002
    return closing_round.set_open(forum, now, open)


@action("end_forum", role="moderator")
def end_forum(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return ending.end(forum, now)


@action("reopen_forum", role="moderator")
def reopen_forum(forum: Forum, now: float, seat: Seat) -> list[Event]:
    return ending.reopen(forum, now)
