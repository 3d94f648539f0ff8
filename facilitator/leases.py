"""Forum ownership in a cluster: a lease in the database, held by one worker at a time.

A worker serves a forum's live state only while it holds the forum's lease. It renews its leases
every few seconds; a lease that is not renewed (the worker was killed) expires, and the next worker
nginx sends the forum's phones to takes it over by replaying the forum's log. Every commit checks,
in its own transaction, that the worker still holds the lease of each forum it writes (`fence`): a
worker that lost a lease can never write behind the new owner's back. A worker that wants a forum
its owner still holds (nginx now routes the forum to it, e.g. after the owner came back) marks the
lease `wanted`; the owner hands it over at its next renewal.

The workers share one machine, so they share its clock: leases are in its epoch seconds.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from sqlalchemy import and_, select, update
from sqlalchemy.engine import Connection, Engine

from .database import ForumRow, LeaseRow

LEASE_S = 6.0  # how long a lease lasts without renewal: a killed worker's forums move after this
RENEW_S = 1.5  # how often the owner renews


class LeaseLost(Exception):
    """This worker does not (or no longer) hold the lease of a forum it tried to write."""


class Taken(NamedTuple):
    """The outcome of asking for a forum's lease."""
    ok: bool
    owner: str  # who holds it now
    last_alive: float | None  # when the previous owner was last known alive (a takeover's downtime)


class Leases:
    """One worker's side of the leases table."""

    def __init__(self, engine: Engine, owner: str, clock: Callable[[], float], lease_s: float = LEASE_S):
        self.engine, self.owner, self.clock, self.lease_s = engine, owner, clock, lease_s

    def take(self, code: str, want: bool = True) -> Taken | None:
        """Take the lease of forum `code` if it is free, expired or already this worker's; None: no such forum.

        Refused, a worker that `want`s the forum (nginx sends its phones here) marks the lease wanted,
        so that its owner hands it over.
        """
        now = self.clock()
        with self.engine.begin() as conn:
            forum_id = conn.scalar(select(ForumRow.id).where(ForumRow.code == code))
            if forum_id is None:
                return None
            row = conn.execute(select(LeaseRow.owner, LeaseRow.expires_at, LeaseRow.renewed_at)
                               .where(LeaseRow.forum_id == forum_id).with_for_update()).first()
            if row is None:
                conn.execute(LeaseRow.__table__.insert().values(
                    forum_id=forum_id, owner=self.owner, expires_at=now + self.lease_s, renewed_at=now))
                return Taken(True, self.owner, None)
            owner, expires_at, renewed_at = row
            if owner == self.owner or expires_at < now:
                conn.execute(update(LeaseRow).where(LeaseRow.forum_id == forum_id).values(
                    owner=self.owner, expires_at=now + self.lease_s, renewed_at=now, wanted=None))
                return Taken(True, self.owner, None if owner == self.owner else renewed_at)
            if want:
                conn.execute(update(LeaseRow).where(LeaseRow.forum_id == forum_id).values(wanted=self.owner))
            return Taken(False, owner, renewed_at)

    def renew(self, forum_ids: list[int]) -> tuple[set[int], set[int]]:
        """Renew this worker's leases of `forum_ids`: (those lost, those another worker wants)."""
        if not forum_ids:
            return set(), set()
        now = self.clock()
        mine = and_(LeaseRow.owner == self.owner, LeaseRow.forum_id.in_(forum_ids), LeaseRow.expires_at >= now)
        with self.engine.begin() as conn:
            conn.execute(update(LeaseRow).where(mine).values(expires_at=now + self.lease_s, renewed_at=now))
            held = dict(conn.execute(select(LeaseRow.forum_id, LeaseRow.wanted).where(
                LeaseRow.owner == self.owner, LeaseRow.forum_id.in_(forum_ids))).all())
        lost = {i for i in forum_ids if i not in held}
        wanted = {i for i, by in held.items() if by and by != self.owner}
        return lost, wanted

    def release(self, forum_ids: list[int]) -> None:
        """Give up these leases at once (a handover or a clean stop): the next worker need not wait."""
        if forum_ids:
            with self.engine.begin() as conn:
                conn.execute(update(LeaseRow).where(LeaseRow.owner == self.owner, LeaseRow.forum_id.in_(forum_ids))
                             .values(expires_at=0.0, wanted=None))

    def fence(self, conn: Connection, forum_ids: set[int]) -> None:
        """In a commit's transaction: refuse it unless this worker still holds every one of these leases.

        Still its owner is enough, expired or not: the rows stay locked until the commit ends, and a worker
        taking the lease over waits for that, then reads the log with this commit in it.
        """
        rows = conn.execute(select(LeaseRow.forum_id).where(LeaseRow.forum_id.in_(forum_ids),
                                                           LeaseRow.owner == self.owner).with_for_update()).all()
        if len(rows) < len(forum_ids):
            raise LeaseLost(f"worker {self.owner} no longer holds the lease of forum(s) "
                            f"{sorted(set(forum_ids) - {r[0] for r in rows})}")
