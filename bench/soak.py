"""Soak: 300 phones reconnecting at random against the real server for an hour; memory must stay flat.

    .venv/bin/python bench/soak.py                 # one hour, 300 phones (not run in CI)
    .venv/bin/python bench/soak.py --minutes 2     # a quick try

Each phone (bench/wire.py, one asyncio websocket) joins with its token, acts every few seconds (votes
and takes them back, raises and lowers its hand, now and then a suggestion or a full state), and after
a session of 5-60 s drops its connection (a Wi-Fi loss: no goodbye) or leaves politely, then comes back
after 0.5-5 s as the same person. A moderator gives the floor every few seconds, and a board watches.
Every `--every` seconds the server's resident memory is printed with what the phones did.

At the end, the median memory of the last quarter of the run is compared with that of the second
quarter (after the warm-up): it must be within `--tolerance` (10%), or the script exits with 1.
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

from phones import raise_fd_limit  # noqa: E402
from tests.e2e_support import Server  # noqa: E402
from wire import Closed, Wire  # noqa: E402

HOST = "127.0.0.1"


@dataclass
class Tally:
    joins: int = 0
    drops: int = 0
    leaves: int = 0
    actions: int = 0
    refused: int = 0
    failed: int = 0
    errors: dict[str, int] = field(default_factory=dict)

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
    ack = await wire.call(event, data, timeout=60)
    tally.actions += 1
    if not ack.get("ok"):
        tally.refused += 1
    elif event == "suggest" and len(suggestions) < 60:
        suggestions.append(ack["suggestion_id"])


async def phone(index: int, code: str, port: int, deadline: float, suggestions: list[int], tally: Tally) -> None:
    rng, token = random.Random(index), None
    await asyncio.sleep(rng.uniform(0, 5))  # the hall fills over a few seconds
    while time.monotonic() < deadline:
        wire = None
        try:
            wire = await Wire.open(HOST, port, deflate=rng.random() < 0.7)
            ack = await wire.call("join", {"code": code, "role": "participant", **({"token": token} if token else {})})
            if not ack.get("ok"):
                tally.error(f"join refused: {ack.get('error')}")
                await asyncio.sleep(2)
                continue
            token, tally.joins = ack["token"], tally.joins + 1
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
            tally.error(type(error).__name__)
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
    started = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(min(every, max(0.0, deadline - time.monotonic())))
        rss = server.rss_kb()
        elapsed = time.monotonic() - started
        samples.append((elapsed, rss))
        print(f"{elapsed / 60:6.1f} min  server {rss / 1024:7.1f} MB  joins {tally.joins:6d}  drops {tally.drops:5d}  "
              f"leaves {tally.leaves:5d}  actions {tally.actions:7d} (refused {tally.refused})  failed {tally.failed}",
              flush=True)


def verdict(samples: list[tuple[float, int]], total_s: float, tolerance: float) -> bool:
    second = [kb for t, kb in samples if total_s / 4 <= t < total_s / 2]
    last = [kb for t, kb in samples if t >= total_s * 3 / 4]
    if not second or not last:
        print("Too few samples to judge; run longer or sample more often (--every).")
        return False
    before, after = statistics.median(second), statistics.median(last)
    growth = after / before - 1
    print(f"\nMemory: {before / 1024:.1f} MB in the second quarter (after the warm-up), {after / 1024:.1f} MB in "
          f"the last quarter: {growth * 100:+.1f}% (allowed: {tolerance * 100:.0f}%).")
    return growth <= tolerance


async def soak(args) -> bool:
    raise_fd_limit()
    data_dir = Path(tempfile.mkdtemp(prefix="soak-"))
    server = Server(data_dir, async_mode=args.async_mode).start()
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
    args = parser.parse_args()
    args.every = args.every or max(5.0, args.minutes * 60 / 60)
    sys.exit(0 if asyncio.run(soak(args)) else 1)


if __name__ == "__main__":
    main()
