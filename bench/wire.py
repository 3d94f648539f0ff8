"""A light phone for load generation: Engine.IO 4 / Socket.IO 5 frames over one websocket, on asyncio.

One python-socketio client per phone costs a thread per incoming message and a JSON decode of every
push; at 3,000 phones on one core that client, not the server, would set the figures. `Wire` is an
`asyncio.Protocol`: it does the websocket upgrade itself (`transport=websocket` straight away, no
long-polling), answers Engine.IO pings, sends events with ack ids, and keeps every incoming push as
its raw text with its arrival time (decoded only after the measurement, see `bench/phones.py`).

Like a browser it sets TCP_NODELAY and, unless told not to, offers `permessage-deflate` (Chrome and
Firefox always do; eventlet accepts it, so the server then compresses every push per phone).
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import socket
import time
import zlib

OPEN_TIMEOUT_S = 30.0
OFFER_DEFLATE = b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
SYNC_TAIL = b"\x00\x00\xff\xff"


class Closed(Exception):
    """The connection closed before the answer came."""


class Wire(asyncio.Protocol):
    """One Socket.IO connection (default namespace) over a raw websocket."""

    def __init__(self, host: str, port: int, deflate: bool = True, on_push=None, query: str = ""):
        loop = asyncio.get_running_loop()
        self.host, self.port, self.offer_deflate = host, port, deflate
        self.query = query  # added to the handshake's address, e.g. "&forum=CODE" (a cluster's nginx routes on it)
        self.on_push = on_push  # called with the arrival time of every push (the generator's quiet clock)
        self.connected: asyncio.Future = loop.create_future()
        self.pushes: list[tuple[float, str]] = []  # (monotonic arrival, raw Socket.IO packet text)
        self.acks: dict[int, asyncio.Future] = {}
        self.closed_by_us = False
        self.lost = False  # the connection ended without us closing it
        self.transport: asyncio.Transport | None = None
        self._buf = bytearray()
        self._upgraded = False
        self._fragments: list[bytes] = []
        self._compressed = False
        self._inflate = None
        self._deflate = None
        self._next_id = 0

    @classmethod
    async def open(cls, host: str, port: int, deflate: bool = True, on_push=None,
                   timeout: float = OPEN_TIMEOUT_S, query: str = "") -> "Wire":
        """Connect, upgrade, and wait for the Socket.IO connect answer."""
        loop = asyncio.get_running_loop()
        _, wire = await asyncio.wait_for(
            loop.create_connection(lambda: cls(host, port, deflate, on_push, query), host, port), timeout)
        try:
            await asyncio.wait_for(asyncio.shield(wire.connected), timeout)
        except BaseException:
            wire.abort()
            raise
        return wire

    # -- asyncio.Protocol ------------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16))
        transport.write(b"GET /socket.io/?EIO=4&transport=websocket%s HTTP/1.1\r\nHost: %s:%d\r\n"
                        b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                        b"Sec-WebSocket-Version: 13\r\n%s\r\n"
                        % (self.query.encode(), self.host.encode(), self.port, key, OFFER_DEFLATE if self.offer_deflate else b""))

    def data_received(self, data: bytes) -> None:
        self._buf += data
        if not self._upgraded and not self._upgrade():
            return
        self._frames()

    def connection_lost(self, exc) -> None:
        if not self.closed_by_us:
            self.lost = True
        error = Closed("connection closed")
        if not self.connected.done():
            self.connected.set_exception(error)
        for future in self.acks.values():
            if not future.done():
                future.set_exception(error)
        self.acks.clear()

    # -- websocket ---------------------------------------------------------------------------------
    def _upgrade(self) -> bool:
        end = self._buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(self._buf[:end]).decode("latin-1")
        del self._buf[:end + 4]
        if not head.startswith("HTTP/1.1 101"):
            self._fail(f"websocket upgrade refused: {head.splitlines()[0]}")
            return False
        self._upgraded = True
        if "permessage-deflate" in head.lower():
            self._inflate = zlib.decompressobj(-15)
            # Our own sends: a small window is allowed without negotiation and keeps 3,000 phones light.
            self._deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -9, 1)
        return True

    def _frames(self) -> None:
        buf = self._buf
        while len(buf) >= 2:
            b0, b1 = buf[0], buf[1]
            length, start = b1 & 0x7F, 2
            if length == 126:
                if len(buf) < 4:
                    return
                length, start = int.from_bytes(buf[2:4], "big"), 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length, start = int.from_bytes(buf[2:10], "big"), 10
            if len(buf) < start + length:
                return
            payload = bytes(buf[start:start + length])
            del buf[:start + length]
            self._frame(b0, payload)

    def _frame(self, b0: int, payload: bytes) -> None:
        opcode = b0 & 0x0F
        if opcode == 0x8:  # close
            self._send_frame(0x8, payload[:2])
            self.transport.close()
            return
        if opcode == 0x9:  # ping
            self._send_frame(0xA, payload)
            return
        if opcode == 0xA:
            return
        if opcode in (0x1, 0x2):
            self._compressed = bool(b0 & 0x40)
            self._fragments = [payload]
        else:
            self._fragments.append(payload)
        if b0 & 0x80:
            data = b"".join(self._fragments)
            self._fragments = []
            if self._compressed:
                data = self._inflate.decompress(data + SYNC_TAIL)
            self._packet(data.decode("utf-8"))

    def _send_frame(self, opcode: int, payload: bytes, rsv1: bool = False) -> None:
        n = len(payload)
        head = bytes([0x80 | (0x40 if rsv1 else 0) | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        mask = random.getrandbits(32).to_bytes(4, "big")
        keys = (mask * (n // 4 + 1))[:n]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(keys, "big")).to_bytes(n, "big")
        self.transport.write(head + mask + masked)

    def send_text(self, text: str) -> None:
        data = text.encode("utf-8")
        if self._deflate is not None:
            data = self._deflate.compress(data) + self._deflate.flush(zlib.Z_SYNC_FLUSH)
            self._send_frame(0x1, data[:-4], rsv1=True)
        else:
            self._send_frame(0x1, data)

    # -- Engine.IO / Socket.IO -----------------------------------------------------------------------
    def _packet(self, text: str) -> None:
        kind = text[:2]
        if kind == "42":  # a pushed event: kept raw, with its arrival time
            now = time.monotonic()
            self.pushes.append((now, text))
            if self.on_push:
                self.on_push(now)
        elif kind == "43":  # an ack: 43<id>[data]
            body = text.index("[")
            future = self.acks.pop(int(text[2:body]), None)
            if future is not None and not future.done():
                future.set_result((time.monotonic(), text[body:]))
        elif text == "2":  # Engine.IO ping
            self.send_text("3")
        elif text[0] == "0":  # Engine.IO open: connect the default namespace
            self.send_text("40")
        elif kind == "40":
            if not self.connected.done():
                self.connected.set_result(True)
        elif kind == "44" and not self.connected.done():
            self._fail(f"Socket.IO connect refused: {text[:120]}")
        elif kind == "41" or text[0] == "1":
            self.transport.close()

    def _fail(self, reason: str) -> None:
        if not self.connected.done():
            self.connected.set_exception(Closed(reason))
        self.abort()

    def emit(self, event: str, data) -> asyncio.Future:
        """Send an event with an ack id; the future gives (monotonic arrival, raw ack JSON list)."""
        ack_id = self._next_id
        self._next_id += 1
        future = self.acks[ack_id] = asyncio.get_running_loop().create_future()
        if self.transport is None or self.transport.is_closing():
            future.set_exception(Closed("connection closed"))
            return future
        self.send_text(f"42{ack_id}" + json.dumps([event, data], separators=(",", ":")))
        return future

    async def call(self, event: str, data, timeout: float = 60.0) -> dict:
        """Emit and wait for the decoded ack payload."""
        _, raw = await asyncio.wait_for(self.emit(event, data), timeout)
        return json.loads(raw)[0]

    def abort(self) -> None:
        """Drop the connection at once, without a goodbye (as when the Wi-Fi goes)."""
        self.closed_by_us = True
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        """Leave politely: Socket.IO disconnect, then close."""
        self.closed_by_us = True
        if self.transport is not None and not self.transport.is_closing():
            self.send_text("41")
            self.transport.close()


def decode_push(raw: str) -> tuple[str, object]:
    """A raw `42[...]` packet as (event name, payload)."""
    event, *args = json.loads(raw[raw.index("["):])
    return event, (args[0] if args else None)
