"""A process of light phones (bench/wire.py), driven by bench/compare.py over stdin/stdout in JSON lines.

Each command names the phones' global indices; the process answers each command with one JSON line.
During a scenario the phones only send, stamp arrivals and keep pushes raw; the pushes are decoded
afterwards, when `settle` or `first` asks when each screen held a state, and merged by the pages' own
merge (static/js/lib/state.js, through bench/screens.mjs in Node).
"""
from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from wire import Wire, decode_push  # noqa: E402

ACK_TIMEOUT_S = 120.0
SCREENS = Path(__file__).resolve().parent / "screens.mjs"
KEPT = {"full", "suggestions", "suggestions_removed", "tallies", "speaker", "me", "server_time"}


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def reduced(state: dict) -> dict:
    """Only what the scenarios check: tallies, the speaker, the phone's own votes (cheap to merge)."""
    out = {k: v for k, v in state.items() if k in KEPT}
    if "suggestions" in out:
        out["suggestions"] = [{"id": s["id"], "votes": s.get("votes")} for s in out["suggestions"]]
    if out.get("speaker"):
        out["speaker"] = {"entry_id": out["speaker"]["entry_id"]}
    if "me" in out:
        out["me"] = {"my_votes": out["me"].get("my_votes", [])}
    return out


class Phone:
    __slots__ = ("index", "wire", "token", "snapshot", "snapshot_at", "vote")

    def __init__(self, index: int):
        self.index, self.wire, self.token, self.vote = index, None, None, None
        self.snapshot, self.snapshot_at = None, 0.0


class Phones:
    def __init__(self, host: str, port: int, code: str, deflate: bool):
        self.host, self.port, self.code, self.deflate = host, port, code, deflate
        self.phones: dict[int, Phone] = {}
        self.last_push = time.monotonic()

    def _pushed(self, at: float) -> None:
        self.last_push = at

    async def _join(self, phone: Phone, at: float, dropping: bool) -> tuple[float, float] | str:
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        start = time.monotonic()
        if dropping and phone.wire:
            phone.wire.abort()
        try:
            phone.wire = await Wire.open(self.host, self.port, self.deflate, self._pushed)
            data = {"code": self.code, "role": "participant", "lang": "en"}
            if phone.token:
                data["token"] = phone.token
            done, raw = await asyncio.wait_for(phone.wire.emit("join", data), ACK_TIMEOUT_S)
        except Exception as error:  # counted and reported, never hidden
            return f"{type(error).__name__}: {error}"[:160]
        ack = json.loads(raw)[0]
        if not ack.get("ok"):
            return f"refused: {ack.get('error')}"[:160]
        phone.token = ack.get("token", phone.token)
        phone.snapshot, phone.snapshot_at = reduced(ack["state"]), done
        return start, done

    async def join(self, indices: list[int], n: int, start: float, window: float, dropping: bool = False) -> dict:
        """Each phone connects and joins (again, with its token, after dropping its connection)."""
        for i in indices:
            self.phones.setdefault(i, Phone(i))
        results = await asyncio.gather(*(self._join(self.phones[i], start + window * i / n, dropping)
                                         for i in indices))
        done = [r for r in results if isinstance(r, tuple)]
        return {"latencies": [d - s for s, d in done], "last": max((d for _, d in done), default=None),
                "errors": [r for r in results if isinstance(r, str)]}

    async def _vote(self, phone: Phone, at: float, suggestion: int) -> tuple[float, float] | str:
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        sent = time.monotonic()
        try:
            done, raw = await asyncio.wait_for(phone.wire.emit("vote", {"suggestion_id": suggestion}), ACK_TIMEOUT_S)
        except Exception as error:
            return f"{type(error).__name__}: {error}"[:160]
        ack = json.loads(raw)[0]
        if not ack.get("ok"):
            return f"refused: {ack.get('error')}"[:160]
        phone.vote = suggestion
        return sent, done

    async def vote(self, indices: list[int], n: int, start: float, window: float, ids: list[int]) -> dict:
        """Each phone votes once, at its moment in the window, for ids[index % len(ids)]."""
        ready = [i for i in indices if i in self.phones and self.phones[i].snapshot is not None]
        results = await asyncio.gather(*(self._vote(self.phones[i], start + window * i / n, ids[i % len(ids)])
                                         for i in ready))
        counts: dict[int, int] = {}
        for i, r in zip(ready, results):
            if isinstance(r, tuple):
                counts[ids[i % len(ids)]] = counts.get(ids[i % len(ids)], 0) + 1
        done = [r for r in results if isinstance(r, tuple)]
        return {"latencies": [d - s for s, d in done], "last": max((d for _, d in done), default=None),
                "errors": [r for r in results if isinstance(r, str)], "sent": len(ready), "acked": counts}

    async def quiet(self, seconds: float, after: float, limit: float) -> dict:
        """Answer once no push has arrived for `seconds`, counted from `after` at the earliest (or after `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and time.monotonic() - max(self.last_push, after) < seconds:
            await asyncio.sleep(0.05)
        return {"last_push": self.last_push}

    def ask_screens(self, query: dict) -> dict:
        """Run `query` (see bench/screens.mjs) over every joined phone's snapshot and pushes."""
        pushes, index, screens = [], {}, []
        for phone in self.phones.values():
            if phone.snapshot is None:
                continue
            seq = []
            for at, raw in phone.wire.pushes:
                if raw not in index:
                    event, payload = decode_push(raw)
                    index[raw] = len(pushes) if event == "state" else None
                    if event == "state":
                        pushes.append(reduced(payload))
                if index[raw] is not None:
                    seq.append([at, index[raw]])
            screens.append({"snapshot": phone.snapshot, "at": phone.snapshot_at, "seq": seq, "vote": phone.vote})
        if not screens:
            return {"times": [] if query["kind"] == "settle" else [[] for _ in query["rounds"]]}
        out = subprocess.run(["node", str(SCREENS)], input=json.dumps({"pushes": pushes, "screens": screens,
                                                                       "query": query}),
                             capture_output=True, text=True, check=True, timeout=600)
        return json.loads(out.stdout)

    def settle(self, expect: dict, own_vote: bool) -> dict:
        """When each phone's screen came to show `expect`'s tallies for good (and its own vote); None: never."""
        return self.ask_screens({"kind": "settle", "tallies": expect, "own_vote": own_vote})

    def first(self, rounds: list[list]) -> dict:
        """For each round (entry_id, since): when each phone's screen first showed that speaker; None: never."""
        return self.ask_screens({"kind": "first", "rounds": rounds})

    def dropped(self) -> int:
        return sum(1 for p in self.phones.values() if p.wire is not None and p.wire.lost)

    def close(self) -> None:
        for phone in self.phones.values():
            if phone.wire:
                phone.wire.close()


async def serve(phones: Phones) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2 ** 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        command = json.loads(line)
        cmd = command.pop("cmd")
        if cmd == "quit":
            phones.close()
            await asyncio.sleep(0.2)
            say({"bye": True})
            break
        if cmd in ("join", "vote", "quiet"):
            result = await getattr(phones, cmd)(**command)
        else:
            result = getattr(phones, cmd)(**command)
        result["dropped"] = phones.dropped()
        say(result)


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    raise_fd_limit()
    host, port, code, deflate = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "deflate"
    asyncio.run(serve(Phones(host, port, code, deflate)))


if __name__ == "__main__":
    main()
