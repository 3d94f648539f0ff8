"""Core-team keys: named keys that open the follow-up (recommendations, their status, the newsletter, the
year's view, the exports) but never the live floor.

A key is shown once, when it is made; only its SHA-256 hash is stored (a key is 24 random bytes, so a
plain hash is as strong as a slow one would be). Every check reads the table, so a revoked key is
refused at once, by every process. A browser exchanges the key once for a signed session naming the
key's id and the start of its hash, checked against the table on every request. Who made a change is
recorded by the key's id and name, never by the key.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Callable

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .core import N_, Refused
from .core.rules import CONTROL
from .database import TeamKeyRow

MAX_NAME = 80
SESSION_S = 30 * 86400


@dataclass(frozen=True)
class Actor:
    """Who sends a request: the moderator, or a core-team member by the id and name of their key."""
    role: str  # "moderator" or "team"
    key_id: int | None = None
    name: str = ""

    def record(self) -> dict:
        """How a change names who made it (in the event log, `by`)."""
        return {"role": "moderator"} if self.role == "moderator" else \
            {"role": "team", "key": self.key_id, "name": self.name}

    def label(self) -> str:
        return "moderator" if self.role == "moderator" else f"team key {self.key_id} ({self.name})"


MODERATOR = Actor("moderator")
REVOKED = N_("This core-team key has been revoked.")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TeamKeys:
    """The table of core-team keys, and the sessions a browser holds instead of a key."""

    def __init__(self, engine: Engine, secret: str, clock: Callable[[], float] = time.time):
        self.engine, self.clock = engine, clock
        self._sessions = URLSafeTimedSerializer(secret, salt="team-session")

    def add(self, name: str, by: str) -> tuple[dict, str]:
        """A new key for `name` (unique among the keys in use); the key itself is returned only here."""
        name = CONTROL.sub("", name or "").strip()
        if not name:
            raise Refused(N_("Give the key a name: whose key is it?"))
        if len(name) > MAX_NAME:
            raise Refused(N_("The name is too long: at most %(limit)s characters."), limit=MAX_NAME)
        key = secrets.token_urlsafe(24)
        with Session(self.engine) as s, s.begin():
            if s.scalar(select(TeamKeyRow.id).where(TeamKeyRow.name == name, TeamKeyRow.revoked_at.is_(None))):
                raise Refused(N_("A key named '%(name)s' is already in use."), name=name)
            row = TeamKeyRow(name=name, key_hash=key_hash(key), created_at=self.clock(), created_by=by)
            s.add(row)
            s.flush()
            return _public(row), key

    def all(self) -> list[dict]:
        """Every key, in use or revoked, newest last (never a key or its hash)."""
        with Session(self.engine) as s:
            return [_public(row) for row in s.scalars(select(TeamKeyRow).order_by(TeamKeyRow.id))]

    def revoke(self, which: str | int, by: str) -> dict:
        """Revoke the key in use with this id or name; refused at once from then on."""
        with Session(self.engine) as s, s.begin():
            match = TeamKeyRow.id == which if isinstance(which, int) else TeamKeyRow.name == which
            row = s.scalars(select(TeamKeyRow).where(match, TeamKeyRow.revoked_at.is_(None))).first()
            if row is None:
                raise Refused(N_("There is no key in use named '%(name)s'."), name=str(which)[:MAX_NAME])
            s.execute(update(TeamKeyRow).where(TeamKeyRow.id == row.id)
                      .values(revoked_at=self.clock(), revoked_by=by))
            s.flush()
            s.refresh(row)
            return _public(row)

    def find(self, key: str) -> Actor | None:
        """The member this key belongs to; None if it is no team key; Refused if it was revoked."""
        with Session(self.engine) as s:
            row = s.execute(select(TeamKeyRow.id, TeamKeyRow.name, TeamKeyRow.revoked_at)
                            .where(TeamKeyRow.key_hash == key_hash(key))).first()
        if row is None:
            return None
        if row.revoked_at is not None:
            raise Refused(REVOKED)
        return Actor("team", row.id, row.name)

    def session(self, actor: Actor) -> str:
        """A session for the cookie: the key's id and the start of its hash, signed; never the key."""
        with Session(self.engine) as s:
            digest = s.scalar(select(TeamKeyRow.key_hash).where(TeamKeyRow.id == actor.key_id))
        return self._sessions.dumps({"k": actor.key_id, "h": digest[:16]})

    def from_session(self, value: str | None) -> Actor | None:
        """The member of a valid session whose key is still in use; else None."""
        if not value:
            return None
        try:
            data = self._sessions.loads(value, max_age=SESSION_S)
            key_id, start = int(data["k"]), str(data["h"])
        except (BadSignature, TypeError, KeyError, ValueError):
            return None
        with Session(self.engine) as s:
            row = s.execute(select(TeamKeyRow.name, TeamKeyRow.key_hash, TeamKeyRow.revoked_at)
                            .where(TeamKeyRow.id == key_id)).first()
        if row is None or row.revoked_at is not None or not hmac.compare_digest(row.key_hash[:16], start):
            return None
        return Actor("team", key_id, row.name)


def _public(row: TeamKeyRow) -> dict:
    return {"id": row.id, "name": row.name, "created_at": row.created_at, "created_by": row.created_by,
            "revoked_at": row.revoked_at, "revoked_by": row.revoked_by}
