"""The cluster under a city's evening: many forums at once, their phones voting in one burst.

    .venv/bin/python bench/cluster.py [--forums 10] [--phones 300] [--workers 2] [--join-window 60]
                                      [--vote-window 1] [--json FILE]

Starts a cluster of its own (scripts/cluster.sh: PostgreSQL, Redis, nginx, N workers; a temporary
CLUSTER_DIR, free ports), creates the forums through nginx, seats one board per forum and joins each
forum's phones through nginx (`?forum=CODE`, as the pages do), spread over the join window. Then every
phone votes once, all forums together, spread over the vote window, and the script prints:

- acks: how many votes were acknowledged, refused, or unanswered; ack latency p50/p99/max;
- lost: acknowledged votes missing from the forum's stored tallies afterwards (must be 0);
- convergence: when every phone's and board's screen (its join snapshot with every later push applied:
  `suggestions` then `tallies`, by id, as static/js/lib/state.js does for these parts) shows its forum's
  final tallies, counted from the start of the burst, and how many never did within 30 s;
- which worker serves which forum (the leases table), and each worker's CPU time and RSS.

The phones are bench/wire.py's light raw-websocket clients, all in this one process (they share the
machine with the cluster: on a 2-core machine the generator takes a good part of one core).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]
from phones import raise_fd_limit  # noqa: E402
from wire import Wire, decode_push  # noqa: E402

SETTLE_S = 30.0


def free_base() -> int:
    for _ in range(100):
        base = random.randrange(20000, 60000, 50)
        try:
            for port in [base, base + 1, base + 2] + [base + 10 + i for i in range(1, 9)]:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise SystemExit("no free ports")


def cluster(command: list[str], env: dict) -> str:
    done = subprocess.run([str(ROOT / "scripts" / "cluster.sh"), *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise SystemExit(f"cluster.sh {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def tallies_of(state: dict) -> dict[int, int]:
    return {s["id"]: s["votes"] for s in state.get("suggestions", [])}


def screen_at(snapshot: dict, pushes: list[tuple[float, str]], final: dict[int, int]) -> float | None:
    """When the screen first showed `final` (snapshot + pushes merged by id); None if it never did."""
    shown = tallies_of(snapshot)
    if shown == final:
        return 0.0
    for at, raw in pushes:
        event, data = decode_push(raw)
        if event != "state" or not isinstance(data, dict):
            continue
        if "suggestions" in data and "tallies" not in data and all(set(s) >= {"id", "text"} for s in data["suggestions"]) \
                and data.get("full"):
            shown = tallies_of(data)
        for part in ("suggestions", "tallies"):
            for s in data.get(part) or []:
                if "votes" in s:
                    shown[s["id"]] = s["votes"]
        for sid in data.get("suggestions_removed") or []:
            shown.pop(sid, None)
        if shown == final:
            return at
    return None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def proc_stats(pid: int) -> tuple[float, int]:
    """(CPU seconds, RSS KB) of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("VmRSS:"))
    return cpu, rss


async def join_all(port: int, codes: list[str], phones: int, window: float) -> list[dict]:
    """Every forum's phones, joined through nginx over `window` seconds, interleaved across forums."""
    order = [(code, i) for i in range(phones) for code in codes]
    start = time.monotonic()
    seats: list[dict] = []

    async def one(k: int, code: str) -> None:
        await asyncio.sleep(max(0.0, start + window * k / len(order) - time.monotonic()))
        for attempt in range(5):
            try:
                wire = await Wire.open("127.0.0.1", port, deflate=True, query=f"&forum={code}", timeout=30)
                ack = await wire.call("join", {"code": code, "role": "participant"}, timeout=60)
                if ack.get("ok"):
                    seats.append({"code": code, "wire": wire, "snapshot": ack["state"]})
                    return
                wire.close()
            except Exception:
                pass
            await asyncio.sleep(1 + attempt)

    await asyncio.gather(*(one(k, code) for k, (code, _) in enumerate(order)))
    return seats


async def vote_all(seats: list[dict], ids: dict[str, list[int]], window: float) -> None:
    start = time.monotonic()
    random.shuffle(seats)

    async def one(k: int, seat: dict) -> None:
        await asyncio.sleep(max(0.0, start + window * k / len(seats) - time.monotonic()))
        seat["vote"] = random.choice(ids[seat["code"]])
        sent = time.monotonic()
        try:
            at, raw = await asyncio.wait_for(seat["wire"].emit("vote", {"suggestion_id": seat["vote"]}), 60)
            ack = json.loads(raw)[0]
            seat["ack"] = ("ok" if ack.get("ok") else "refused", at - sent)
        except Exception:
            seat["ack"] = ("unanswered", None)

    await asyncio.gather(*(one(k, seat) for k, seat in enumerate(seats)))


async def run(args) -> dict:
    raise_fd_limit()
    base = free_base()
    directory = Path(tempfile.mkdtemp(prefix="facilitator-cluster-bench-"))
    env = {**os.environ, "CLUSTER_DIR": str(directory), "CLUSTER_PORT": str(base),
           "PY": str(ROOT / ".venv" / "bin" / "python")}
    env.pop("DATABASE_URL", None)
    cluster(["start", "--workers", str(args.workers)], env)
    try:
        return await measure(args, base, directory)
    finally:
        cluster(["stop"], env)
        shutil.rmtree(directory, ignore_errors=True)
        # as root, PostgreSQL's files went where `nobody` may write (scripts/cluster.sh names the place)
        digest = hashlib.md5((str(directory) + "\n").encode()).hexdigest()[:12]
        shutil.rmtree(f"/tmp/facilitator-pg-{digest}", ignore_errors=True)


async def measure(args, base: int, directory: Path) -> dict:
    url, key = f"http://127.0.0.1:{base}", (directory / "moderator_key").read_text().strip()
    codes = []
    for i in range(args.forums):
        response = requests.post(url + "/api/forums", json={"title": f"Forum {i + 1}", "questions": ["Q"],
                                                            "vote_budget": 3}, headers={"X-Moderator-Key": key},
                                 timeout=30)
        response.raise_for_status()
        codes.append(response.json()["code"])
    boards, ids = {}, {}
    for code in codes:
        board = await Wire.open("127.0.0.1", base, query=f"&forum={code}", timeout=30)
        boards[code] = {"wire": board, "snapshot": (await board.call("join", {"code": code, "role": "board"}))["state"]}
        ids[code] = []
        for i in range(3):  # three authors post a suggestion each
            author = await Wire.open("127.0.0.1", base, query=f"&forum={code}", timeout=30)
            assert (await author.call("join", {"code": code, "role": "participant"}))["ok"]
            ack = await author.call("suggest", {"text": f"Suggestion {i + 1}"})
            ids[code].append(ack["suggestion_id"])
            author.close()
    t0 = time.monotonic()
    seats = await join_all(base, codes, args.phones, args.join_window)
    joined_s = time.monotonic() - t0
    for code, board in boards.items():  # the boards' snapshots after the joins (the suggestions are in)
        board["snapshot"] = (await board["wire"].call("get_state", {}))["state"]
        board["wire"].pushes.clear()
    for seat in seats:
        seat["snapshot"] = {"suggestions": [{"id": i, "votes": 0} for i in ids[seat["code"]]]}
        seat["wire"].pushes.clear()
    pids = {p.stem: int(p.read_text()) for p in sorted(directory.glob("worker-*.pid"))}
    before = {name: proc_stats(pid) for name, pid in pids.items()}
    burst_at = time.monotonic()
    await vote_all(seats, ids, args.vote_window)
    await asyncio.sleep(SETTLE_S if args.settle is None else args.settle)
    after = {name: proc_stats(pid) for name, pid in pids.items()}

    finals = {code: tallies_of((await boards[code]["wire"].call("get_state", {}))["state"]) for code in codes}
    engine = create_engine(f"postgresql+psycopg://facilitator@127.0.0.1:{base + 2}/facilitator")
    with engine.connect() as conn:
        owners = dict(conn.execute(text("SELECT code, owner FROM leases JOIN forums ON forums.id = leases.forum_id")).all())
    engine.dispose()
    acks = [seat.get("ack", ("unanswered", None)) for seat in seats]
    latencies = [s for kind, s in acks if kind == "ok"]
    acked: dict[tuple[str, int], int] = {}
    for seat in seats:
        if seat.get("ack", ("",))[0] == "ok":
            acked[(seat["code"], seat["vote"])] = acked.get((seat["code"], seat["vote"]), 0) + 1
    lost = sum(max(0, n - finals[code].get(sid, 0)) for (code, sid), n in acked.items())
    screens = [(seat["snapshot"], seat["wire"].pushes, finals[seat["code"]]) for seat in seats] + \
        [(b["snapshot"], b["wire"].pushes, finals[code]) for code, b in boards.items()]
    converged = [screen_at(snapshot, pushes, final) for snapshot, pushes, final in screens]
    reached = [at - burst_at if at else 0.0 for at in converged if at is not None]
    for seat in seats:
        seat["wire"].close()
    for board in boards.values():
        board["wire"].close()
    per_worker = {}
    for code, owner in owners.items():
        per_worker.setdefault(owner, []).append(code)
    return {
        "forums": args.forums, "phones_per_forum": args.phones, "workers": args.workers,
        "joined": len(seats), "join_s": round(joined_s, 1),
        "votes": len(seats), "acked": len(latencies), "refused": sum(k == "refused" for k, _ in acks),
        "unanswered": sum(k == "unanswered" for k, _ in acks),
        "ack_p50_ms": round(percentile(latencies, 50) * 1000), "ack_p99_ms": round(percentile(latencies, 99) * 1000),
        "ack_max_ms": round(max(latencies, default=float("nan")) * 1000), "lost": lost,
        "screens": len(screens), "converged": len(reached), "not_converged": len(screens) - len(reached),
        "converged_p99_s": round(percentile(reached, 99), 2), "converged_max_s": round(max(reached, default=float("nan")), 2),
        "forums_per_worker": {w: len(c) for w, c in sorted(per_worker.items())},
        "burst_cpu_s": {name: round(after[name][0] - before[name][0], 2) for name in pids},
        "rss_mb": {name: round(after[name][1] / 1024) for name in pids},
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forums", type=int, default=10)
    parser.add_argument("--phones", type=int, default=300, help="per forum")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--join-window", type=float, default=60.0, help="seconds over which all phones join")
    parser.add_argument("--vote-window", type=float, default=1.0, help="seconds over which all phones vote")
    parser.add_argument("--settle", type=float, default=None, help=f"seconds to wait after the burst ({SETTLE_S:.0f})")
    parser.add_argument("--json", type=Path, help="append the figures to this file (JSON lines)")
    args = parser.parse_args()
    load = os.getloadavg()
    figures = asyncio.run(run(args))
    figures["load_average_before"] = round(load[0], 2)
    print(json.dumps(figures, indent=1))
    if args.json:
        with args.json.open("a") as out:
            out.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
