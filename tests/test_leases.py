"""Forum leases (facilitator/leases.py) and a worker's forums under them, on a fake clock.

Two `Forums` on one database stand for two workers of a cluster; PostgreSQL's run of the suite
(make test) repeats these on PostgreSQL.
"""
import pytest

from conftest import FakeClock
from facilitator.committer import SaveFailed
from facilitator.core import people, queue
from facilitator.core.settings import create_forum
from facilitator.database import make_engine
from facilitator.forums import Elsewhere, Forums
from facilitator.leases import LEASE_S, LeaseLost, Leases
from facilitator.store import Store
from postgres_support import database_url


@pytest.fixture
def engine(tmp_path):
    return make_engine(database_url(tmp_path) or f"sqlite:///{tmp_path / 'db'}")


@pytest.fixture
def clock():
    return FakeClock()


def worker(engine, clock, name):
    return Forums(Store(engine), clock, leases=Leases(engine, name, clock))


def new_forum(forums) -> str:
    return forums.create(lambda code, now: create_forum(code, now, "T", ["Q"]))


def join(forums, code):
    live = forums.get(code)
    return forums.perform(live, lambda f, now: people.join_participant(f, now, ""))[0].person


def test_one_worker_serves_a_forum_the_other_is_refused_while_the_lease_lasts(engine, clock):
    a, b = worker(engine, clock, "a"), worker(engine, clock, "b")
    code = new_forum(a)
    join(a, code)
    with pytest.raises(Elsewhere):
        b.get(code, wait=False)
    assert b.view(code).state.code == code and b.held(code) is None  # a board may look, without taking it
    assert a.leases.take(code, want=False).owner == "a"


def test_a_worker_that_stops_renewing_loses_its_forums_to_the_next_one(engine, clock):
    a, b = worker(engine, clock, "a"), worker(engine, clock, "b")
    code = new_forum(a)
    person = join(a, code)
    clock.advance(LEASE_S + 0.1)  # a was killed: it renewed nothing
    live = b.get(code, wait=False)
    assert person in live.state.people
    a.keep_leases()  # a comes back to its senses: the lease is gone, so is the forum
    assert a.held(code) is None


def test_a_renewed_lease_outlives_its_first_term(engine, clock):
    a, b = worker(engine, clock, "a"), worker(engine, clock, "b")
    code = new_forum(a)
    join(a, code)
    for _ in range(5):
        clock.advance(LEASE_S / 2)
        a.keep_leases()
    with pytest.raises(Elsewhere):
        b.get(code, wait=False)


def test_a_commit_of_a_worker_that_lost_the_lease_is_refused_by_the_fence(engine, clock):
    a, b = worker(engine, clock, "a"), worker(engine, clock, "b")
    code = new_forum(a)
    person = join(a, code)
    stale = a.get(code)
    clock.advance(LEASE_S + 0.1)
    b.get(code, wait=False)  # b took it over; a does not know yet
    with pytest.raises(Exception) as refused:
        a.perform(stale, lambda f, now: queue.raise_hand(f, now, person, "ar"))
    assert "could not save" in str(refused.value) or isinstance(refused.value, (SaveFailed, Elsewhere))
    assert b.store.load(code).stored == 2  # the forum's creation and the join: nothing of a's since


def test_the_owner_hands_a_wanted_forum_over_at_its_next_renewal(engine, clock):
    a, b = worker(engine, clock, "a"), worker(engine, clock, "b")
    code = new_forum(a)
    join(a, code)
    dropped = []
    a.dropped = dropped.append
    with pytest.raises(Elsewhere):
        b.get(code, wait=False)  # nginx sends the forum to b now: b wants it
    a.keep_leases()
    assert dropped == [code] and a.held(code) is None
    assert b.get(code, wait=False).state.code == code


def test_the_fence_names_what_the_worker_does_not_hold(engine, clock):
    a = worker(engine, clock, "a")
    code = new_forum(a)
    live = a.get(code)
    with engine.begin() as conn:
        a.leases.fence(conn, {live.id})
        with pytest.raises(LeaseLost):
            Leases(engine, "b", clock).fence(conn, {live.id})


def test_a_turn_running_when_its_worker_died_resumes_paused_from_the_last_renewal(engine, clock):
    from facilitator.core import turn
    a, b = worker(engine, clock, "a"), worker(engine, clock, "b")
    code = new_forum(a)
    person = join(a, code)
    live = a.get(code)
    a.perform(live, lambda f, now: queue.raise_hand(f, now, person, "ar"))
    a.perform(live, turn.next_speaker)
    clock.advance(2)
    a.keep_leases()  # last known alive here
    died_at = clock()
    clock.advance(LEASE_S + 1)
    state = b.get(code, wait=False).state
    assert state.turn.mode == "paused"
    stored = b.store.load(code).events[-1]
    assert stored.type == "ServerRestarted" and stored.down_since == pytest.approx(died_at)
