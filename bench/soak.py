"""Soak: 300 phones reconnecting at random against the real server for an hour; memory must stay flat.

    .venv/bin/python bench/soak.py                 # one hour, 300 phones (not run in CI)
    .venv/bin/python bench/soak.py --minutes 2     # a quick try

Each phone (bench/wire.py, one asyncio websocket) joins with its token, acts every few seconds (votes
and takes them back, raises and lowers its hand, now and then a suggestion or a full state), and after
a session of 5-60 s drops its connection (a Wi-Fi loss: no goodbye) or leaves politely, then comes back
after 0.5-5 s as the same person. A moderator gives the floor every few seconds, and a board watches.
Every `--every` seconds the server's resident memory is printed with what the phones did.

At the end, the median memory of the last quarter of the run is compared with the median of the
third of the run after the warm-up (5 minutes, or the first quarter of a shorter run): it must be
within `--tolerance` (10%), or the script exits with 1. Each line also shows the server's CPU and
the phones' ack times.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from compare import cpu_seconds, pct  # noqa: E402
from phones import raise_fd_limit  # noqa: E402
from tests.e2e_support import Server  # noqa: E402
from wire import Closed, Wire  # noqa: E402

HOST = "127.0.0.1"
WARM_UP_S = 300.0  # 300 phones have cycled through a few sessions and the forum's lists have filled


@dataclass
class Tally:
    joins: int = 0
    drops: int = 0
    leaves: int = 0
    actions: int = 0
    refused: int = 0
    failed: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # seconds per action since the last report

    def error(self, kind: str) -> None:
        self.failed += 1
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def act(wire: Wire, rng: random.Random, suggestions: list[int], tally: Tally) -> None:
    """One thing a phone does: mostly votes, sometimes the hand, rarely a suggestion or a full state."""
    roll = rng.random()
    if roll < 0.45 and suggestions:
        event, data = rng.choice(["vote", "unvote"]), {"suggestion_id": rng.choice(suggestions)}
    elif roll < 0.75:
        event, data = rng.choice(["hand_raise", "hand_lower"]), ({"lang": rng.choice(["ar", "sv", "so"])} if
                                                                  rng.random() < 0.5 else {})
    elif roll < 0.80:
        event, data = "suggest", {"text": f"Idea {rng.randrange(10**6)}: more evening classes"}
    else:
        event, data = "get_state", {}
    sent = time.monotonic()
    ack = await wire.call(event, data, timeout=60)
    tally.latencies.append(time.monotonic() - sent)
    tally.actions += 1
    if not ack.get("ok"):
        tally.refused += 1
    elif event == "suggest" and len(suggestions) < 60:
        suggestions.append(ack["suggestion_id"])


async def phone(index: int, code: str, port: int, deadline: float, suggestions: list[int], tally: Tally) -> None:
    rng, token = random.Random(index), None
    await asyncio.sleep(rng.uniform(0, 5))  # the hall fills over a few seconds
    while time.monotonic() < deadline:
        wire, step = None, "connect"
        try:
            wire = await Wire.open(HOST, port, deflate=rng.random() < 0.7)
            step = "join"
            ack = await wire.call("join", {"code": code, "role": "participant", **({"token": token} if token else {})})
            if not ack.get("ok"):
                tally.error(f"join refused: {ack.get('error')}")
                await asyncio.sleep(2)
                continue
            token, tally.joins, step = ack["token"], tally.joins + 1, "action"
            session_end = min(deadline, time.monotonic() + rng.uniform(5, 60))
            while time.monotonic() < session_end:
                await asyncio.sleep(rng.uniform(1, 5))
                await act(wire, rng, suggestions, tally)
                wire.pushes.clear()  # this client keeps no history (the server is what is measured)
            if rng.random() < 0.5:
                wire.abort()
                tally.drops += 1
            else:
                wire.close()
                tally.leaves += 1
        except (Closed, ConnectionError, OSError, asyncio.TimeoutError) as error:
            tally.error(f"{step}: {type(error).__name__}")
            if wire:
                wire.abort()
        await asyncio.sleep(rng.uniform(0.5, 5))


async def moderator(code: str, port: int, key: str, deadline: float, tally: Tally) -> None:
    wire = await Wire.open(HOST, port, deflate=False)
    assert (await wire.call("join", {"code": code, "role": "moderator", "key": key}))["ok"]
    board = await Wire.open(HOST, port, deflate=False)
    assert (await board.call("join", {"code": code, "role": "board"}))["ok"]
    while time.monotonic() < deadline:
        await asyncio.sleep(4)
        try:
            await wire.call("next_speaker", {}, timeout=60)
        except (Closed, asyncio.TimeoutError) as error:
            tally.error(f"moderator: {type(error).__name__}")
        wire.pushes.clear()
        board.pushes.clear()
    wire.close()
    board.close()


async def report(server: Server, deadline: float, every: float, tally: Tally, samples: list[tuple[float, int]]):
    started = last_at = time.monotonic()
    last_cpu = cpu_seconds(server.proc.pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(min(every, max(0.0, deadline - time.monotonic())))
        now, rss, cpu = time.monotonic(), server.rss_kb(), cpu_seconds(server.proc.pid)
        samples.append((now - started, rss))
        busy = (cpu - last_cpu) / max(1e-9, now - last_at)
        latencies, tally.latencies = tally.latencies, []
        p50, p95 = (pct(latencies, q) for q in (0.5, 0.95))
        print(f"{(now - started) / 60:6.1f} min  server {rss / 1024:7.1f} MB  cpu {busy * 100:4.0f}%  "
              f"ack p50/p95 {_ms(p50)}/{_ms(p95)} ms  joins {tally.joins:6d}  drops {tally.drops:5d}  "
              f"leaves {tally.leaves:5d}  actions {tally.actions:7d} (refused {tally.refused})  failed {tally.failed}",
              flush=True)
        last_at, last_cpu = now, cpu


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def verdict(samples: list[tuple[float, int]], total_s: float, tolerance: float) -> bool:
    """The last quarter's median memory against the median of the time after the warm-up's end."""
    warm = min(WARM_UP_S, total_s / 4)
    settled = [kb for t, kb in samples if warm <= t < warm + (total_s - warm) / 3]
    last = [kb for t, kb in samples if t >= total_s * 3 / 4]
    if not settled or not last:
        print("Too few samples to judge; run longer or sample more often (--every).")
        return False
    before, after = statistics.median(settled), statistics.median(last)
    growth = after / before - 1
    print(f"\nMemory: {before / 1024:.1f} MB from {warm / 60:.1f} min on, {after / 1024:.1f} MB in the last quarter: "
          f"{growth * 100:+.1f}% (allowed: {tolerance * 100:.0f}%).")
    if total_s < 2 * WARM_UP_S:
        print(f"(A run under {2 * WARM_UP_S / 60:.0f} minutes is mostly the warm-up, when the server's pools and "
              "the forum fill: take its verdict as a try-out; the hour-long run is the measure.)")
    return growth <= tolerance


async def soak(args) -> bool:
    raise_fd_limit()
    data_dir = Path(tempfile.mkdtemp(prefix="soak-"))
    script = Path(args.app) / "run.py" if args.app else None
    server = Server(data_dir, async_mode=args.async_mode, script=script).start()
    tally, samples, suggestions = Tally(), [], []
    try:
        code = server.create_forum(title="Soak", questions=["What works?", "What should change?"])
        total_s = args.minutes * 60
        deadline = time.monotonic() + total_s
        print(f"{args.phones} phones against {server.url} ({args.async_mode or 'eventlet'}) for {args.minutes:g} min; "
              f"data in {data_dir}", flush=True)
        tasks = [phone(i, code, server.port, deadline, suggestions, tally) for i in range(args.phones)]
        tasks += [moderator(code, server.port, server.key, deadline, tally),
                  report(server, deadline, args.every, tally, samples)]
        await asyncio.gather(*tasks)
        print(f"Errors: {tally.errors or 'none'}")
        return verdict(samples, total_s, args.tolerance)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--every", type=float, default=None, help="seconds between memory samples")
    parser.add_argument("--tolerance", type=float, default=0.10)
    parser.add_argument("--async-mode", choices=("eventlet", "gevent", "threading"), default=None)
    parser.add_argument("--app", default=None, help="soak another checkout of the app (its folder) instead")
    args = parser.parse_args()
    args.every = args.every or max(5.0, args.minutes * 60 / 60)
    sys.exit(0 if asyncio.run(soak(args)) else 1)


if __name__ == "__main__":
    main()
