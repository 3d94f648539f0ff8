"""Forums the core team plans (a day, a title, a place), for the newsletter's "next forums"; not forums yet."""
from __future__ import annotations

import time
from typing import Callable

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .core import N_, Refused
from .core.recommendations import check_date
from .core.rules import CONTROL, clean_lang
from .database import PlannedForumRow

MAX_TEXT = 200


class PlannedForums:
    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time):
        self.engine, self.clock = engine, clock

    def add(self, day: str, title: str, place: str, by: dict) -> dict:
        day = check_date(_text(day, N_("Give the day of the forum (YYYY-MM-DD).")))
        title = _text(title, N_("Give the planned forum a title."))
        with Session(self.engine) as s, s.begin():
            row = PlannedForumRow(day=day, title=title, place=_text(place), translations={},
                                  created_at=self.clock(), created_by=by)
            s.add(row)
            s.flush()
            return _public(row)

    def all(self) -> list[dict]:
        with Session(self.engine) as s:
            return [_public(row) for row in s.scalars(select(PlannedForumRow)
                                                      .order_by(PlannedForumRow.day, PlannedForumRow.id))]

    def after(self, day: str) -> list[dict]:
        """The forums planned on `day` or later."""
        return [p for p in self.all() if p["day"] >= day]

    def translate(self, planned_id: int, lang: str, text: str) -> dict:
        """The planned forum's title in another language (an empty text removes it)."""
        lang = clean_lang(lang)
        if not lang:
            raise Refused(N_("Say which language the translation is in."))
        text = _text(text)
        with Session(self.engine) as s, s.begin():
            row = self._row(s, planned_id)
            translations = dict(row.translations or {})
            if text:
                translations[lang] = text
            else:
                translations.pop(lang, None)
            s.execute(update(PlannedForumRow).where(PlannedForumRow.id == row.id).values(translations=translations))
            s.flush()
            s.refresh(row)
            return _public(row)

    def remove(self, planned_id: int) -> None:
        with Session(self.engine) as s, s.begin():
            self._row(s, planned_id)
            s.execute(delete(PlannedForumRow).where(PlannedForumRow.id == planned_id))

    @staticmethod
    def _row(s: Session, planned_id: int) -> PlannedForumRow:
        row = s.get(PlannedForumRow, planned_id)
        if row is None:
            raise Refused(N_("There is no planned forum %(id)s."), id=planned_id)
        return row


def _text(value: str, empty: str | None = None) -> str:
    text = CONTROL.sub("", value or "").strip()
    if not text and empty:
        raise Refused(empty)
    if len(text) > MAX_TEXT:
        raise Refused(N_("The text is too long: at most %(limit)s characters."), limit=MAX_TEXT)
    return text


def _public(row: PlannedForumRow) -> dict:
    return {"id": row.id, "day": row.day, "title": row.title, "place": row.place,
            "translations": dict(row.translations or {}), "created_at": row.created_at,
            "created_by": row.created_by}
