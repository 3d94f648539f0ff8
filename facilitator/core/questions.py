"""The questions: which one is current, their translations for the board, the first-timers' round."""
from __future__ import annotations

from .errors import N_, Refused
from .events import FirstTimersRoundSet, QuestionSet, QuestionTranslated, TurnEnded
from .queue import sorted_queue
from .rules import MAX_QUESTION, clean_lang, clean_text, set_or_drop
from .state import Forum


def set_question(forum: Forum, now: float, index: int) -> list:
    """Switch the question: the running turn ends, and the queue is put in the policy's order for the
    new question (everybody is a first-timer again). Each consequence is recorded as its own event."""
    if not 0 <= index < len(forum.questions):
        raise Refused(N_("There is no question %(number)s; this forum has %(count)s."), number=index + 1,
                      count=len(forum.questions))
    if index == forum.question:
        return []
    ended = [TurnEnded(now)] if forum.turn else []
    return ended + [QuestionSet(now, index=index)] + sorted_queue(forum, now, question=index)


def first_timers_round(forum: Forum, now: float, on: bool) -> list:
    if forum.first_timers_round == on:
        return []
    return [FirstTimersRoundSet(now, on=on)]


def translate_question(forum: Forum, now: float, index: int, lang: str, text: str) -> list:
    if not 0 <= index < len(forum.questions):
        raise Refused(N_("There is no question %(number)s."), number=index + 1)
    lang = clean_lang(lang)
    if not lang:
        raise Refused(N_("Say which language the translation is in."))
    text = clean_text(text, "translation", MAX_QUESTION, allow_empty=True)
    if forum.question_translations.get(index, {}).get(lang, "") == text:
        return []
    return [QuestionTranslated(now, index=index, lang=lang, text=text)]


def _question_set(forum: Forum, e: QuestionSet) -> None:
    if forum.turn:
        raise ValueError("a turn is still running: its end is recorded before the question switch")
    forum.question = e.index
    forum.first_timers_round = False
    forum.hands_taken.clear()  # a new question: a phone is no longer told of a hand taken on the last one
    forum.undo_stack.clear()


def _first_timers_round_set(forum: Forum, e: FirstTimersRoundSet) -> None:
    forum.first_timers_round = e.on


def _question_translated(forum: Forum, e: QuestionTranslated) -> None:
    set_or_drop(forum.question_translations.setdefault(e.index, {}), e.lang, e.text)


APPLIES = {QuestionSet: _question_set, FirstTimersRoundSet: _first_timers_round_set,
           QuestionTranslated: _question_translated}
