"""The append-only event log: the only place events become rows and back.

Rows key on the event catalogue (core/events.py): an event is stored as its type, its time and its
fields, with the version of its form; rows of an older version are brought up to date on load
(core/upcast.py). Beside the log, three projections are written in the same transaction: the votes
table (core/voting.py `vote_changes`), the recommendations table (core/recommendations.py
`row_changes`), and each forum's summary, for listing forums without a replay.

The log is append-only but for one sanctioned rewrite: a SuggestionRedacted removes that suggestion's
text from the earlier rows that carry it (core/suggestions.py says which), in the same transaction;
SQLite's secure_delete zeroes the old bytes, and the write-ahead log is emptied after it.
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Callable, NamedTuple

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .core.events import LOG_VERSION, Event, FollowUp, ForumCreated
from .core.recommendations import row_changes
from .core.rules import SUGGESTIONS_PER_FORUM
from .core.suggestions import TEXT_FIELDS, redaction_of
from .core.upcast import upcast
from .core.voting import vote_changes
from .database import DeviceRow, EventRow, ForumRow, LeaseRow, RecommendationRow, VoteRow

SUMMARY = ("participants", "suggestions", "speeches")
TEXT_FIELDS_BY_TYPE = {cls.__name__: names for cls, names in TEXT_FIELDS.items()}
log = logging.getLogger(__name__)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Loaded(NamedTuple):
    """A stored forum: its id, its log, its devices (hash -> person), its request keys (-> the action's
    first event), and how many rows its log has (the seq the next one follows)."""
    forum_id: int
    events: list[Event]
    devices: dict[str, str]
    requests: dict[str, Event]
    stored: int


@dataclass
class Batched:
    """One action to commit (the fields the committer's Pending has too)."""
    forum_id: int
    first_seq: int
    events: list[Event]
    request_key: str | None = None
    device: tuple[str, str] | None = None
    summary: dict | None = None


class Store:
    """Reads and writes forums, their events, devices and votes."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.fence: Callable | None = None  # checks, in each commit's transaction, that this worker owns its forums
        self._wal_to_empty = False  # a redaction's old text may still be in SQLite's write-ahead log

    def create_forum(self, created: ForumCreated) -> None:
        with Session(self.engine) as s, s.begin():
            row = ForumRow(code=created.code, title=created.title, created_at=created.at,
                           questions=list(created.questions), participants=0, suggestions=0, speeches=0)
            s.add(row)
            s.flush()
            # The database's row id is unique across every worker: each forum numbers its suggestions
            # in a range of its own, so a suggestion id of another forum is told apart (recommendations).
            created = replace(created, suggestion_base=(row.id - 1) * SUGGESTIONS_PER_FORUM)
            s.execute(insert(EventRow), [_event_values(row.id, 1, created, None)])

    def title(self, code: str) -> str | None:
        """The forum's title, read without its log."""
        with Session(self.engine) as s:
            return s.scalar(select(ForumRow.title).where(ForumRow.code == code))

    def forum_codes(self) -> list[str]:
        with Session(self.engine) as s:
            return list(s.scalars(select(ForumRow.code).order_by(ForumRow.created_at)))

    def summaries(self) -> list[dict]:
        """Every forum's code, title, creation, questions and counts; counts are None until first kept."""
        columns = (ForumRow.code, ForumRow.title, ForumRow.created_at, ForumRow.questions) + \
            tuple(getattr(ForumRow, name) for name in SUMMARY)
        with Session(self.engine) as s:
            rows = s.execute(select(*columns).order_by(ForumRow.created_at)).all()
        return [dict(zip(("code", "title", "created_at", "questions") + SUMMARY, row)) for row in rows]

    def keep_summary(self, code: str, questions: list[str], summary: dict) -> None:
        """Write a summary computed by a replay (for a forum stored before summaries were kept)."""
        with self.engine.begin() as conn:
            conn.execute(update(ForumRow).where(ForumRow.code == code).values(questions=questions, **summary))

    def code_exists(self, code: str) -> bool:
        with Session(self.engine) as s:
            return s.scalar(select(ForumRow.id).where(ForumRow.code == code)) is not None

    def load(self, code: str) -> Loaded | None:
        """The forum and its whole log, from one read."""
        # One snapshot: SQLite's BEGIN gives one; PostgreSQL's needs REPEATABLE READ.
        snapshot = self.engine if self.engine.dialect.name == "sqlite" else \
            self.engine.execution_options(isolation_level="REPEATABLE READ")
        with Session(snapshot) as s, s.begin():
            forum_id = s.scalar(select(ForumRow.id).where(ForumRow.code == code))
            if forum_id is None:
                return None
            rows = s.execute(select(EventRow.type, EventRow.at, EventRow.data, EventRow.request_key,
                                    EventRow.version).where(EventRow.forum_id == forum_id)
                             .order_by(EventRow.seq)).all()
            devices = dict(s.execute(select(DeviceRow.token_hash, DeviceRow.person)
                                     .where(DeviceRow.forum_id == forum_id)).all())
        events, firsts = upcast([(version, {"type": t, "at": at, **data}) for t, at, data, _, version in rows])
        requests = {key: events[firsts[i]] for i, (_, _, _, key, _) in enumerate(rows) if key}
        return Loaded(forum_id, events, devices, requests, len(rows))

    def append(self, forum_id: int, first_seq: int, events: list[Event], request_key: str | None = None,
               device: tuple[str, str] | None = None) -> None:
        """Commit events (and a new device) in one transaction."""
        self.append_batch([Batched(forum_id, first_seq, events, request_key, device)])

    def append_batch(self, batch) -> None:
        """Commit several actions (with the fields of `Batched`) in one transaction, with their projections.

        Rows go in with executemany: a batch of 1,000 votes takes tens of milliseconds this way,
        against seconds through ORM objects flushed one by one.
        """
        rows, devices, vote_ops, rec_ops, summaries, redactions = [], [], [], [], {}, []
        for p in batch:
            for i, e in enumerate(p.events):
                rows.append(_event_values(p.forum_id, p.first_seq + i, e, p.request_key if i == 0 else None))
                vote_ops.extend(_vote_ops(p.forum_id, e))
                if redaction_of(e) is not None:
                    redactions.append((p.forum_id, redaction_of(e)))
                if isinstance(e, FollowUp):
                    rec_ops.extend(row_changes(e))
            if p.device:
                devices.append({"forum_id": p.forum_id, "token_hash": p.device[0], "person": p.device[1]})
            if p.summary:
                summaries[p.forum_id] = p.summary  # the latest action's summary of each forum
        with self.engine.begin() as conn:
            if self.fence:
                self.fence(conn, {p.forum_id for p in batch})
            if rows:
                conn.execute(insert(EventRow), rows)
            if devices:
                conn.execute(insert(DeviceRow), devices)
            for statement, params in _runs(vote_ops):
                conn.execute(statement, params)
            for op in rec_ops:
                conn.execute(_recommendation_statement(op))
            if summaries:
                conn.execute(_SUMMARY, [{"f": forum_id, **summary} for forum_id, summary in summaries.items()])
            for forum_id, suggestion_id in redactions:
                _redact(conn, forum_id, suggestion_id)
        if redactions or self._wal_to_empty:
            self._wal_to_empty = not empty_wal(self.engine)

    def votes(self, code: str) -> dict[int, set[str]]:
        """The votes table of a forum: suggestion -> voters."""
        with Session(self.engine) as s:
            forum_id = s.scalar(select(ForumRow.id).where(ForumRow.code == code))
            rows = s.execute(select(VoteRow.suggestion_id, VoteRow.person).where(VoteRow.forum_id == forum_id)).all()
        out: dict[int, set[str]] = {}
        for sid, person in rows:
            out.setdefault(sid, set()).add(person)
        return out

    def vote_counts(self, code: str) -> dict[int, int]:
        return {sid: len(voters) for sid, voters in self.votes(code).items()}

    def purge(self, code: str) -> bool:
        with Session(self.engine) as s, s.begin():
            forum_id = s.scalar(select(ForumRow.id).where(ForumRow.code == code))
            if forum_id is None:
                return False
            for model in (EventRow, DeviceRow, VoteRow, LeaseRow, RecommendationRow):
                s.execute(delete(model).where(model.forum_id == forum_id))
            s.execute(delete(ForumRow).where(ForumRow.id == forum_id))
            return True


    def reserve_recommendation(self, forum_id: int) -> int:
        """A recommendation id no forum has, held for `forum_id` until its first event fills the row."""
        for _ in range(20):
            try:
                with self.engine.begin() as conn:
                    rid = conn.execute(select(func.coalesce(func.max(RecommendationRow.id), 0) + 1)).scalar_one()
                    conn.execute(insert(RecommendationRow).values(id=rid, forum_id=forum_id))
                return rid
            except IntegrityError:  # another writer took it at the same moment
                continue
        raise RuntimeError("no recommendation id could be reserved")

    def release_recommendation(self, rid: int) -> None:
        """Give back a reserved id whose recommendation was refused or not saved."""
        with self.engine.begin() as conn:
            conn.execute(delete(RecommendationRow).where(RecommendationRow.id == rid, RecommendationRow.status.is_(None)))

    def recommendation_forum(self, rid: int) -> str | None:
        """The code of the forum a recommendation belongs to."""
        with Session(self.engine) as s:
            return s.scalar(select(ForumRow.code).join(RecommendationRow, RecommendationRow.forum_id == ForumRow.id)
                            .where(RecommendationRow.id == rid, RecommendationRow.status.is_not(None)))

    def recommendation_rows(self) -> list[dict]:
        """Every recommendation of every forum, as the projection has it, with its forum's code, title and date."""
        columns = (RecommendationRow.id, ForumRow.code, ForumRow.title, ForumRow.created_at, ForumRow.questions,
                   RecommendationRow.question, RecommendationRow.title, RecommendationRow.scope,
                   RecommendationRow.status, RecommendationRow.status_at, RecommendationRow.status_date,
                   RecommendationRow.department, RecommendationRow.official, RecommendationRow.created_at)
        names = ("id", "forum", "forum_title", "forum_created_at", "questions", "question", "title", "scope",
                 "status", "status_at", "status_date", "department", "official", "created_at")
        with Session(self.engine) as s:
            rows = s.execute(select(*columns).join(ForumRow, RecommendationRow.forum_id == ForumRow.id)
                             .where(RecommendationRow.status.is_not(None)).order_by(RecommendationRow.id)).all()
        return [dict(zip(names, row)) for row in rows]

    def events_count(self, code: str) -> int:
        """How many events the forum's log holds (a cheap test of whether it changed)."""
        with Session(self.engine) as s:
            return s.scalar(select(func.count(EventRow.id)).join(ForumRow, EventRow.forum_id == ForumRow.id)
                            .where(ForumRow.code == code)) or 0


def _redact(conn, forum_id: int, suggestion_id: int) -> None:
    """Remove the suggestion's text from every stored event that carries it (whatever its log version)."""
    rows = conn.execute(select(EventRow.id, EventRow.type, EventRow.data).where(
        EventRow.forum_id == forum_id, EventRow.type.in_(list(TEXT_FIELDS_BY_TYPE)))).all()
    for row_id, kind, data in rows:
        names = TEXT_FIELDS_BY_TYPE[kind]
        if data.get("suggestion_id") == suggestion_id and any(data.get(n) for n in names):
            conn.execute(update(EventRow).where(EventRow.id == row_id).values(data={**data, **dict.fromkeys(names, "")}))


def empty_wal(engine: Engine, wait_ms: int = 1000) -> bool:
    """Copy SQLite's write-ahead log into the database and truncate it, so no old page image (a
    redacted text) stays in it; False if a reader kept it busy (tried again after the next commit)."""
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return True  # not SQLite, or a transaction the caller holds (the importer's): nothing to empty here
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            log.warning("the write-ahead log could not be emptied now (a reader holds it); trying after the next save")
        return not busy
    except sqlite3.Error as error:
        log.warning("the write-ahead log could not be emptied now: %s", error)
        return False
    finally:
        raw.invalidate()  # its busy timeout was changed: it is not handed out again


def _event_values(forum_id: int, seq: int, e: Event, request_key: str | None) -> dict:
    data = e.to_dict()
    del data["type"], data["at"]
    return {"forum_id": forum_id, "seq": seq, "type": e.type, "at": e.at, "data": data,
            "request_key": request_key, "version": LOG_VERSION}


_FORUMS = ForumRow.__table__
_SUMMARY = update(_FORUMS).where(_FORUMS.c.id == bindparam("f")) \
    .values(**{name: bindparam(name) for name in SUMMARY})
_VOTES = VoteRow.__table__
_ROW = (_VOTES.c.forum_id == bindparam("f"), _VOTES.c.suggestion_id == bindparam("s"))
_SQL = {"add": insert(_VOTES).values(forum_id=bindparam("f"), suggestion_id=bindparam("s"),
                                     person=bindparam("p")),
        "drop": delete(_VOTES).where(*_ROW, _VOTES.c.person == bindparam("p")),
        "move": update(_VOTES).where(*_ROW).values(suggestion_id=bindparam("into"))}


def _vote_ops(forum_id: int, e: Event) -> list[tuple]:
    """The event's changes to the votes table (core/voting.py says which), as (statement, parameters)."""
    ops = []
    for kind, suggestion, other in vote_changes(e):
        params = {"f": forum_id, "s": suggestion, ("into" if kind == "move" else "p"): other}
        ops.append((_SQL[kind], params))
    return ops


def _runs(ops: list[tuple]):
    """Consecutive changes of the same statement, grouped for executemany; the order is kept."""
    for _, group in groupby(ops, key=lambda op: id(op[0])):
        group = list(group)
        yield group[0][0], [params for _, params in group]


def _recommendation_statement(op: tuple):
    """An op of core/recommendations.py `row_changes` as a statement on the recommendations table."""
    if op[0] == "drop":
        return delete(RecommendationRow).where(RecommendationRow.id == op[1])
    return update(RecommendationRow).where(RecommendationRow.id == op[1]).values(**op[2])
