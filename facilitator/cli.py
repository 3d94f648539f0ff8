"""The command line: serve (the default), and the core team's export, import and purge."""
from __future__ import annotations

import argparse
import gc
import resource
from pathlib import Path

from . import create_app
from .config import ASYNC_MODES, DEFAULT_DATA_DIR
from .links import forum_links, qr_terminal
from .netaddr import lan_addresses

MAX_CONNECTIONS = 5000


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run.py", description="Forum Facilitator")
    _serve_options(parser)
    parser.set_defaults(func=serve)
    return parser


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--async-mode", choices=ASYNC_MODES, default=None,
                        help="eventlet (default), gevent or threading (small forums only)")


def serve(args) -> int:
    import os
    mode = args.async_mode or os.environ.get("FACILITATOR_ASYNC_MODE", "eventlet")
    addresses = lan_addresses() if args.host in ("0.0.0.0", "::") else [args.host]
    base = f"http://{(addresses or ['localhost'])[0]}:{args.port}"
    app, socketio = create_app({"DATA_DIR": args.data_dir, "ASYNC_MODE": mode,
                                "PUBLIC_URL": os.environ.get("FACILITATOR_PUBLIC_URL") or base})
    _tune_for_many_phones()
    _announce(app, addresses, args.port)
    extra = {"max_size": MAX_CONNECTIONS, "log_output": False} if mode == "eventlet" else {}
    if mode == "threading":
        extra = {"allow_unsafe_werkzeug": True}
    socketio.run(app, host=args.host, port=args.port, **extra)
    return 0


def _tune_for_many_phones() -> None:
    """Room for thousands of sockets, and a garbage collector that does not stall pushes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    gc.set_threshold(50000, 50, 1000)


def _announce(app, addresses: list[str], port: int) -> None:
    key = app.config["MODERATOR_KEY"]
    bases = [f"http://{a}:{port}" for a in addresses] or [f"http://localhost:{port}"]
    lines = ["", "=" * 72, "  FORUM FACILITATOR is running", "=" * 72]
    for base in bases:
        lines.append(f"  Moderator console:  {base}/m/?key={key}")
    lines.append(f"  Moderator key:      {key}")
    forums = app.extensions["forums"]
    codes = forums.store.forum_codes()
    if codes:
        code = codes[-1]
        links = forum_links(code, bases[0])
        lines += [f"  Latest forum:       {forums.get(code).state.title} ({code})",
                  f"  Board (projector):  {links['board_url']}",
                  f"  JOIN LINK (phones): {links['join_url']}", "", qr_terminal(links["join_url"])]
    else:
        lines.append("  No forum yet: open the console and create one.")
    print("\n".join(lines), flush=True)
