"""The database: its tables, the engine with SQLite's settings, and the upgrade of older files."""
from __future__ import annotations

import json
from collections import deque
from functools import partial

from sqlalchemy import (JSON, Float, ForeignKey, Integer, String, UniqueConstraint, create_engine, event,
                        inspect, text)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import NullPool


class Base(DeclarativeBase):
    pass


class ForumRow(Base):
    """A forum, and a summary of it kept with every commit (a projection of its log, for the list of forums)."""
    __tablename__ = "forums"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[float] = mapped_column(Float)
    questions: Mapped[list | None] = mapped_column(JSON, nullable=True)
    participants: Mapped[int | None] = mapped_column(Integer, nullable=True)
    suggestions: Mapped[int | None] = mapped_column(Integer, nullable=True)
    speeches: Mapped[int | None] = mapped_column(Integer, nullable=True)


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
    version: Mapped[int] = mapped_column(Integer, server_default="1")  # of the event's form (core/upcast.py)


class DeviceRow(Base):
    """Which pseudonymous person a phone is; only a hash of the phone's token is kept."""
    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("forum_id", "token_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    person: Mapped[str] = mapped_column(String(16))


class VoteRow(Base):
    """One vote per person per suggestion, enforced by the database too.

    A projection of the log (core/voting.py `vote_changes`), written in the same transaction as the
    events; a test checks it always equals the replay.
    """
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("forum_id", "suggestion_id", "person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    suggestion_id: Mapped[int] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(16))


class RecommendationRow(Base):
    """A recommendation's id, unique across forums, and its current status: a projection of its forum's log
    (core/recommendations.py `row_changes`), for the follow-up list of every forum without a replay.

    The row is reserved (forum only) before the recommendation's first event is decided, which fills it.
    """
    __tablename__ = "recommendations"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    question: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[str | None] = mapped_column(String(400), nullable=True)
    scope: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    status_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    status_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    department: Mapped[str | None] = mapped_column(String(400), nullable=True)
    official: Mapped[str | None] = mapped_column(String(400), nullable=True)
    created_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class TeamKeyRow(Base):
    """A core-team member's key: its name and a hash of it, never the key itself (team_keys.py)."""
    __tablename__ = "team_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(120))
    revoked_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(120), nullable=True)


class PlannedForumRow(Base):
    """A forum the core team plans, for the newsletter's "next forums"; not a forum yet."""
    __tablename__ = "planned_forums"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(400))
    place: Mapped[str] = mapped_column(String(400))
    translations: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[float] = mapped_column(Float)
    created_by: Mapped[dict] = mapped_column(JSON)


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    """An engine; SQLite gets a busy timeout, WAL, full sync, foreign keys and secure delete on every connection."""
    # The group commit may run in another thread (eventlet's tpool); one commit runs at a time.
    connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
    engine = create_engine(url, json_serializer=lambda v: json.dumps(v, ensure_ascii=False),
                           connect_args=connect_args, poolclass=IdlePool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_timeout_ms))
        # pysqlite opens no transaction for reads; BEGIN ourselves so one Session reads one snapshot.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    Base.metadata.create_all(engine)
    _upgrade(engine)
    return engine


# Columns added since the first release: a database file written by an older version gets them.
ADDED = {"forums": {"questions": "JSON", "participants": "INTEGER", "suggestions": "INTEGER",
                    "speeches": "INTEGER"},
         "events": {"version": "INTEGER NOT NULL DEFAULT 1"}}


def _upgrade(engine: Engine) -> None:
    have = {table: {c["name"] for c in inspect(engine).get_columns(table)} for table in ADDED}
    with engine.begin() as conn:
        for table, columns in ADDED.items():
            for name, kind in columns.items():
                if name not in have[table]:
                    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


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
    # secure_delete: a deleted row's bytes (a redacted text, a withdrawn vote, a purged forum) are zeroed.
    for pragma in (f"busy_timeout={int(busy_timeout_ms)}", "journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "secure_delete=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    dbapi_connection.isolation_level = None  # transactions are begun by the "begin" listener


