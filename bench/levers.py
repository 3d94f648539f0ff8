"""The levers of issue 13 as switches, for the floor server and for experiments on a copy of the app.

Each one is applied after monkey-patching and before the server starts; none is used by the app today.
"""
from __future__ import annotations

import socket


def refuse_deflate(wsgi_app):
    """WSGI middleware: answer websocket upgrades without permessage-deflate (browsers offer it)."""
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)
    return app


def nodelay_listener(async_mode: str) -> None:
    """TCP_NODELAY on the listening socket the server makes; Linux hands it down to every accepted socket."""
    if async_mode == "eventlet":
        import eventlet
        module, name = eventlet, "listen"
    else:
        import gevent.server
        module, name = gevent.server, "_tcp_listener"
    make = getattr(module, name)

    def listener(*args, **kwargs):
        sock = make(*args, **kwargs)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    setattr(module, name, listener)


def encode_once() -> None:
    """Build each websocket frame once per message, not once per phone (eventlet, uncompressed only).

    python-socketio already encodes a room push once and python-engineio caches the packet's text,
    so every phone's writer gets the same `str` object; eventlet then UTF-8-encodes it and builds the
    frame again for each phone. With permessage-deflate every phone's frame differs (its own
    compression context), so only uncompressed sockets share the cached frame.
    """
    from eventlet import websocket

    pack = websocket.RFC6455WebSocket._pack_message
    cache: dict[int, tuple[str, bytes]] = {}

    def pack_once(self, message, masked=False, continuation=False, final=True, control_code=None):
        if (isinstance(message, str) and len(message) > 64 and not masked and not continuation and final
                and not control_code and self._get_permessage_deflate_enc() is None):
            hit = cache.get(id(message))
            if hit is not None and hit[0] is message:
                return hit[1]
            frame = pack(self, message)
            if len(cache) > 64:
                cache.clear()
            cache[id(message)] = (message, frame)  # the entry holds the str, so its id is not reused
            return frame
        return pack(self, message, masked, continuation, final, control_code)

    websocket.RFC6455WebSocket._pack_message = pack_once


def for_app(app, socketio, mode: str, sock=None) -> None:
    """The levers named in BENCH_LEVERS (comma-separated), applied to a scratch copy of the app.

    Not called by the app: an experiment adds `levers.for_app(app, socketio, mode, sock)` before
    `run_server` in a copy's facilitator/cli.py (docs/benchmarks.md, "Levers").
    """
    import gc
    import os

    chosen = set(filter(None, os.environ.get("BENCH_LEVERS", "").split(",")))
    if "gc-default" in chosen:
        gc.set_threshold(700, 10, 10)
    if "gc-frozen" in chosen:
        gc.collect()
        gc.freeze()
    if "nodelay" in chosen:
        if sock is not None:  # already listening: set it there, accepted sockets inherit it
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        else:
            nodelay_listener(mode)
    if "no-deflate" in chosen:
        app.wsgi_app = refuse_deflate(app.wsgi_app)
    if "encode-once" in chosen:
        encode_once()
    if "no-me" in chosen:  # no personal `me` pushes (the ack already says votes_left)
        from facilitator import broadcast
        broadcast.Broadcaster._personal = lambda self, code, forum, persons, now: []
    if chosen:
        print(f"levers: {sorted(chosen)}", flush=True)
