"""Socket fuzzing against the real server: thousands of malformed events, each refused, the server alive.

Wrong types, huge payloads, unknown events, binary, nested junk, events before joining, and raw
Socket.IO packets no client library would send. Every event must be answered `{"ok": false,
"error": "..."}` with a specific reason (never a handler's crash), or the connection refused; after
it all, the server answers, a normal phone is served, and the moderator's session still works.
The random choices are seeded: a failure names the seed and the event, so it can be replayed.
"""
import concurrent.futures
import json
import random
import threading
import time

import pytest
import requests
import socketio
import websocket

from e2e_support import Peer, Server, refused
from facilitator.actions import ACTIONS

pytestmark = pytest.mark.e2e

SEED = 8_2026
ACK_TIMEOUT_S = 120.0  # a bound for a starved machine, not a speed check
HANDLER_CRASH = "The server could not carry out that action."
NAMES = [*ACTIONS, "join", "get_state", "nope", "", "Join", "join ", "x" * 300, "__proto__", "constructor",
         "vote\u0000", "ödla", "🙂", "state", "notice"]


def junk(rng: random.Random, depth: int = 0):
    """A value of any JSON (or binary) shape, sometimes nested, sometimes large, sometimes almost right."""
    kind = rng.randrange(16 if depth < 4 else 10)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 1, 2**31, -2**63, 2**80, 7])
    if kind == 3:
        return rng.choice([0.5, -0.0, 1e308, -1e308, 3.14159])
    if kind == 4:
        return rng.choice(["", " ", "x" * rng.randrange(1, 3000), "\u202e\u0000\ufeff", "<script>alert(1)</script>",
                           "P1", "ABCDE", "moderator", "participant", "board", "ar", "=1+1"])
    if kind == 5:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    if kind in (6, 7, 8, 9):
        fields = ["code", "role", "token", "key", "name", "lang", "text", "suggestion_id", "entry_id", "index",
                  "delta", "on", "open", "label", "client_id", "into", "pinned", "revealed", "__proto__"]
        return {rng.choice(fields): junk(rng, depth + 1) for _ in range(rng.randrange(0, 5))}
    if kind in (10, 11):
        return [junk(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    nested: list = []
    for _ in range(rng.randrange(10, 400)):
        nested = [nested]
    return nested


class Fuzzer:
    """One Socket.IO client firing events without waiting, collecting every ack."""

    def __init__(self, url: str, rng: random.Random):
        self.rng, self.acks, self.sent = rng, {}, {}
        self.done = threading.Event()
        self.sio = socketio.Client(reconnection=False)
        self.sio.connect(url, transports=["websocket"], wait_timeout=10)

    def fire(self, count: int, join: dict | None = None) -> None:
        if join:
            assert self.sio.call("join", join, timeout=10)["ok"]
        for n in range(count):
            name, data = self.rng.choice(NAMES), junk(self.rng)
            self.sent[n] = (name, data if not isinstance(data, (bytes, list)) or len(repr(data)) < 200 else "…")
            self.sio.emit(name, data, callback=lambda *args, n=n: self._ack(n, args))

    def _ack(self, n: int, args) -> None:
        self.acks[n] = args[0] if args else None
        if len(self.acks) == len(self.sent):
            self.done.set()

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception:
            pass


def check_refusals(fuzzer: Fuzzer) -> int:
    assert fuzzer.done.wait(ACK_TIMEOUT_S), f"{len(fuzzer.sent) - len(fuzzer.acks)} events were never answered"
    answered = 0
    for n, ack in fuzzer.acks.items():
        name, data = fuzzer.sent[n]
        if isinstance(ack, dict) and ack.get("ok") is True:
            continue  # junk that happened to be a valid action (a vote for suggestion 7, a name "P1")
        assert refused(ack), (SEED, name, data, ack)
        assert ack["error"] != HANDLER_CRASH, (SEED, name, data, ack)
        answered += 1
    return answered


RAW = ["42", "42[", "42not json", "42[]", "42[1,2]", '42[{"a":1}]', '42["join"', '4299999999999999999["x"]',
       '45-["join",{}]', '451-["join",{"_placeholder":true,"num":7}]', "4", "9", "", "\u0000",
       '42["join",' + "[" * 500 + "]" * 500 + "]", "2probe", "1", "40/nope,", "41", '46["x"]', "3" * 10_000]


def raw_packet(port: int, packet: str) -> str:
    """Send one packet no client library would send, then a get_state: 'answered', 'closed' or 'silent'
    (the server waits for a binary attachment the packet announced)."""
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket", timeout=30)
    try:
        assert ws.recv().startswith("0")  # engine.io open
        ws.send("40")
        assert ws.recv().startswith("40")  # namespace joined
        ws.send(packet)
        ws.send('421["get_state",{}]')
        ws.settimeout(3)
        while True:
            reply = ws.recv()
            if reply.startswith("431"):
                assert refused(json.loads(reply[3:])[0]), (packet, reply)
                return "answered"
            if not reply:
                return "closed"
    except websocket.WebSocketTimeoutException:
        return "silent"
    except (websocket.WebSocketException, ConnectionError):
        return "closed"
    finally:
        ws.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("fuzz")).start()
    yield srv
    srv.stop()


def test_thousands_of_malformed_events_are_each_refused_and_the_server_stays_up(server):
    code = server.create_forum(title="Fuzz")
    rng = random.Random(SEED)
    # (seat, events): phones and boards stay under the rate limit (120 a minute), so every event reaches
    # the payload checks; the moderator and an unjoined socket are not limited.
    seats = [(None, 400), ({"code": code, "role": "moderator", "key": server.key}, 400)]
    seats += [({"code": code, "role": "participant", "name": f"Fuzzy {i}"}, 100) for i in range(8)]
    seats += [({"code": code, "role": "board"}, 100) for _ in range(4)]
    fuzzers = [Fuzzer(server.url, random.Random(rng.random())) for _ in seats]
    started = time.monotonic()
    try:
        for fuzzer, (seat, count) in zip(fuzzers, seats):
            fuzzer.fire(count, seat)
        answered = sum(check_refusals(f) for f in fuzzers)
    finally:
        for fuzzer in fuzzers:
            fuzzer.close()
    oversized = socketio.Client(reconnection=False)
    oversized.connect(server.url, transports=["websocket"], wait_timeout=10)
    try:
        oversized.emit("suggest", {"text": "x" * 100_000})  # over the message limit: the server drops this client
        deadline = time.monotonic() + 10
        while oversized.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not oversized.connected
    finally:
        oversized.disconnect()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda packet: raw_packet(server.port, packet), RAW))
    print(f"\n{answered} malformed events refused (seed {SEED}) in {time.monotonic() - started:.1f} s; raw packets: "
          f"{ {o: outcomes.count(o) for o in set(outcomes)} }")
    assert answered >= 0.8 * sum(count for _, count in seats)

    # The server is alive, a normal phone is served, and the moderator's session works.
    assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
    phone = Peer(server.url)
    moderator_web = requests.Session()
    moderator_web.get(server.login_link(), timeout=10)
    moderator = socketio.Client(reconnection=False)
    moderator.connect(server.url, transports=["websocket"], wait_timeout=10,
                      headers={"Cookie": "; ".join(f"{c.name}={c.value}" for c in moderator_web.cookies)})
    try:
        assert phone.join(code, "participant", name="After the storm")["ok"]
        assert phone.ok("hand_raise", {"lang": "sv"})["position"] >= 1
        assert moderator.call("join", {"code": code, "role": "moderator"}, timeout=10)["ok"]
        speaker = moderator.call("next_speaker", {}, timeout=10)
        assert speaker["ok"] and speaker["speaker"]
    finally:
        phone.close()
        moderator.disconnect()
    assert "socket handler failed" not in server.log_tail(500_000)  # no handler of ours ever crashed
