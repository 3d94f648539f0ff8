"""Slowloris: one client holding thousands of half-sent requests must not lock anybody else out."""
import socket
import time

import pytest
import requests

from e2e_support import Server, peers, wait_until  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e

ATTACKER = "127.0.0.2"  # all of 127/8 is this machine; the newcomers come from 127.0.0.1
HEADER_TIMEOUT_S = 10.0  # the default; long enough to count what one address holds on a busy machine
SHARE = 1000  # one address's share here (the default, 6,500, fits a 3,000-phone hall; the guard is the same)
ATTACK = 5200  # more than the share, and more than the whole server held before (eventlet's pool of 5,000)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("slowloris"), args=("--header-timeout", str(HEADER_TIMEOUT_S),
                                                                 "--connections-per-address", str(SHARE))).start()
    yield srv
    srv.stop()


def half_sent_requests(port: int, count: int) -> list[socket.socket]:
    """`count` connections from the attacker's address, each with a request line and no end of headers."""
    held = []
    for _ in range(count):
        sock = socket.socket()
        sock.settimeout(2)
        try:
            sock.bind((ATTACKER, 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            sock.settimeout(None)  # blocking: a MSG_DONTWAIT peek then answers at once
        except OSError:  # the server's backlog is full: the attack has already won
            sock.close()
            break
        held.append(sock)
    return held


def still_open(sock: socket.socket) -> bool:
    """True while the server neither answered nor closed the connection."""
    try:
        sock.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK)
    except BlockingIOError:
        return True
    except OSError:
        pass
    return False


def held_within_share(attack: list[socket.socket]) -> list[socket.socket] | None:
    held = [sock for sock in attack if still_open(sock)]
    return held if len(held) <= SHARE else None


def test_a_newcomer_gets_through_while_one_client_holds_thousands_of_half_sent_requests(server, peers):
    code = server.create_forum(title="Under attack")
    phone = peers(server.url)
    assert phone.join(code, "participant")["ok"]
    attack = half_sent_requests(server.port, ATTACK)
    try:
        # The server answers those over the address's share 503 and closes them, as it works through them.
        held = wait_until(lambda: held_within_share(attack), 8, interval=0.2,
                          message="one address to hold at most its share")
        assert held, "the attack held nothing"
        started = time.monotonic()
        assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
        assert requests.get(f"{server.url}/j/{code}", timeout=5).status_code == 200
        newcomer = peers(server.url)
        assert newcomer.join(code, "participant")["ok"]
        assert time.monotonic() - started < 10

        # A half-sent request is shut once its headers are late, even one that trickles a byte at a time;
        # the phones' websockets, long past that deadline, are not.
        trickle = half_sent_requests(server.port, 1)[0]
        deadline = time.monotonic() + HEADER_TIMEOUT_S + 3
        while time.monotonic() < deadline and (still_open(trickle) or any(still_open(s) for s in held)):
            try:
                trickle.send(b"X")
            except OSError:
                pass
            time.sleep(0.3)
        assert not still_open(trickle) and not any(still_open(s) for s in held)
        assert phone.ok("hand_raise", {})["position"] == 1
        assert newcomer.ok("hand_raise", {})["position"] == 2
    finally:
        for sock in attack:
            sock.close()
