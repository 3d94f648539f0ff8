"""This laptop's addresses on the local network, for the links phones can reach."""
from __future__ import annotations

import socket


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine other than loopback, best guess first."""
    found: list[str] = []
    for address in _interface_addresses() + _hostname_addresses():
        if address not in found and not address.startswith("127."):
            found.append(address)
    return found


def _interface_addresses() -> list[str]:
    try:
        import fcntl
        import struct
    except ImportError:  # not on Linux or macOS
        return []
    out = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(s.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))  # SIOCGIFADDR
                out.append(socket.inet_ntoa(packed[20:24]))
            except OSError:
                continue
    return out


def _hostname_addresses() -> list[str]:
    try:
        return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        return []
