"""Engine.IO's ping to each phone from a timer of eventlet's hub, not from a green thread per phone.

python-engineio (4.x) spawns a green thread for every connected phone that sleeps through the ping
interval and then queues a PING. A sleeping green thread holds its own Python data stack (a 16 KB
mapping), a saved C stack and an Event: about a tenth of a connected phone's memory, spent on waiting
(docs/benchmarks.md, "Where a phone's memory goes"). A hub timer waits for free and does the same
thing: the PING is queued for the phone's writer, as before. Used in eventlet mode only, the default;
`tests/test_e2e_pings.py` checks that phones stay connected over many pings and that a silent one is
dropped.
"""
from __future__ import annotations

import logging
import time

log = logging.getLogger("facilitator.pings")


def ping_from_hub_timers() -> None:
    """Make every Engine.IO socket schedule its next ping on eventlet's hub."""
    from engineio import packet, socket
    from eventlet.hubs import get_hub

    def send_ping(sock) -> None:
        """What engineio's `Socket._send_ping` does after its sleep; on the hub, so it never blocks."""
        try:
            if not sock.closing and not sock.closed:
                sock.last_ping = time.time()
                sock.send(packet.Packet(packet.PING))  # an unbounded queue's put: never switches
        except Exception:  # a timer's exception would only be printed by the hub
            log.exception("a ping could not be queued")

    def schedule_ping(sock) -> None:
        if sock.last_ping:  # as engineio: only once the previous ping was answered
            sock.last_ping = None
            get_hub().schedule_call_global(sock.server.ping_interval, send_ping, sock)

    socket.Socket.schedule_ping = schedule_ping
