"""Vote-burst benchmark: N phones on the real server each cast one vote at the same moment.

    .venv/bin/python bench/votes.py                       # N = 300 and 1000
    .venv/bin/python bench/votes.py --phones 300 1000 1100 --workers 4

For each N it starts `run.py` (eventlet, the production mode) on 127.0.0.1 with a fresh data dir,
creates a forum with 20 suggestions (from 20 other participants), connects N phones spread over
`--workers` processes that run them as eventlet green threads, and measures:

- the ack latency of the votes, from the common start instant (p50, p95, max);
- when the board's pushed tallies (join snapshot + partial pushes) equal the stored ones;
- how many `state` messages the board received for the burst;
- the server's RSS and CPU time;
- board latency: the moderator calls `next_speaker`, time until the board's push shows the new speaker.

Phones are minimal Engine.IO 4 / Socket.IO 5 websocket clients by default (`--client raw`, see
RawPhone), or python-socketio clients (`--client socketio`). The moderator and the board are
python-socketio clients. On a machine with 2 or more cores the server is pinned to core 0 and every
client to the other cores (`--no-pin` to turn that off), so the phones do not eat the server's core.

It also times fsync and one event-log commit on this disk (SQLite, WAL) with synchronous=FULL,
NORMAL and OFF. Only 127.0.0.1 is contacted; every wait is bounded; the server is always stopped.
Prints figures (one JSON line and one summary line per N), no asserts.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONNECT_CONCURRENCY = 50
READY_TIMEOUT_S = 180.0
BURST_TIMEOUT_S = 60.0


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ---------------------------------------------------------------------------------------------
# Worker: a process of phones, run as eventlet green threads; speaks JSON lines on stdin/stdout.
# ---------------------------------------------------------------------------------------------

class RawPhone:
    """A phone speaking Engine.IO 4 / Socket.IO 5 directly over one websocket (websocket-client).

    python-socketio's client decodes every push and starts a thread for every incoming message; at a
    thousand phones on a 2-core machine that client-side cost, not the server, set the figures. This
    one answers pings, matches acks, and reads pushes without decoding them. Needs eventlet's
    monkey-patching (one green reader per phone).
    """

    def __init__(self, url: str, timeout: float = 30.0):
        import eventlet
        import websocket

        self._events: dict[int, object] = {}
        self._acks: dict[int, object] = {}
        self._next = 0
        self.pushes = 0
        ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(ws_url, timeout=timeout, skip_utf8_validation=True)
        opened = self.ws.recv()
        if not opened.startswith("0"):
            raise RuntimeError(f"no Engine.IO open packet: {opened[:80]}")
        self.ws.send("40")
        connected = self.ws.recv()
        if not connected.startswith("40"):
            raise RuntimeError(f"Socket.IO connect refused: {connected[:80]}")
        self.ws.settimeout(None)
        self._reader = eventlet.spawn(self._read)

    def _read(self) -> None:
        import websocket

        try:
            while True:
                message = self.ws.recv()
                if message == "2":
                    self.ws.send("3")
                elif message.startswith("43"):
                    body = message.index("[")
                    ack_id = int(message[2:body])
                    self._acks[ack_id] = json.loads(message[body:])[0]
                    self._events.pop(ack_id).send()
                elif message.startswith("42"):
                    self.pushes += 1
        except (websocket.WebSocketException, OSError, KeyError, ValueError):
            return

    def call(self, event: str, data: dict, timeout: float = 60.0) -> dict:
        import eventlet
        from eventlet.event import Event

        ack_id = self._next
        self._next += 1
        done = self._events[ack_id] = Event()
        self.ws.send(f"42{ack_id}" + json.dumps([event, data], separators=(",", ":")))
        try:
            with eventlet.Timeout(timeout):
                done.wait()
        except eventlet.Timeout:  # a BaseException: turned into an ordinary error the caller counts
            self._events.pop(ack_id, None)
            raise TimeoutError(f"no ack for '{event}' within {timeout} s") from None
        return self._acks.pop(ack_id)

    def disconnect(self) -> None:
        try:
            self.ws.send("41")
            self.ws.close()
        except Exception:
            pass
        self._reader.kill()


def _socketio_phone(url: str):
    import socketio

    sio = socketio.Client(reconnection=False)
    sio.on("state", lambda data: None)
    sio.on("notice", lambda data: None)
    sio.connect(url, transports=["websocket"], wait_timeout=30)
    return sio


def worker(url: str, code: str, count: int, client: str) -> None:
    import warnings
    warnings.simplefilter("ignore")
    import eventlet
    eventlet.monkey_patch()
    from eventlet.greenpool import GreenPool

    raise_fd_limit()
    out = sys.stdout

    def say(**message):
        out.write(json.dumps(message) + "\n")
        out.flush()

    phones: list = [None] * count
    errors: list[str] = []

    def connect(i):
        try:
            sio = RawPhone(url) if client == "raw" else _socketio_phone(url)
            ack = sio.call("join", {"code": code, "role": "participant"}, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(ack)
            phones[i] = sio
        except Exception as error:  # counted and reported, never hidden
            errors.append(f"{type(error).__name__}: {error}"[:200])

    started = time.monotonic()
    pool = GreenPool(CONNECT_CONCURRENCY)
    for i in range(count):
        pool.spawn_n(connect, i)
    pool.waitall()
    say(ready=sum(1 for p in phones if p), errors=errors[:5], error_count=len(errors),
        connect_s=round(time.monotonic() - started, 3))

    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "vote":
            say(**_burst(phones, command["at"], command["ids"], command["offset"]))
        elif command["cmd"] == "quit":
            break
    for sio in phones:
        if sio:
            try:
                sio.disconnect()
            except Exception:
                pass
    say(bye=True)


def _burst(phones, at: float, ids: list[int], offset: int) -> dict:
    from eventlet.greenpool import GreenPool

    done: list[float] = []
    sent: list[float] = []
    failures: list[str] = []

    def vote(i, sio):
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        sent.append(time.monotonic())
        try:
            ack = sio.call("vote", {"suggestion_id": ids[(offset + i) % len(ids)]}, timeout=BURST_TIMEOUT_S)
            if ack.get("ok"):
                done.append(time.monotonic())
            else:
                failures.append(str(ack.get("error"))[:120])
        except Exception as error:
            failures.append(f"{type(error).__name__}: {error}"[:120])

    pool = GreenPool(len(phones) + 1)
    for i, sio in enumerate(phones):
        if sio:
            pool.spawn_n(vote, i, sio)
    pool.waitall()
    return {"acks": done, "sent_last": max(sent) if sent else None, "failures": failures}


# ---------------------------------------------------------------------------------------------
# Coordinator
# ---------------------------------------------------------------------------------------------

class Workers:
    def __init__(self, url: str, code: str, phones: int, workers: int, client: str):
        counts = [phones // workers + (1 if i < phones % workers else 0) for i in range(workers)]
        self.counts = [c for c in counts if c]
        self.procs = [subprocess.Popen([sys.executable, __file__, "--worker", url, code, str(c), client], cwd=ROOT,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
                      for c in counts if c]

    def send(self, proc, **command) -> None:
        proc.stdin.write(json.dumps(command) + "\n")
        proc.stdin.flush()

    def read(self, proc, timeout: float) -> dict:
        result: dict = {}

        def reader():
            line = proc.stdout.readline()
            result.update(json.loads(line) if line else {"eof": True})

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            raise TimeoutError(f"worker {proc.pid} said nothing for {timeout} s")
        return result

    def read_all(self, timeout: float) -> list[dict]:
        out: list = [None] * len(self.procs)
        threads = [threading.Thread(target=lambda i=i, p=p: out.__setitem__(i, self.read(p, timeout)), daemon=True)
                   for i, p in enumerate(self.procs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout + 5)
        if any(o is None for o in out):
            raise TimeoutError("a worker did not answer")
        return out

    def close(self) -> None:
        for proc in self.procs:
            try:
                if proc.poll() is None:
                    self.send(proc, cmd="quit")
            except (BrokenPipeError, OSError):
                pass
        deadline = time.monotonic() + 20
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_one(n: int, args) -> dict:
    from tests.e2e_support import Peer, Server, mirror, tallies

    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-votes-{n}-"))
    server = Server(data_dir, async_mode=args.async_mode).start()
    if args.pin:
        os.sched_setaffinity(server.proc.pid, {0})  # the server gets core 0; phones and board share the rest
    workers, peers = None, []
    figures: dict = {"phones": n, "async_mode": args.async_mode or "eventlet", "client": args.client}
    try:
        figures["rss_idle_mb"] = round(server.rss_kb() / 1024, 1)
        code = server.create_forum(title="Bench", questions=["What should the city do?"], vote_budget=3)
        moderator, board = Peer(server.url), Peer(server.url)
        peers += [moderator, board]
        assert moderator.join(code, "moderator", key=server.key)["ok"]
        assert board.join(code, "board")["ok"]

        started, cpu_before = time.monotonic(), cpu_seconds(server.proc.pid)
        workers = Workers(server.url, code, n, args.workers, args.client)
        ready = workers.read_all(READY_TIMEOUT_S)
        figures["connect_server_cpu_s"] = round(cpu_seconds(server.proc.pid) - cpu_before, 2)
        figures["connected"] = sum(r.get("ready", 0) for r in ready)
        figures["connect_errors"] = sum(r.get("error_count", 0) for r in ready)
        figures["connect_s"] = max(r.get("connect_s", 0) for r in ready)  # in the workers, after start-up
        if figures["connect_errors"]:
            figures["connect_error_sample"] = [e for r in ready for e in r.get("errors", [])][:3]
        figures["rss_connected_mb"] = round(server.rss_kb() / 1024, 1)

        ids = _post_suggestions(server.url, code, args.suggestions)
        time.sleep(0.5)  # let the suggestion pushes settle before the burst
        figures["suggestions"] = len(ids)

        # The burst: every phone votes once, all at the same instant.
        board_seen = board.push_count()
        cpu_before = cpu_seconds(server.proc.pid)
        clients_cpu_before = sum(cpu_seconds(p.pid) for p in workers.procs)
        at = time.monotonic() + 1.0
        offset = 0  # phone k of the whole run votes for suggestion k mod 20: the votes spread evenly
        for proc, count in zip(workers.procs, workers.counts):
            workers.send(proc, cmd="vote", at=at, ids=ids, offset=offset)
            offset += count
        results = workers.read_all(BURST_TIMEOUT_S + 30)
        acks = [t - at for r in results for t in r["acks"]]
        failures = [f for r in results for f in r["failures"]]
        figures.update(votes_acked=len(acks), vote_failures=len(failures), failure_sample=failures[:3],
                       ack_p50_ms=round(pct(acks, 0.5) * 1000, 1), ack_p95_ms=round(pct(acks, 0.95) * 1000, 1),
                       ack_max_ms=round(max(acks) * 1000, 1) if acks else None,
                       client_send_spread_ms=round((max(r["sent_last"] for r in results if r["sent_last"])
                                                    - at) * 1000, 1))

        stored = tallies(moderator.state())
        figures["stored_votes"] = sum(stored.values())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and tallies(board.mirror()) != stored:
            time.sleep(0.1)  # the arrival times are stamped on receipt; this only waits for the last one
        time.sleep(0.5)
        figures["server_cpu_s"] = round(cpu_seconds(server.proc.pid) - cpu_before, 2)
        figures["phones_cpu_s"] = round(sum(cpu_seconds(p.pid) for p in workers.procs) - clients_cpu_before, 2)
        with board._lock:
            pushes = list(board.pushes[board_seen:])
        converged = None
        for k in range(len(pushes)):
            if pushes[k][0] >= at and tallies(mirror(board.snapshot, [p for _, p in board.pushes[:board_seen]]
                                                     + [p for _, p in pushes[:k + 1]])) == stored:
                converged = pushes[k][0] - at
                break
        figures["board_converged_ms"] = round(converged * 1000, 1) if converged is not None else None
        figures["board_pushes"] = sum(1 for t, _ in pushes if t >= at)
        figures["rss_after_burst_mb"] = round(server.rss_kb() / 1024, 1)

        # Board latency: next_speaker with N phones connected, until the board shows the new speaker.
        entries = [moderator.ok("add_speaker", {"label": f"Walk-in {i}"})["entry_id"] for i in range(args.rounds)]
        time.sleep(0.5)
        latencies, ack_ms = [], []
        for entry_id in entries:
            seen = board.push_count()
            t0 = time.monotonic()
            ack = moderator.ok("next_speaker", {})
            ack_ms.append((time.monotonic() - t0) * 1000)
            assert ack["speaker"]["entry_id"] == entry_id
            arrival = _first_push(board, seen, lambda p: (p.get("speaker") or {}).get("entry_id") == entry_id,
                                  t0 + 10)
            if arrival is not None:
                latencies.append((arrival - t0) * 1000)  # stamped on receipt by the board's client
            time.sleep(0.3 + random.random() * 0.2)  # a random phase against the 200 ms push tick
        figures.update(board_latency_ms_median=round(statistics.median(latencies), 1) if latencies else None,
                       board_latency_ms_max=round(max(latencies), 1) if latencies else None,
                       next_speaker_ack_ms_median=round(statistics.median(ack_ms), 1))
        figures["rss_end_mb"] = round(server.rss_kb() / 1024, 1)
    finally:
        for peer in peers:
            peer.close()
        if workers:
            workers.close()
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return figures


def _post_suggestions(url: str, code: str, count: int) -> list[int]:
    """`count` suggestions, each from an author of its own (one suggestion per person per 10 s)."""
    from tests.e2e_support import Peer

    ids = []
    for i in range(count):
        author = Peer(url)
        try:
            assert author.join(code, "participant")["ok"]
            ids.append(author.ok("suggest", {"text": f"Suggestion number {i + 1} for the city"})["suggestion_id"])
        finally:
            author.close()
    return ids


def _first_push(peer, start: int, matches, deadline: float) -> float | None:
    """The arrival time of the first push from index `start` on that `matches`; None by the deadline."""
    while time.monotonic() < deadline:
        with peer._lock:
            pushes = peer.pushes[start:]
        for arrival, push in pushes:
            if matches(push):
                return arrival
        time.sleep(0.01)
    return None


def commit_probe(directory: Path, count: int = 300) -> dict:
    """Milliseconds for one event-log append (an event and its vote row, one transaction) on this disk."""
    from sqlalchemy import event as sa_event

    from facilitator.core.settings import create_forum
    from facilitator.store import Store, make_engine

    out = {}
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        fd = os.open(f"{tmp}/fsync-probe", os.O_WRONLY | os.O_CREAT)
        times = []
        for _ in range(100):
            os.write(fd, b"x" * 4096)
            t = time.perf_counter()
            os.fsync(fd)
            times.append(time.perf_counter() - t)
        os.close(fd)
        out["fsync_p50"], out["fsync_p95"] = round(pct(times, 0.5) * 1000, 2), round(pct(times, 0.95) * 1000, 2)
        for sync in ("FULL", "NORMAL", "OFF"):
            engine = make_engine(f"sqlite:///{tmp}/probe-{sync}.db")
            engine.dispose()
            sa_event.listen(engine, "connect", lambda c, _r, s=sync: c.execute(f"PRAGMA synchronous={s}"))
            store = Store(engine)
            store.create_forum(create_forum("PROBE", 0.0, "probe", ["q"]))
            t = time.perf_counter()
            for i in range(count):
                store.append(1, i + 2, [{"type": "VoteCast", "at": 1.0, "suggestion_id": 1, "person": f"P{i}"}])
            out[f"synchronous={sync}"] = round((time.perf_counter() - t) / count * 1000, 2)
            engine.dispose()
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--suggestions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="client processes the phones are spread over")
    parser.add_argument("--client", choices=["raw", "socketio"], default="raw",
                        help="phones as minimal Engine.IO/Socket.IO websocket clients (raw, the default) or as "
                             "python-socketio clients (heavier: on 2 cores they, not the server, set the pace)")
    parser.add_argument("--rounds", type=int, default=5, help="next_speaker calls for the board latency")
    parser.add_argument("--async-mode", choices=["eventlet", "gevent", "threading"], default=None)
    parser.add_argument("--no-probe", action="store_true", help="skip the SQLite commit probe")
    parser.add_argument("--no-pin", dest="pin", action="store_false",
                        help="do not give the server a core of its own (by default: core 0 for the server)")
    args = parser.parse_args()
    args.pin = args.pin and len(os.sched_getaffinity(0)) >= 2
    if args.pin:
        os.sched_setaffinity(0, set(os.sched_getaffinity(0)) - {0})  # this process, the phones and the board
    print(f"fd limit: {raise_fd_limit()}; cores: {os.cpu_count()}; python {sys.version.split()[0]}; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if not args.no_probe:
        probe = commit_probe(ROOT / "sessions_data" if (ROOT / "sessions_data").is_dir() else Path(tempfile.gettempdir()))
        print("disk and SQLite (ms; one append+commit of a vote, WAL): "
              + ", ".join(f"{k} {v}" for k, v in probe.items()), flush=True)
    for n in args.phones:
        figures = run_one(n, args)
        figures["load_average_1min"] = round(os.getloadavg()[0], 2)
        print(json.dumps(figures), flush=True)
        print(f"N={n}: {figures['connected']} connected ({figures['connect_errors']} errors) in "
              f"{figures['connect_s']} s (server CPU {figures['connect_server_cpu_s']} s) | "
              f"{figures['votes_acked']}/{n} votes acked, "
              f"p50 {figures['ack_p50_ms']} ms, p95 {figures['ack_p95_ms']} ms, max {figures['ack_max_ms']} ms "
              f"(client send spread {figures['client_send_spread_ms']} ms) | board tallies = stored after "
              f"{figures['board_converged_ms']} ms, {figures['board_pushes']} board pushes | server CPU "
              f"{figures['server_cpu_s']} s, phones' CPU {figures['phones_cpu_s']} s | RSS idle {figures['rss_idle_mb']} MB, connected "
              f"{figures['rss_connected_mb']} MB, after {figures['rss_after_burst_mb']} MB | board latency "
              f"median {figures['board_latency_ms_median']} ms, max {figures['board_latency_ms_max']} ms "
              f"(next_speaker ack {figures['next_speaker_ack_ms_median']} ms)", flush=True)


if __name__ == "__main__":
    main()
