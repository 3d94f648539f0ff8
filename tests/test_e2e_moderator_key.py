"""The moderator key against the real server: guesses slowed, and no address or query string in any log."""
import concurrent.futures
import math
import socket
import time

import pytest
import requests
from requests.adapters import HTTPAdapter

from e2e_support import Server
from facilitator.moderator_access import FREE_GUESSES

pytestmark = pytest.mark.e2e

ELSEWHERE = "127.0.0.2"  # another device: all of 127/8 is this machine
WATCHED = "127.0.0.3"    # the client whose address must appear in no log
GUESSES = 60


class FromAddress(HTTPAdapter):
    """Requests sent from another local address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def test_http_guesses_of_the_key_are_slowed_and_the_moderator_still_gets_in(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        moderator = requests.Session()
        assert moderator.get(server.login_link(), timeout=10).url == f"{server.url}/m/"
        guesser = requests.Session()
        started = time.monotonic()
        statuses = [guesser.get(f"{server.url}/api/forums", headers={"X-Moderator-Key": f"guess{i}"},
                                timeout=10).status_code for i in range(GUESSES)]
        elapsed, checked = time.monotonic() - started, statuses.count(403)
        print(f"\n{GUESSES} guesses in {elapsed:.1f} s: {checked} checked, {statuses.count(429)} told to wait")
        # The free guesses and the one that starts the wait are checked; then one more each time the wait
        # (1 s, doubling) is over: at most log2(1 + elapsed) more, however slow the machine.
        assert statuses[:FREE_GUESSES + 1] == [403] * (FREE_GUESSES + 1) and set(statuses) == {403, 429}
        assert checked <= FREE_GUESSES + 1 + math.log2(1 + elapsed), (elapsed, statuses)
        # The real moderator: the session keeps working on the guesser's address, the key works from another.
        assert moderator.get(f"{server.url}/api/forums", timeout=10).status_code == 200
        assert session_from(ELSEWHERE).get(f"{server.url}/api/forums", headers={"X-Moderator-Key": server.key},
                                           timeout=10).status_code == 200
        assert guesser.get(server.login_link(), timeout=10).status_code == 403  # the link was spent
    finally:
        server.stop()


def raw_request(port: int, data: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(WATCHED, 0)) as sock:
        sock.sendall(data)
        try:
            sock.recv(4096)
        except OSError:
            pass


def visit_as_the_watched_client(server: Server) -> None:
    """Pages, refusals and errors with a query string, each from the watched address."""
    code = server.create_forum(title="Logs")
    web = session_from(WATCHED)
    for path in (f"/j/{code}?utm=qsmark", "/m/?key=qsguess", f"/m/{code}?lang=sv&x=qsmark", "/nope?x=qsmark",
                 "/api/forums?key=qsguess", "/socket.io/?EIO=4&transport=polling&x=qsmark"):
        web.get(server.url + path, timeout=10)
    web.post(f"{server.url}/m/?x=qsmark", data={"key": "qsguess"}, timeout=10)
    raw_request(server.port, b"GET /?x=qsmark HTTP/9.9\r\n\r\n")
    raw_request(server.port, b"BLAH /x?qsmark\r\nHost: x\r\n\r\n")


@pytest.mark.parametrize("modes", [("eventlet", "gevent", "threading")])
def test_no_log_holds_a_client_address_or_a_query_string_in_any_async_mode(tmp_path, modes):
    servers = [Server(tmp_path / mode, async_mode=mode) for mode in modes]
    with concurrent.futures.ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(Server.start, servers))
    try:
        for server in servers:
            visit_as_the_watched_client(server)
    finally:
        for server in servers:
            server.stop()
    for mode, server in zip(modes, servers):
        log = server.log_tail(200_000)
        assert "FORUM FACILITATOR is running" in log, (mode, log[-2000:])
        for secret in (WATCHED, "qsmark", "qsguess"):
            assert secret not in log, (mode, secret, log[-3000:])
