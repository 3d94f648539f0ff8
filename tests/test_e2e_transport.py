"""The phones' websockets: the server declines permessage-deflate, which every browser offers."""
import base64
import os
import socket

import pytest

from e2e_support import Server, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def upgrade_response(port: int, extensions: str) -> str:
    """The headers of the server's answer to a websocket upgrade that offers `extensions`."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: {extensions}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n\r\n")[0].decode("latin-1")


def test_a_browser_offering_compression_gets_a_plain_websocket(server):
    head = upgrade_response(server.port, "permessage-deflate; client_max_window_bits")
    assert head.startswith("HTTP/1.1 101"), head
    assert "sec-websocket-extensions" not in head.lower(), head


def test_compression_can_be_accepted_again(tmp_path):
    srv = Server(tmp_path, env={"FACILITATOR_WEBSOCKET_COMPRESSION": "1"}).start()
    try:
        head = upgrade_response(srv.port, "permessage-deflate; client_max_window_bits")
        assert head.startswith("HTTP/1.1 101") and "permessage-deflate" in head.lower(), head
    finally:
        srv.stop()
