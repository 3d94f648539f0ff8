"""What one client may hold of the server: connections per address, and time to send a request's headers.

Slowloris: one client opening thousands of connections and never finishing their requests would take
every place the server has. So each address may hold at most `per_address` connections (well below
the server's total, and above any hall's size, since a venue's phones can all share one address),
and a connection that has not sent a whole request line and headers within `header_timeout` seconds
of starting to wait for one (idle keep-alive connections included) is shut. Once a request's headers
are in, the deadline no longer applies: a websocket lives as long as Socket.IO's pings say it is alive.

Addresses are counted in memory only; they are never logged or stored.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Callable

RATED_PHONES = 3000  # the largest hall one process is rated for (docs/benchmarks.md)
# A venue's phones may all share its Wi-Fi's one address, and when the Wi-Fi blips they come back
# before the server has noticed their old connections are dead (Socket.IO's ping timeout, 30 s):
# for a while the hall holds two connections per phone.
CONNECTIONS_PER_ADDRESS = 2 * RATED_PHONES + 500
HEADER_TIMEOUT_S = 10.0
IO_TIMEOUT_S = 60.0  # one read or write once a request is in; above Socket.IO's ping interval + timeout (30 s)
SWEEP_INTERVAL_S = 0.5
TOO_MANY = (b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\n"
            b"Retry-After: 10\r\nContent-Length: 39\r\n\r\nToo many connections from one address.\n")


def address_key(client_address) -> str:
    """The address a limit counts: IPv4 as is, IPv6 by its /64 (one device may use a whole /64)."""
    host = client_address[0] if isinstance(client_address, (tuple, list)) else str(client_address)
    try:
        ip = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return str(host)
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


class ConnectionGuard:
    """Counts open connections per address and shuts those that take too long to send a request."""

    def __init__(self, per_address: int = CONNECTIONS_PER_ADDRESS, header_timeout: float = HEADER_TIMEOUT_S,
                 clock: Callable[[], float] = time.monotonic):
        self.per_address, self.header_timeout, self.clock = per_address, header_timeout, clock
        self._open: dict[str, int] = {}
        self._waiting: dict[int, tuple[float, socket.socket]] = {}
        self._lock = threading.Lock()

    def admit(self, client_address) -> bool:
        """Count a new connection; False (and not counted) if its address already holds its share."""
        key = address_key(client_address)
        with self._lock:
            if self._open.get(key, 0) >= self.per_address:
                return False
            self._open[key] = self._open.get(key, 0) + 1
            return True

    def release(self, client_address, sock: socket.socket | None = None) -> None:
        """A connection admitted earlier has closed."""
        key = address_key(client_address)
        with self._lock:
            left = self._open.get(key, 0) - 1
            if left > 0:
                self._open[key] = left
            else:
                self._open.pop(key, None)
            if sock is not None:
                self._waiting.pop(id(sock), None)

    def awaiting_request(self, sock: socket.socket) -> None:
        """The connection waits for a request line and headers: its deadline starts now."""
        with self._lock:
            self._waiting[id(sock)] = (self.clock() + self.header_timeout, sock)

    def request_read(self, sock: socket.socket) -> None:
        """The request's headers are in: no deadline until the connection waits for the next request."""
        with self._lock:
            self._waiting.pop(id(sock), None)

    def open_connections(self) -> int:
        with self._lock:
            return sum(self._open.values())

    def sweep(self) -> int:
        """Shut every connection past its deadline (its reader sees the end and closes it); how many."""
        now = self.clock()
        with self._lock:
            late = [key for key, (deadline, _) in self._waiting.items() if deadline <= now]
            socks = [self._waiting.pop(key)[1] for key in late]
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed by its handler
                pass
        return len(socks)

    def run(self, sleep: Callable[[float], None]) -> None:
        """Sweep forever; started as the server's background task (`sleep` is the async mode's)."""
        while True:
            sleep(SWEEP_INTERVAL_S)
            self.sweep()
