"""Helpers for the end-to-end tests: the real server in a subprocess, real Socket.IO clients.

Everything talks to 127.0.0.1 only, every wait is bounded, and every server is killed by the
fixture that started it.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

try:
    from postgres_support import database_url
except ImportError:  # imported as tests.e2e_support (bench/)
    from tests.postgres_support import database_url

ROOT = Path(__file__).resolve().parent.parent
KEY = "e2e-moderator-key"
START_TIMEOUT_S = 30.0
CALL_TIMEOUT_S = 10.0

# Fields that change with the clock alone; left out when two states are compared.
VOLATILE = {"server_time", "elapsed_s", "talk_s", "interpreting_s", "waiting_s", "wait_s", "total_talk_s", "talk_share",
            "question_talk_s", "top3_share", "question_top3_share"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`run.py` as a subprocess on 127.0.0.1 (eventlet, the production mode), on a data dir of its own."""

    def __init__(self, data_dir: Path, port: int | None = None, key: str = KEY, async_mode: str | None = None,
                 env: dict[str, str] | None = None, args: tuple[str, ...] = (), script: Path | None = None,
                 cpus: set[int] | None = None):
        """`script` starts another server the same way (the benchmark's floor, a copy of the app);
        `cpus` pins the server to those cores."""
        self.data_dir, self.port, self.key = Path(data_dir), port or free_port(), key
        self.async_mode, self.env, self.args = async_mode, dict(env or {}), tuple(args)
        self.script, self.cpus = Path(script) if script else ROOT / "run.py", cpus
        self.proc: subprocess.Popen | None = None
        self.log_path = self.data_dir / "server.log"
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _command(self) -> tuple[list[str], dict]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "FACILITATOR_ASYNC_MODE", "FACILITATOR_DATA_DIR")}
        env.update(FACILITATOR_MODERATOR_KEY=self.key, PYTHONUNBUFFERED="1")
        if database_url(self.data_dir):  # FACILITATOR_TEST_POSTGRES: the data dir's own schema
            env["DATABASE_URL"] = database_url(self.data_dir)
        env.update(self.env)
        args = [sys.executable, str(self.script), "--host", "127.0.0.1", "--port", str(self.port),
                "--data-dir", str(self.data_dir), *self.args]
        if self.async_mode:
            args += ["--async-mode", self.async_mode]
        return args, env

    def start(self) -> "Server":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args, env = self._command()
        self._log = open(self.log_path, "ab")
        pin = (lambda: os.sched_setaffinity(0, self.cpus)) if self.cpus else None
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=pin)
        self._wait_healthy()
        return self

    def attempt(self) -> subprocess.Popen:
        """Start a server that is expected to refuse to start; `.communicate(timeout=…)` gives its output."""
        args, env = self._command()
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, stdin=subprocess.DEVNULL)

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not answer /healthz within {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the server process (SIGKILL by default: no clean shutdown, no flush)."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            self.proc.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._close_log()

    def _close_log(self) -> None:
        if self._log:
            self._log.close()
            self._log = None

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def login_link(self) -> str:
        """The one-time console link the terminal printed."""
        deadline = time.monotonic() + CALL_TIMEOUT_S
        while time.monotonic() < deadline:
            found = re.search(r"Moderator console:\s+(http://\S+/m/login/\S+)", self.log_tail(20000))
            if found:
                return found.group(1)
            time.sleep(0.05)
        raise AssertionError(f"no login link in the server's output:\n{self.log_tail()}")

    def rss_kb(self) -> int | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def create_forum(self, **body) -> str:
        body.setdefault("title", "E2E forum")
        body.setdefault("questions", ["What works?", "What should change?"])
        response = requests.post(self.url + "/api/forums", json=body, headers={"X-Moderator-Key": self.key},
                                 timeout=10)
        assert response.status_code == 201, response.text
        return response.json()["code"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server for a test module; each test makes its own forum."""
    srv = Server(tmp_path_factory.mktemp("e2e-data")).start()
    yield srv
    srv.stop()


@pytest.fixture
def peers():
    """Make Socket.IO clients; all are disconnected at the end of the test."""
    made: list[Peer] = []

    def make(url: str, transports=("websocket",)) -> Peer:
        peer = Peer(url, transports)
        made.append(peer)
        return peer

    yield make
    for peer in made:
        peer.close()


class Peer:
    """A real python-socketio client: a phone, the board or the moderator.

    It keeps the full state of its last `join` and every `state` push after it, so `mirror()` is
    what a page would show.
    """

    def __init__(self, url: str, transports=("websocket",)):
        self.sio = socketio.Client(reconnection=False)
        self.pushes: list[tuple[float, dict]] = []  # (monotonic arrival, payload)
        self.notices: list[dict] = []
        self.snapshot: dict | None = None
        self.token: str | None = None
        self._lock = threading.Lock()
        self.sio.on("state", self._on_state)
        self.sio.on("notice", self._on_notice)
        self.sio.connect(url, transports=list(transports), wait_timeout=10)

    def _on_state(self, data) -> None:
        with self._lock:
            self.pushes.append((time.monotonic(), data))

    def _on_notice(self, data) -> None:
        with self._lock:
            self.notices.append(data)

    def call(self, event: str, data=None, timeout: float = CALL_TIMEOUT_S):
        return self.sio.call(event, data, timeout=timeout)

    def join(self, code: str, role: str, **fields) -> dict:
        ack = self.call("join", {"code": code, "role": role, **fields})
        if ack.get("ok"):
            with self._lock:
                self.snapshot = ack["state"]
            self.token = ack.get("token", self.token)
        return ack

    def ok(self, event: str, data=None) -> dict:
        """Call and insist on success."""
        ack = self.call(event, data)
        assert ack.get("ok") is True, (event, data, ack)
        return ack

    def state(self) -> dict:
        return self.ok("get_state", {})["state"]

    def push_count(self, since: float = 0.0) -> int:
        with self._lock:
            return sum(1 for t, _ in self.pushes if t >= since)

    def mirror(self) -> dict:
        """The join snapshot with every later push applied, as a page applies them."""
        with self._lock:
            snapshot, pushes = self.snapshot, [p for _, p in self.pushes]
        return mirror(snapshot, pushes)

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception:  # already gone (the server was killed)
            pass


class PageMerge:
    """The pages' own merge (static/js/lib/state.js) in one Node process, so tests prove the page's code."""

    RUNNER = ROOT / "tests" / "js" / "merge_runner.mjs"

    def __init__(self):
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def replay(self, snapshot: dict, pushes: list[dict]) -> dict:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = subprocess.Popen(["node", str(self.RUNNER)], cwd=ROOT, stdin=subprocess.PIPE,
                                              stdout=subprocess.PIPE, text=True, encoding="utf-8")
            self._proc.stdin.write(json.dumps({"snapshot": snapshot, "pushes": pushes}) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the Node merge runner stopped (is node installed?)")
        return json.loads(line)


PAGE_MERGE = PageMerge()


def mirror(snapshot: dict, pushes: list[dict]) -> dict:
    """The join snapshot with the pushes applied by the page's own merge, as a page shows them."""
    return PAGE_MERGE.replay(snapshot, pushes)


def stable(value):
    """`value` without the fields that move with the clock alone."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def floor_view(state: dict) -> dict:
    """What the projected board must agree on: question, speaker, queue order, suggestions and tallies."""
    speaker = state.get("speaker")
    return {
        "question": state["question"]["index"],
        "speaker": speaker and {k: speaker[k] for k in ("entry_id", "label", "lang", "mode")},
        "queue": [(e["entry_id"], e["label"], e["lang"], e["turns"]) for e in state["queue"]],
        "suggestions": [(s["id"], s["text"], s["votes"]) for s in state["suggestions"]],
    }


def tallies(state: dict) -> dict[int, int]:
    return {s["id"]: s["votes"] for s in state["suggestions"]}


def wait_until(predicate, timeout: float = 5.0, interval: float = 0.02, message: str = "condition"):
    """Poll `predicate` until it returns a truthy value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


def assert_converges(board: Peer, timeout: float = 5.0) -> dict:
    """The board's pushed state reaches what a fresh `get_state` says; returns that view."""
    # get_state counts against the per-socket rate limit, so the truth is fetched about once a second
    # while the (cheap) mirror is checked often.
    last = {"fetched": 0.0}

    def same():
        if time.monotonic() - last["fetched"] > 1.0:
            last["fresh"], last["fetched"] = floor_view(board.state()), time.monotonic()
        last["mirror"] = floor_view(board.mirror())
        return last["fresh"] if last["mirror"] == last["fresh"] else None

    try:
        return wait_until(same, timeout, interval=0.02, message="the board's pushes to converge")
    except AssertionError:
        raise AssertionError(f"board mirror {last.get('mirror')} != fresh state {last.get('fresh')}") from None


def refused(ack) -> bool:
    return isinstance(ack, dict) and ack.get("ok") is False and isinstance(ack.get("error"), str) \
        and bool(ack["error"].strip())
