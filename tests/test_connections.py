"""The connection guard: a share per address, and a deadline for a request's headers."""
import socket

from conftest import FakeClock
from facilitator.connections import ConnectionGuard, address_key


def test_addresses_are_counted_per_ipv4_address_and_per_ipv6_64():
    assert address_key(("192.168.1.20", 5123)) == "192.168.1.20"
    assert address_key(("2001:db8:1:2:aaaa::1", 1, 0, 0)) == address_key(("2001:db8:1:2:bbbb::9", 2, 0, 0))
    assert address_key(("2001:db8:1:2::1", 1, 0, 0)) != address_key(("2001:db8:1:3::1", 1, 0, 0))
    assert address_key(("::ffff:10.0.0.7", 1, 0, 0)) == "10.0.0.7"


def test_each_address_holds_at_most_its_share_and_gets_it_back_on_close():
    guard = ConnectionGuard(per_address=3)
    assert all(guard.admit(("10.0.0.1", port)) for port in range(3))
    assert not guard.admit(("10.0.0.1", 99))
    assert guard.admit(("10.0.0.2", 1))
    guard.release(("10.0.0.1", 0))
    assert guard.admit(("10.0.0.1", 100))
    assert guard.open_connections() == 4


def test_a_connection_late_with_its_headers_is_shut_and_one_with_its_request_in_is_not():
    clock = FakeClock(0.0)
    guard = ConnectionGuard(header_timeout=10, clock=clock)
    late, served = socket.socketpair(), socket.socketpair()
    try:
        guard.awaiting_request(late[0])
        guard.awaiting_request(served[0])
        guard.request_read(served[0])
        clock.advance(9.9)
        assert guard.sweep() == 0
        clock.advance(0.2)
        assert guard.sweep() == 1
        assert late[1].recv(1) == b""  # the client sees the end
        served[1].setblocking(False)
        try:
            served[1].recv(1)
            raise AssertionError("the served connection was shut")
        except BlockingIOError:
            pass
    finally:
        for sock in (*late, *served):
            sock.close()
