"""The listening socket (never shared with another server) and the WSGI server of each async mode.

Each server gets the same three guards: the connection limits of `connections.ConnectionGuard`, a
timeout on every read and write, and no access log (no client address or query string is ever
written anywhere). The servers' packages are imported inside the functions that use them, so that
importing this module never pulls in eventlet or gevent (`run.py` alone monkey-patches).
"""
from __future__ import annotations

import errno
import logging
import re
import socket
import sys

from .connections import IO_TIMEOUT_S, TOO_MANY, ConnectionGuard

MAX_CONNECTIONS = 10_000  # above one address's share (connections.py), so others still get in
BACKLOG = 2048
# A connection's read buffer: a request's head fits (a phone sends well under 2 KB); bodies larger than
# it are read straight from the socket. eventlet's and the standard library's 8 KB stays allocated for
# every phone's whole websocket life, which reads the socket directly.
READ_BUFFER = 2048
# A websocket writes its frames straight to the socket: the 16 KB response buffer eventlet keeps for
# each connection is idle from the upgrade on, so the upgrade swaps it for a small one.
WEBSOCKET_WRITE_BUFFER = 256
log = logging.getLogger("facilitator.serving")


_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|(?:[0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}|"
                      r"[0-9A-Fa-f:]*::[0-9A-Fa-f:.]+")


class ScrubbedErrors:
    """The WSGI error stream (`wsgi.errors`), with every IP address blanked: some libraries write the
    client's address there (eventlet's websocket on a failed shutdown)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(_ADDRESS.sub("[address]", text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        sys.stderr.flush()


ERRORS = ScrubbedErrors()


def without_compression(wsgi_app):
    """WSGI middleware: websocket upgrades are answered without permessage-deflate, which browsers offer.

    A phone's compression context costs the server ~115 KB of memory and a quarter of the CPU of every
    vote; the pushes are small JSON, and on a hall's Wi-Fi their airtime goes to per-frame overhead
    more than to bytes (docs/benchmarks.md, "permessage-deflate"). FACILITATOR_WEBSOCKET_COMPRESSION=1
    accepts it again.
    """
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)
    return app


class PortTaken(Exception):
    """The address and port are already in use; the message says so in plain words."""


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port, without SO_REUSEPORT: a second server on the port fails here.

    (eventlet's own `listen` sets SO_REUSEPORT, so a second server started silently and the kernel
    split the room between the two.) SO_REUSEADDR only lets a restart bind while old connections linger.
    """
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise PortTaken(f"Port {port} on {host} is already in use by another program (another Forum "
                            f"Facilitator server?). Stop it, or start this one with --port and another "
                            f"number.") from None
        raise
    return sock


def run_server(app, sock: socket.socket, mode: str, guard: ConnectionGuard) -> None:
    """Serve `app` on `sock` until the process ends, with the server of the async mode."""
    {"eventlet": _eventlet, "gevent": _gevent, "threading": _threading}[mode](app, sock, guard)


def _refuse(sock) -> None:
    try:
        sock.sendall(TOO_MANY)
    except OSError:
        pass


def _eventlet(app, sock, guard: ConnectionGuard) -> None:
    import eventlet.wsgi

    class Protocol(eventlet.wsgi.HttpProtocol):
        rbufsize = READ_BUFFER

        def handle(self):
            if not guard.admit(self.client_address):
                return _refuse(self.connection)
            try:
                super().handle()
            finally:
                guard.release(self.client_address, self.connection)

        def handle_one_request(self):
            guard.awaiting_request(self.connection)
            super().handle_one_request()

        def handle_one_response(self):
            guard.request_read(self.connection)
            if self.headers.get("Upgrade", "").lower() == "websocket":  # nothing was written to the old one yet
                self.wfile = self.connection.makefile("wb", WEBSOCKET_WRITE_BUFFER)
            super().handle_one_response()

        def log_message(self, format, *args):  # the stdlib's, for refused requests: the address and request line
            log.debug("an invalid HTTP request was refused")

    eventlet.wsgi.server(sock, app, max_size=MAX_CONNECTIONS, protocol=Protocol, log_output=False,
                         debug=False, socket_timeout=IO_TIMEOUT_S, environ={"wsgi.errors": ERRORS})


def _gevent(app, sock, guard: ConnectionGuard) -> None:
    from gevent import pywsgi
    from gevent.pool import Pool

    class Handler(pywsgi.WSGIHandler):
        def handle(self):
            client, connection = self.client_address, self.socket
            if not guard.admit(client):
                return _refuse(connection)
            connection.settimeout(IO_TIMEOUT_S)
            try:
                super().handle()
            except OSError:  # the client went away, or its late request was shut
                pass
            finally:
                guard.release(client, connection)

        def handle_one_request(self):
            guard.awaiting_request(self.socket)
            return super().handle_one_request()

        def handle_one_response(self):
            guard.request_read(self.socket)
            return super().handle_one_response()

        def log_error(self, msg, *args):  # gevent's own messages name the client's address
            log.debug("an invalid HTTP request was refused")

        def _handle_client_error(self, ex):  # gevent's hook; it prints a traceback for a request the guard shut
            return "400", pywsgi._BAD_REQUEST_RESPONSE

        def _log_error(self, t, v, tb):  # gevent prints the request's environ (address, query string)
            log.error("the server failed on a request", exc_info=(t, v, tb))

    pywsgi.WSGIServer(sock, app, handler_class=Handler, spawn=Pool(MAX_CONNECTIONS), log=None,
                      environ={"wsgi.errors": ERRORS}).serve_forever()


def _threading(app, sock, guard: ConnectionGuard) -> None:
    from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        timeout = IO_TIMEOUT_S

        def handle(self):
            if not guard.admit(self.client_address):
                return _refuse(self.connection)
            try:
                super().handle()
            finally:
                guard.release(self.client_address, self.connection)

        def handle_one_request(self):
            guard.awaiting_request(self.connection)
            super().handle_one_request()

        def run_wsgi(self):
            guard.request_read(self.connection)
            super().run_wsgi()

        def log_request(self, *args):  # werkzeug logs every request with the address and the query string
            pass

        def make_environ(self):
            environ = super().make_environ()
            environ["wsgi.errors"] = ERRORS
            return environ

        def log(self, type, message, *args):  # its messages name the address, some quote the request line
            if type == "error":
                log.debug("an invalid HTTP request was refused")

    class Server(ThreadedWSGIServer):
        def handle_error(self, request, client_address):  # the stdlib's message names the address
            log.exception("the server failed on a request")

    host, port = sock.getsockname()[:2]
    Server(host, port, app, handler=Handler, fd=sock.fileno()).serve_forever()
