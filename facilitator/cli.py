"""The command line: serve (the default), and the core team's export, import and purge; translations."""
from __future__ import annotations

import argparse
import gc
import os
import resource
import signal
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import event

from . import create_app
from .config import ASYNC_MODES, DEFAULT_DATA_DIR, async_mode, make_private, write_private
from .core import Refused
from .connections import CONNECTIONS_PER_ADDRESS, HEADER_TIMEOUT_S, ConnectionGuard
from .datalock import DataDirTaken, hold_data_dir
from .export import csv_files, export_data, to_json, xlsx_bytes
from .i18n import LANGUAGES
from .importer import ImportRefused, import_forum, read_export
from .links import forum_links, qr_terminal
from .netaddr import lan_addresses
from .pings import ping_from_hub_timers
from .report import render_report
from .review_sheet import add_translation_commands
from .serving import PortTaken, listen, run_server

FORMATS = ("json", "csv", "xlsx", "html")
OK, DECLINED, FAILED = 0, 1, 2


def main(argv: list[str], offload=None) -> int:
    """Run the command in `argv`; `offload` runs blocking calls off the event loop (eventlet's tpool)."""
    args = _parser().parse_args(argv)
    args.offload = offload
    previous = os.umask(0o077)  # the database, its -wal and -shm, secrets and exports: the owner's only
    try:
        return args.func(args)
    finally:
        os.umask(previous)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run.py", description="Forum Facilitator. Without a command: serve.")
    _serve_options(parser)
    parser.set_defaults(func=serve)
    commands = parser.add_subparsers(title="commands", metavar="{export,import,purge,keys,translations}")
    export = commands.add_parser("export", help="write a forum's export files into a folder")
    export.add_argument("code", help="the forum's code")
    export.add_argument("--format", choices=FORMATS + ("all",), default="all",
                        help="json, csv (one file per table), xlsx, html (the report), or all (default)")
    export.add_argument("--out", type=Path, default=Path("."), help="folder to write into (default: here)")
    export.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="the language of the report (html); default en")
    export.add_argument("--include-hidden", action="store_true",
                        help="put the suggestions the moderator hid in the report (html) too")
    export.set_defaults(func=export_command)
    restore = commands.add_parser("import", help="restore a forum from its export.json")
    restore.add_argument("file", type=Path)
    restore.set_defaults(func=import_command)
    purge = commands.add_parser("purge", help="delete a forum and all its data for good")
    purge.add_argument("code", help="the forum's code")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.set_defaults(func=purge_command)
    keys = _keys_parser(commands)
    add_translation_commands(commands)  # review sheets: facilitator/review_sheet.py
    for command in (export, restore, purge, *keys):
        command.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                             help=f"the server's data dir (default: {DEFAULT_DATA_DIR})")
    return parser


def _keys_parser(commands) -> list:
    """`keys add NAME`, `keys list`, `keys revoke NAME`: the core team's keys (team_keys.py)."""
    keys = commands.add_parser("keys", help="core-team keys: they open the follow-up pages, not the live floor")
    actions = keys.add_subparsers(title="actions", metavar="{add,list,revoke}", required=True)
    add = actions.add_parser("add", help="make a key for a core-team member and print it (once)")
    add.add_argument("name", help="whose key it is (shown with every change they make)")
    add.set_defaults(func=keys_add_command)
    listing = actions.add_parser("list", help="every key, in use or revoked (never the keys themselves)")
    listing.set_defaults(func=keys_list_command)
    revoke = actions.add_parser("revoke", help="revoke the key in use with this name: refused at once")
    revoke.add_argument("name")
    revoke.set_defaults(func=keys_revoke_command)
    return [add, listing, revoke]


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--async-mode", choices=ASYNC_MODES, default=None,
                        help="eventlet (default), gevent or threading (small forums only)")
    parser.add_argument("--connections-per-address", type=int, metavar="N",
                        default=int(os.environ.get("FACILITATOR_CONNECTIONS_PER_ADDRESS", CONNECTIONS_PER_ADDRESS)),
                        help="open connections one address may hold (default %(default)s; a venue's phones may "
                             "all share one address, so never set it below the hall's size)")
    parser.add_argument("--header-timeout", type=float, metavar="SECONDS", default=HEADER_TIMEOUT_S,
                        help="time a client has to send a request's headers; idle connections close after it "
                             "(default %(default)s)")


def serve(args) -> int:
    """Lock the data dir, take the port (never shared), then serve until the process ends."""
    mode = args.async_mode or async_mode()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        lock = hold_data_dir(args.data_dir)  # noqa: F841 (held open for the server's lifetime)
        sock = listen(args.host, args.port)
    except (DataDirTaken, PortTaken) as error:
        return _fail(str(error))
    make_private(args.data_dir)
    port = sock.getsockname()[1]
    addresses = lan_addresses() if args.host in ("0.0.0.0", "::") else [args.host]
    base = f"http://{(addresses or ['localhost'])[0]}:{port}"
    app, socketio = create_app({"DATA_DIR": args.data_dir, "ASYNC_MODE": mode, "OFFLOAD": args.offload,
                                "PUBLIC_URL": os.environ.get("FACILITATOR_PUBLIC_URL") or base})
    _tune_for_many_phones()
    if mode == "eventlet":
        ping_from_hub_timers()
    _announce(app, addresses, port)
    guard = ConnectionGuard(args.connections_per_address, args.header_timeout)
    socketio.start_background_task(guard.run, socketio.sleep)
    forums = app.extensions["forums"]
    if forums.leases:  # a cluster's worker stopped cleanly hands its forums over at once (docs/deployment.md)
        signal.signal(signal.SIGTERM, _stop)
    try:
        run_server(app, sock, mode, guard)
    finally:
        forums.release_all()
    return 0


def _stop(*_args) -> None:
    raise SystemExit(0)


def _tune_for_many_phones() -> None:
    """Room for thousands of sockets, and a garbage collector that does not stall pushes.

    The threshold makes full collections rare; `freeze` moves everything built at start-up (modules,
    the app, the catalogues) out of the collector's sight, so the collections that remain walk only
    what the forums and the phones hold (docs/benchmarks.md: "The levers").
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    gc.set_threshold(50000, 50, 1000)
    gc.collect()
    gc.freeze()


def _announce(app, addresses: list[str], port: int) -> None:
    """Print every LAN address of the console, and the latest forum's board and join link with a QR code.

    The console link logs in once (a browser keeps it in its history, where it is then useless); the
    key itself is printed apart, never inside an address.
    """
    key = app.config["MODERATOR_KEY"]
    bases = [f"http://{a}:{port}" for a in addresses] or [f"http://localhost:{port}"]
    token = app.extensions["moderator_access"].login_link_token()
    lines = ["", "=" * 72, "  FORUM FACILITATOR is running", "=" * 72]
    lines += [f"  Moderator console:  {base}/m/login/{token}" for base in bases]
    lines.append("                      (the link logs in once; after that, the console asks for the key)")
    lines.append(f"  Moderator key:      {key}")
    codes = app.extensions["forums"].codes()
    if codes:
        lines.append(forum_banner(app, codes[-1], bases[0], "Latest forum"))
    else:
        lines += ["  No forum yet: open the console and create one.",
                  f"  JOIN PAGE (phones type the forum's code): {bases[0]}/", "", qr_terminal(bases[0] + "/")]
    print("\n".join(lines), flush=True)
    app.config["ANNOUNCE_FORUM"] = lambda code: print(forum_banner(app, code, bases[0], "New forum"), flush=True)


def forum_banner(app, code: str, base: str, heading: str) -> str:
    """A forum's links, the join link large and as a QR code (some consoles garble the QR)."""
    links = forum_links(code, base)
    title = app.extensions["forums"].title(code)  # read without replaying: a damaged log stops nothing
    return "\n".join([f"  {heading}:  {title} ({code})", f"  Board (projector):  {links['board_url']}",
                      f"  Console:            {links['moderator_url']}", "",
                      f"  JOIN LINK (phones): {links['join_url']}", "", qr_terminal(links["join_url"])])


def _forums(args):
    """The forum registry over the data dir's store, as the server would open it."""
    app, _ = create_app({"DATA_DIR": args.data_dir, "ASYNC_MODE": "threading", "HEARTBEAT_S": 0})
    return app, app.extensions["forums"]


def _load(forums, args):
    """The forum named on the command line: its code, and its stored log (None if there is none)."""
    code = args.code.strip().upper()
    return code, forums.store.load(code)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return FAILED


def export_command(args) -> int:
    """Write the chosen formats into --out and print each file's path."""
    app, forums = _forums(args)
    code, loaded = _load(forums, args)
    if not loaded:
        return _fail(f"There is no forum with the code {code} in {args.data_dir}.")
    data = export_data(loaded[1], forums.clock())
    args.out.mkdir(parents=True, exist_ok=True)
    formats = FORMATS if args.format == "all" else (args.format,)
    for name, content in _export_files(app, data, formats, args.lang, args.include_hidden).items():
        path = args.out / name
        write_private(path, content)
        print(path)
    return OK


def _export_files(app, data: dict, formats, lang: str = "en", include_hidden: bool = False) -> dict[str, bytes]:
    code = data["forum"]["code"]
    files: dict[str, bytes] = {}
    if "json" in formats:
        files[f"{code}-export.json"] = to_json(data)
    if "csv" in formats:
        files.update(csv_files(data))
    if "xlsx" in formats:
        files[f"{code}-export.xlsx"] = xlsx_bytes(data)
    if "html" in formats:
        with app.test_request_context(query_string={"lang": lang}):  # the report's language, as ?lang=
            report = render_report(data, standalone=True, include_hidden=include_hidden)
            files[f"{code}-report.html"] = report.encode("utf-8")
    return files


def import_command(args) -> int:
    """Recreate a forum from its export.json, all or nothing; refuse a bad file or a code already taken."""
    _, forums = _forums(args)
    try:
        data = read_export(args.file)
        code, warnings = import_forum(forums.store, data)
    except ImportRefused as error:
        return _fail(f"Nothing was imported. {error}")
    for warning in warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print(f"Imported forum {code} ({len(data['events'])} events) into {args.data_dir}.")
    print("Participants cannot rejoin it from their phones: device tokens are never exported.")
    return OK


def keys_add_command(args) -> int:
    app, _ = _forums(args)
    try:
        row, key = app.extensions["team_keys"].add(args.name, by="command line")
    except Refused as error:
        return _fail(str(error))
    print(f"Core-team key for {row['name']} (id {row['id']}):\n\n  {key}\n")
    print("It is shown only now: only a hash of it is kept. It opens the follow-up pages "
          "(/m/followup) and the exports, not the live floor.")
    return OK


def keys_list_command(args) -> int:
    app, _ = _forums(args)
    rows = app.extensions["team_keys"].all()
    if not rows:
        print("No core-team keys yet: python run.py keys add NAME")
    for row in rows:
        state = f"revoked {_date(row['revoked_at'])} by {row['revoked_by']}" if row["revoked_at"] else "in use"
        print(f"{row['id']:>4}  {row['name']:<30}  made {_date(row['created_at'])} by {row['created_by']}; {state}")
    return OK


def keys_revoke_command(args) -> int:
    app, _ = _forums(args)
    try:
        row = app.extensions["team_keys"].revoke(args.name, by="command line")
    except Refused as error:
        return _fail(str(error))
    print(f"Revoked the key of {row['name']} (id {row['id']}): it is refused from now on.")
    return OK


def _date(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def purge_command(args) -> int:
    """Delete a forum, its log, devices and votes, after the code is typed (or with --yes)."""
    _, forums = _forums(args)
    code, loaded = _load(forums, args)
    if not loaded:
        return _fail(f"There is no forum with the code {code} in {args.data_dir}.")
    if not args.yes and not _confirmed(code, loaded[1][0]["title"], len(loaded[1])):
        print("Nothing was deleted.")
        return DECLINED
    _secure_delete(forums.store.engine)
    forums.store.purge(code)
    forums.forget(code)
    _scrub(forums.store.engine)
    print(f"Deleted forum {code} and all its data.")
    return OK


def _confirmed(code: str, title: str, events: int) -> bool:
    print(f"This deletes forum {code} \"{title}\" ({events} recorded actions) for good.")
    try:
        answer = input(f"Type the code {code} to confirm: ")
    except EOFError:
        return False
    return answer.strip().upper() == code


def _scrub(engine) -> None:
    """Make SQLite drop the deleted rows from the file too: rebuild it (VACUUM), then empty the WAL.

    On the raw connection: the engine's "begin" listener opens a transaction on every SQLAlchemy
    connection, AUTOCOMMIT ones too, and VACUUM cannot run inside one (every purge used to say so).
    """
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM")
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            print("Note: the server was reading the database, so its write-ahead log could not be emptied "
                  "now; SQLite empties it at its next checkpoint.", file=sys.stderr)
    except sqlite3.OperationalError as error:
        print(f"Note: the database file could not be compacted now ({error}); the deleted rows stay in "
              "its free pages until the next purge.", file=sys.stderr)
    finally:
        raw.close()


def _secure_delete(engine) -> None:
    """Deleted rows are overwritten with zeros on every connection opened from now on."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA secure_delete=ON"))
        engine.dispose()
