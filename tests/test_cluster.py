"""The cluster (scripts/cluster.sh): PostgreSQL, Redis, nginx and two workers on loopback.

A vote on the forum's worker reaches a board on the other one; the forum's worker killed with
SIGKILL in the middle of a burst of votes loses none that was acknowledged: the other worker takes
the forum over when the lease runs out, and the phones, joining again, find their votes.
"""
from __future__ import annotations

import glob
import hashlib
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from e2e_support import ROOT, Peer, floor_view, wait_until

pytestmark = pytest.mark.e2e
MISSING = [name for name, found in (("redis-server", shutil.which("redis-server")),
                                    ("nginx", shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
                                    ("postgresql", glob.glob("/usr/lib/postgresql/*/bin/initdb"))) if not found]
SCRIPT = ROOT / "scripts" / "cluster.sh"


def _free_base() -> int:
    """A port P with P..P+12 free (nginx, Redis, PostgreSQL, workers at P+11, P+12)."""
    for _ in range(50):
        base = random.randrange(20000, 60000, 20)
        try:
            for port in (base, base + 1, base + 2, base + 11, base + 12):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


class Cluster:
    def __init__(self, directory: Path):
        self.dir, self.port = directory, _free_base()
        self.env = {**os.environ, "CLUSTER_DIR": str(directory), "CLUSTER_PORT": str(self.port)}
        self.env.pop("DATABASE_URL", None)
        self.url = f"http://127.0.0.1:{self.port}"

    def run(self, *args: str) -> str:
        done = subprocess.run([str(SCRIPT), *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=180)
        assert done.returncode == 0, f"cluster.sh {' '.join(args)}:\n{done.stdout}\n{done.stderr}\n{self.logs()}"
        return done.stdout

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.dir.glob("worker-*.log"))

    @property
    def key(self) -> str:
        return (self.dir / "moderator_key").read_text().strip()

    def worker_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.port + 10 + number}"

    def owner(self, code: str) -> int:
        """The number of the worker holding the forum's lease."""
        engine = create_engine(f"postgresql+psycopg://facilitator@127.0.0.1:{self.port + 2}/facilitator")
        try:
            with engine.connect() as conn:
                owner = conn.execute(text("SELECT owner FROM leases JOIN forums ON forums.id = leases.forum_id "
                                          "WHERE code = :c"), {"c": code}).scalar()
        finally:
            engine.dispose()
        return int(owner.rsplit("-", 1)[1])

    def kill(self, number: int) -> None:
        os.kill(int((self.dir / f"worker-{number}.pid").read_text()), signal.SIGKILL)

    def create_forum(self) -> str:
        import requests
        response = requests.post(self.url + "/api/forums", json={"title": "Cluster", "questions": ["Q"]},
                                 headers={"X-Moderator-Key": self.key}, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()["code"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if MISSING:
        pytest.skip(f"the cluster needs {', '.join(MISSING)} (apt-get install -y redis-server postgresql nginx)")
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        c.run("start", "--workers", "2")
        yield c
    finally:
        subprocess.run([str(SCRIPT), "stop"], cwd=ROOT, env=c.env, capture_output=True, timeout=120)
        # As root, PostgreSQL's files were kept where `nobody` may write (cluster.sh says where)
        digest = hashlib.md5((str(c.dir) + "\n").encode()).hexdigest()[:12]
        shutil.rmtree(f"/tmp/facilitator-pg-{digest}", ignore_errors=True)


def phone_of(cluster: Cluster, code: str, **fields) -> Peer:
    """A phone connected through nginx, as the pages connect (?forum=CODE)."""
    phone = Peer(f"{cluster.url}?forum={code}")
    ack = phone.join(code, "participant", **fields)
    assert ack["ok"], ack
    return phone


def test_a_vote_on_the_forums_worker_reaches_a_board_on_the_other(cluster):
    code = cluster.create_forum()
    phone = phone_of(cluster, code)
    owner = cluster.owner(code)
    other = 2 if owner == 1 else 1
    board = Peer(cluster.worker_url(other))  # straight to the worker that does not serve the forum
    try:
        assert board.join(code, "board")["ok"]
        sid = phone.ok("suggest", {"text": "More interpreters", "client_id": "s1"})["suggestion_id"]
        phone.ok("vote", {"suggestion_id": sid})
        wait_until(lambda: [(s[0], s[2]) for s in floor_view(board.mirror())["suggestions"]] == [(sid, 1)],
                   10, message="the vote to reach the board on the other worker")
        assert cluster.owner(code) == owner  # the board's join did not take the forum over
    finally:
        board.close()
        phone.close()


def test_the_forums_worker_killed_mid_burst_loses_no_acknowledged_vote(cluster):
    code = cluster.create_forum()
    authors = [phone_of(cluster, code) for _ in range(3)]
    sids = [a.ok("suggest", {"text": f"Idea {i}", "client_id": "c"})["suggestion_id"] for i, a in enumerate(authors)]
    phones = [phone_of(cluster, code) for _ in range(24)]
    owner = cluster.owner(code)
    acked: dict[int, list[int]] = {i: [] for i in range(len(phones))}

    def burst(i: int) -> None:
        for sid in sids:
            try:
                ack = phones[i].call("vote", {"suggestion_id": sid}, timeout=5)
            except Exception:  # the worker died under it: no ack, no promise
                return
            if ack.get("ok"):
                acked[i].append(sid)

    threads = [threading.Thread(target=burst, args=(i,)) for i in range(len(phones))]
    for t in threads:
        t.start()
    wait_until(lambda: sum(map(len, acked.values())) >= 10, 20, interval=0.005, message="some votes acknowledged")
    cluster.kill(owner)
    for t in threads:
        t.join(15)
    tokens = [p.token for p in phones]
    for p in phones + authors:
        p.close()
    assert sum(map(len, acked.values())) >= 10

    # The phones come back through nginx; the other worker takes the forum over when the lease expires.
    again = [Peer(f"{cluster.url}?forum={code}") for _ in tokens]
    try:
        states = [wait_until(lambda p=p, t=t: _rejoined(p, code, t), 30, interval=0.5, message="a rejoin")
                  for p, t in zip(again, tokens)]
        assert cluster.owner(code) != owner
        for i, state in enumerate(states):
            assert set(acked[i]) <= set(state["me"]["my_votes"]), (i, acked[i], state["me"]["my_votes"])
        counts = {s["id"]: s["votes"] for s in states[-1]["suggestions"]}
        for sid in sids:
            assert counts[sid] >= sum(sid in votes for votes in acked.values())
    finally:
        for p in again:
            p.close()


def _rejoined(peer: Peer, code: str, token: str) -> dict | None:
    try:
        ack = peer.join(code, "participant", token=token)
    except Exception:
        return None
    return ack["state"] if ack.get("ok") else None
