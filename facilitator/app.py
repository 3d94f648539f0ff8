"""The application factory: the Flask app and its Socket.IO server on the configured store."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_socketio import SocketIO

from .admission import Admission
from .api import api
from .broadcast import Broadcaster
from .clock import Heartbeat, ServerClock, keep_beating, once
from .compress import compress
from .config import load as load_config
from .database import make_engine
from .followup import followup_api
from .followup_pages import followup_pages
from .forums import Forums
from .i18n import init_i18n
from .leases import RENEW_S, Leases
from .live import register
from .moderator_access import ModeratorAccess
from .outcome import outcome_pages
from .planned import PlannedForums
from .ratelimit import RateLimit
from .seats import Seats
from .security import add_headers
from .serving import without_compression
from .snapshots import Snapshots
from .socket_layer import TextPacket, client_manager
from .store import Store
from .team_keys import TeamKeys
from .web import pages

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> tuple[Flask, SocketIO]:
    """Build the Flask app and its Socket.IO server on the configured store."""
    conf = load_config(config)
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(conf)
    queue = conf["MESSAGE_QUEUE"] or None  # a cluster's workers share their pushes through it
    socketio = SocketIO(app, async_mode=conf["ASYNC_MODE"], max_http_buffer_size=conf["MAX_MESSAGE_BYTES"],
                        ping_interval=conf["PING_INTERVAL_S"], ping_timeout=conf["PING_TIMEOUT_S"],
                        message_queue=queue, client_manager=client_manager(queue), serializer=TextPacket)
    if not conf["WEBSOCKET_COMPRESSION"]:
        app.wsgi_app = without_compression(app.wsgi_app)  # outside Socket.IO's middleware, which SocketIO() added
    clock = conf.get("CLOCK") or ServerClock()
    engine = make_engine(conf["DATABASE_URL"], conf["BUSY_TIMEOUT_MS"])
    leases = Leases(engine, conf["WORKER"], clock) if queue else None  # one worker of a cluster (leases.py)
    forums = Forums(Store(engine), clock, offload=conf.get("OFFLOAD"),
                    heartbeat=Heartbeat(conf["DATA_DIR"] / "heartbeat", clock), leases=leases)
    seats = Seats()
    broadcaster = Broadcaster(socketio, forums, seats, conf["BROADCAST_INTERVAL_S"], conf["PUSH_GAP_S"])
    forums.restored = broadcaster.resync
    loops = [(forums.beat, conf["HEARTBEAT_S"])] + ([(forums.keep_leases, RENEW_S)] if leases else [])
    if conf["HEARTBEAT_S"]:  # from the first forum served on (the command line's export serves none)
        forums.serving = once(lambda: [socketio.start_background_task(keep_beating, socketio.sleep, loop, every)
                                       for loop, every in loops])
    # A forum another worker serves now: its sockets here reconnect, and nginx sends them to that worker.
    forums.dropped = lambda code: [socketio.server.disconnect(sid, namespace="/") for sid in seats.sockets(code)]
    limit = RateLimit(conf["EVENTS_PER_MINUTE"])
    admission = Admission(conf["NEW_PHONES_PER_CONNECTION"], conf["NEW_PHONES_BURST"], conf["NEW_PHONES_PER_MINUTE"])
    app.extensions.update(forums=forums, broadcaster=broadcaster, seats=seats, rate_limit=limit, admission=admission,
                          moderator_access=ModeratorAccess(conf["MODERATOR_KEY"], conf["SECRET_KEY"]),
                          team_keys=TeamKeys(forums.store.engine, conf["SECRET_KEY"]),
                          planned_forums=PlannedForums(forums.store.engine, clock), snapshots=Snapshots(forums))
    init_i18n(app)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(followup_api)
    app.register_blueprint(followup_pages)
    app.register_blueprint(outcome_pages)
    app.after_request(add_headers)
    app.after_request(compress)
    register(app, socketio, forums, broadcaster, seats, limit, admission)
    return app, socketio
