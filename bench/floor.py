"""The floor: a bare Flask-SocketIO server doing only what the benchmark's scenarios do, nothing more.

    python bench/floor.py --port P [--async-mode eventlet|gevent] [--gc default|tuned|frozen] [--nodelay]
                          [--no-deflate] [--encode-once] [--whole-suggestions] [--raw]

The same protocol shapes as the app (docs/protocol.md) for what the scenarios use: `join` (participant
with or without a token, board, moderator), `vote` with `votes_left` in its ack, `next_speaker`,
`get_state`; tallies and the speaker pushed to the rooms at most every 0.2 s, only what changed, as
the app does. No database, no rules, no per-phone `me` push. Its figures are what Flask-SocketIO and the
async server cost by themselves: the app's are read against them.

The flags are the levers of issue 13, tried here before the app: the garbage collector's threshold
(`tuned` is what `run.py` sets; `frozen` also moves start-up's objects out of its reach), TCP_NODELAY on the server's sockets, refusing websocket compression,
one websocket frame built per room push instead of one per phone, and pushes of tallies only; and
`--raw`: the handlers registered on python-socketio's server itself, handler(sid, data), as the app's
are (facilitator/live.py), without the Flask request context Flask-SocketIO builds for every event.
The floor of issue 13 stays plain Flask-SocketIO (without `--raw`).
"""
from __future__ import annotations

import argparse
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", help="ignored: the floor keeps nothing (accepted as run.py's is)")
    parser.add_argument("--async-mode", choices=["eventlet", "gevent"], default="eventlet")
    parser.add_argument("--gc", choices=["default", "tuned", "frozen"], default="frozen",
                        help="tuned: run.py's threshold; frozen (the default, as run.py does): tuned, and "
                             "gc.freeze() before serving")
    parser.add_argument("--nodelay", action="store_true", help="TCP_NODELAY on every accepted socket")
    parser.add_argument("--no-deflate", action="store_true", help="refuse permessage-deflate")
    parser.add_argument("--encode-once", action="store_true",
                        help="build each room push's websocket frame once, not once per phone (eventlet)")
    parser.add_argument("--whole-suggestions", action="store_true",
                        help="push a tally as the whole suggestion (the app did before `tallies`), not {id, votes}")
    parser.add_argument("--raw", action="store_true",
                        help="handlers on python-socketio's server (handler(sid, data)), no Flask request context")
    parser.add_argument("--suggestions", type=int, default=20)
    parser.add_argument("--speakers", type=int, default=7, help="walk-ins in the queue")
    args = parser.parse_args()
    if args.async_mode == "eventlet":
        import eventlet
        eventlet.monkey_patch()
    else:
        from gevent import monkey
        monkey.patch_all()
    import gc
    if args.gc in ("tuned", "frozen"):
        gc.set_threshold(50000, 50, 1000)
    import levers
    if args.encode_once:
        levers.encode_once()
    serve(args, levers)


def serve(args, levers) -> None:
    import secrets
    import time

    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=args.async_mode, max_http_buffer_size=16_384, ping_interval=10,
                        ping_timeout=20)
    now = time.time()
    suggestions = {i: {"id": i, "text": f"Suggestion number {i} for the city", "votes": 0, "pinned": False,
                       "translations": {}, "created_at": now} for i in range(1, args.suggestions + 1)}
    queue = [{"entry_id": i, "label": f"Walk-in {i}", "lang": "sv", "person": f"W{i}", "turns": 0, "talk_s": 0.0,
              "first_time": True, "waiting_s": 0.0} for i in range(1, args.speakers + 1)]
    forum = {"code": "FLOOR", "title": "Floor", "questions": [{"index": 0, "text": "Q", "translations": {}}],
             "turn_seconds": 120, "vote_budget": 3, "policy": "fair", "board_view": "standard",
             "premoderation": False, "hide_tallies": "none"}
    live = {"speaker": None, "dirty": set(), "speaker_dirty": False}
    people: dict[str, str] = {}  # token -> person
    votes: dict[str, set[int]] = {}  # person -> suggestion ids
    seats: dict[str, str | None] = {}  # sid -> person

    def me(person):
        mine = votes.get(person, set())
        return {"person": person, "votes_left": 3 - len(mine), "my_votes": sorted(mine)}

    def full(person):
        state = {"full": True, "forum": forum, "question": forum["questions"][0], "speaker": live["speaker"],
                 "queue": queue, "suggestions": list(suggestions.values()), "server_time": time.time(),
                 "voting": {"open": True, "revealed": False,
                            "tallies_visible": {"participant": True, "board": True}}, "round": None}
        if person:
            state["me"] = me(person)
        return state

    @app.get("/healthz")
    def healthz():
        return "ok"

    def on(event):
        """Register handler(sid, data): on python-socketio's server (`--raw`), or through Flask-SocketIO,
        which calls it inside the request context it builds for every event."""
        def decorator(handler):
            if args.raw:
                socketio.server.on(event, handler)
            else:
                socketio.on(event)(lambda data=None: handler(request.sid, data))
            return handler
        return decorator

    @on("join")
    def on_join(sid, data):
        role, person, token = data.get("role"), None, None
        if role == "participant":
            token = data.get("token") or secrets.token_urlsafe(24)
            person = people.setdefault(token, f"P{len(people) + 1}")
        seats[sid] = person
        socketio.server.enter_room(sid, role) if args.raw else join_room(role)
        return {"ok": True, "state": full(person), **({"token": token} if token else {})}

    @on("vote")
    def on_vote(sid, data):
        person, chosen = seats.get(sid), data["suggestion_id"]
        mine = votes.setdefault(person, set())
        if chosen not in mine:
            mine.add(chosen)
            suggestions[chosen]["votes"] += 1
            live["dirty"].add(chosen)
        return {"ok": True, "votes_left": 3 - len(mine)}

    @on("next_speaker")
    def on_next(sid, data=None):
        live["speaker"] = dict(queue.pop(0), elapsed_s=0.0, limit_s=120, mode="speaking",
                               interpreting_s=0.0, started_at=time.time()) if queue else None
        live["speaker_dirty"] = True
        return {"ok": True, "speaker": live["speaker"]}

    @on("get_state")
    def on_get_state(sid, data=None):
        return {"ok": True, "state": full(seats.get(sid))}

    @on("disconnect")
    def on_disconnect(sid, reason=None):
        seats.pop(sid, None)

    def pusher():
        while True:
            socketio.sleep(0.2)
            message = {}
            if live["dirty"]:
                changed, live["dirty"] = sorted(live["dirty"]), set()
                if not args.whole_suggestions:  # the tallies alone, as the app pushes them (docs/protocol.md)
                    message["tallies"] = [{"id": i, "votes": suggestions[i]["votes"]} for i in changed]
                else:
                    message["suggestions"] = [suggestions[i] for i in changed]
                    message["suggestions_removed"] = []
            if live["speaker_dirty"]:
                live["speaker_dirty"] = False
                message.update(speaker=live["speaker"], queue=queue)
            if message:
                message["server_time"] = time.time()
                for room in ("participant", "board", "moderator"):
                    socketio.emit("state", message, to=room)

    socketio.start_background_task(pusher)
    if args.no_deflate:
        app.wsgi_app = levers.refuse_deflate(app.wsgi_app)
    extra = {"max_size": 10_000, "log_output": False} if args.async_mode == "eventlet" else {}
    if args.nodelay:
        levers.nodelay_listener(args.async_mode)
    if args.gc == "frozen":
        import gc
        gc.collect()
        gc.freeze()  # what start-up allocated is never scanned again
    print(f"floor on {args.host}:{args.port} ({args.async_mode})", flush=True)
    socketio.run(app, host=args.host, port=args.port, **extra)


if __name__ == "__main__":
    sys.exit(main())
