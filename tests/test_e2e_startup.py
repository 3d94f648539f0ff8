"""What the moderator's terminal shows: the console link, the join link, and its QR code."""
import time

from e2e_support import KEY, Server

QR_BLOCKS = "▀▄█"


def wait_for(server: Server, text: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log_tail(20000)
        if text in log:
            return log
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared in the server's output:\n{server.log_tail()}")


def test_terminal_shows_the_links_and_a_qr_code_for_each_forum(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        log = wait_for(server, "Moderator console:")
        assert f"Moderator console:  {server.url}/m/login/" in log and f"Moderator key:      {KEY}" in log
        assert "key=" not in log  # the long-lived key is in no address a browser would keep
        assert f"JOIN PAGE (phones type the forum's code): {server.url}/" in log
        assert any(block in log for block in QR_BLOCKS)
        code = server.create_forum(title="Autumn forum")
        log = wait_for(server, f"JOIN LINK (phones): {server.url}/j/{code}")
        assert f"New forum:  Autumn forum ({code})" in log and f"{server.url}/b/{code}" in log
    finally:
        server.stop()
    again = Server(tmp_path / "data", port=server.port).start()
    try:
        log = wait_for(again, f"Latest forum:  Autumn forum ({code})")
        assert "Eventlet is deprecated" not in log
    finally:
        again.stop()
