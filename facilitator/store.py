"""SQLAlchemy models and the append-only event log: the only place events become rows and back."""
from __future__ import annotations

import hashlib
import json
from collections import deque
from functools import partial
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import (JSON, Float, ForeignKey, Integer, String, UniqueConstraint, bindparam, create_engine,
                        delete, event, insert, select, update)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import NullPool


class Base(DeclarativeBase):
    pass


class ForumRow(Base):
    __tablename__ = "forums"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[float] = mapped_column(Float)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("forum_id", "seq"), UniqueConstraint("forum_id", "request_key"))
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[float] = mapped_column(Float)
    data: Mapped[dict] = mapped_column(JSON)
    request_key: Mapped[str | None] = mapped_column(String(120), nullable=True)


class DeviceRow(Base):
    """Which pseudonymous person a phone is; only a hash of the phone's token is kept."""
    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("forum_id", "token_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    person: Mapped[str] = mapped_column(String(16))


class VoteRow(Base):
    """One vote per person per suggestion, enforced by the database too."""
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("forum_id", "suggestion_id", "person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    suggestion_id: Mapped[int] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(16))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    """An engine; SQLite gets a busy timeout, WAL, full sync and foreign keys on every connection."""
    # The group commit may run in another thread (eventlet's tpool); one commit runs at a time.
    connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
    engine = create_engine(url, json_serializer=lambda v: json.dumps(v, ensure_ascii=False),
                           connect_args=connect_args, poolclass=IdlePool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_timeout_ms))
        # pysqlite opens no transaction for reads; BEGIN ourselves so one Session reads one snapshot.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    Base.metadata.create_all(engine)
    return engine


class IdlePool(NullPool):
    """Idle connections kept for reuse in a deque, which needs no lock.

    Database work runs in worker threads (eventlet's tpool); a pool guarded by a lock that eventlet
    has made green would switch greenlets from a thread that has none when two threads meet on it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._idle: deque = deque()

    def status(self) -> str:
        return f"IdlePool, {len(self._idle)} idle"

    def _do_return_conn(self, record) -> None:
        self._idle.append(record)

    def _do_get(self):
        try:
            return self._idle.pop()
        except IndexError:
            return self._create_connection()

    def dispose(self) -> None:
        while self._idle:
            self._idle.pop().close()


def _sqlite_pragmas(busy_timeout_ms: int, dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in (f"busy_timeout={int(busy_timeout_ms)}", "journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    dbapi_connection.isolation_level = None  # transactions are begun by the "begin" listener


class Store:
    """Reads and writes forums, their events, devices and votes."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def create_forum(self, created: dict) -> None:
        with Session(self.engine) as s, s.begin():
            row = ForumRow(code=created["code"], title=created["title"], created_at=created["at"])
            s.add(row)
            s.flush()
            s.execute(insert(EventRow), [_event_values(row.id, 1, created, None)])

    def title(self, code: str) -> str | None:
        """The forum's title, read without its log."""
        with Session(self.engine) as s:
            return s.scalar(select(ForumRow.title).where(ForumRow.code == code))

    def forum_codes(self) -> list[str]:
        with Session(self.engine) as s:
            return list(s.scalars(select(ForumRow.code).order_by(ForumRow.created_at)))

    def code_exists(self, code: str) -> bool:
        with Session(self.engine) as s:
            return s.scalar(select(ForumRow.id).where(ForumRow.code == code)) is not None

    def load(self, code: str) -> tuple[int, list[dict], dict[str, str], dict[str, dict]] | None:
        """The forum's id, its events in order, its devices (hash -> person) and its request keys."""
        with Session(self.engine) as s:
            forum_id = s.scalar(select(ForumRow.id).where(ForumRow.code == code))
            if forum_id is None:
                return None
            rows = s.execute(select(EventRow.type, EventRow.at, EventRow.data, EventRow.request_key)
                             .where(EventRow.forum_id == forum_id).order_by(EventRow.seq)).all()
            devices = dict(s.execute(select(DeviceRow.token_hash, DeviceRow.person)
                                     .where(DeviceRow.forum_id == forum_id)).all())
        events = [{"type": t, "at": at, **data} for t, at, data, _ in rows]
        requests = {key: events[i] for i, (*_, key) in enumerate(rows) if key}
        return forum_id, events, devices, requests

    def append(self, forum_id: int, first_seq: int, events: list[dict], request_key: str | None = None,
               device: tuple[str, str] | None = None) -> None:
        """Commit events (and a new device) in one transaction; the votes table follows the votes."""
        self.append_batch([Batched(forum_id, first_seq, events, request_key, device)])

    def append_batch(self, batch) -> None:
        """Commit several actions (with the fields of `Batched`) in one transaction.

        Rows go in with executemany: a batch of 1,000 votes takes tens of milliseconds this way,
        against seconds through ORM objects flushed one by one.
        """
        rows, devices, vote_ops = [], [], []
        for p in batch:
            for i, e in enumerate(p.events):
                rows.append(_event_values(p.forum_id, p.first_seq + i, e, p.request_key if i == 0 else None))
                vote_ops.extend(_vote_ops(p.forum_id, e))
            if p.device:
                devices.append({"forum_id": p.forum_id, "token_hash": p.device[0], "person": p.device[1]})
        with self.engine.begin() as conn:
            if rows:
                conn.execute(insert(EventRow), rows)
            if devices:
                conn.execute(insert(DeviceRow), devices)
            for statement, params in _runs(vote_ops):
                conn.execute(statement, params)

    def vote_counts(self, code: str) -> dict[int, int]:
        with Session(self.engine) as s:
            forum_id = s.scalar(select(ForumRow.id).where(ForumRow.code == code))
            rows = s.execute(select(VoteRow.suggestion_id, VoteRow.person).where(VoteRow.forum_id == forum_id)).all()
        counts: dict[int, int] = {}
        for sid, _ in rows:
            counts[sid] = counts.get(sid, 0) + 1
        return counts

    def purge(self, code: str) -> bool:
        with Session(self.engine) as s, s.begin():
            forum_id = s.scalar(select(ForumRow.id).where(ForumRow.code == code))
            if forum_id is None:
                return False
            for model in (EventRow, DeviceRow, VoteRow):
                s.execute(delete(model).where(model.forum_id == forum_id))
            s.execute(delete(ForumRow).where(ForumRow.id == forum_id))
            return True


@dataclass
class Batched:
    forum_id: int
    first_seq: int
    events: list[dict]
    request_key: str | None = None
    device: tuple[str, str] | None = None


def _event_values(forum_id: int, seq: int, e: dict, request_key: str | None) -> dict:
    data = {k: v for k, v in e.items() if k not in ("type", "at")}
    return {"forum_id": forum_id, "seq": seq, "type": e["type"], "at": e["at"], "data": data,
            "request_key": request_key}


_VOTES = VoteRow.__table__
_CAST = insert(_VOTES)
_WITHDRAW = delete(_VOTES).where(_VOTES.c.forum_id == bindparam("f"), _VOTES.c.suggestion_id == bindparam("s"),
                                 _VOTES.c.person == bindparam("p"))
_MOVE = update(_VOTES).where(_VOTES.c.forum_id == bindparam("f"), _VOTES.c.suggestion_id == bindparam("s")) \
    .values(suggestion_id=bindparam("into"))


def _vote_ops(forum_id: int, e: dict) -> list[tuple]:
    """The changes to the votes table an event makes, in order, as (statement, parameters)."""
    kind = e["type"]
    if kind == "VoteCast":
        return [(_CAST, {"forum_id": forum_id, "suggestion_id": e["suggestion_id"], "person": e["person"]})]
    if kind == "VoteWithdrawn":
        return [(_WITHDRAW, {"f": forum_id, "s": e["suggestion_id"], "p": e["person"]})]
    if kind == "SuggestionsMerged":
        dropped = [(_WITHDRAW, {"f": forum_id, "s": e["suggestion_id"], "p": p}) for p in e["dropped"]]
        return dropped + [(_MOVE, {"f": forum_id, "s": e["suggestion_id"], "into": e["into"]})]
    return []


def _runs(ops: list[tuple]):
    """Consecutive changes of the same statement, grouped for executemany; the order is kept."""
    for _, group in groupby(ops, key=lambda op: id(op[0])):
        group = list(group)
        yield group[0][0], [params for _, params in group]
