"""Settings in one place: defaults, environment variables, and the secrets kept in the data dir."""
from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "sessions_data"
ASYNC_MODES = ("eventlet", "gevent", "threading")
DEFAULT_ASYNC_MODE = "eventlet"  # the one default: run.py, the command line and the app all read it here
PRIVATE_MODE = 0o600
# What the data dir holds; only its owner may read any of it (an older version left some world-readable).
DATA_FILES = ("facilitator.db", "facilitator.db-wal", "facilitator.db-shm", "facilitator.db-journal",
              "moderator_key", "secret_key", "server.lock", "heartbeat")


def write_private(path: Path, content: bytes) -> None:
    """Write `content` to a file that only its owner can read, whatever the umask or an older file's mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    with os.fdopen(fd, "wb") as f:
        os.fchmod(fd, PRIVATE_MODE)
        f.write(content)


def make_private(data_dir: Path) -> None:
    """Make the data dir's files readable by their owner only."""
    for name in DATA_FILES:
        if (data_dir / name).is_file():
            (data_dir / name).chmod(PRIVATE_MODE)


def persistent_secret(data_dir: Path, name: str, nbytes: int = 24) -> str:
    """A secret generated once and kept in the data dir, so a restart logs nobody out."""
    path = data_dir / name
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(nbytes)
    write_private(path, (value + "\n").encode())
    return value


def async_mode() -> str:
    """The async mode the environment asks for (FACILITATOR_ASYNC_MODE), else the default."""
    return os.environ.get("FACILITATOR_ASYNC_MODE") or DEFAULT_ASYNC_MODE


def load(overrides: dict | None = None) -> dict:
    """The app's configuration: defaults < environment < explicit overrides."""
    overrides = dict(overrides or {})
    data_dir = Path(overrides.pop("DATA_DIR", None) or os.environ.get("FACILITATOR_DATA_DIR") or DEFAULT_DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "DATA_DIR": data_dir,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'facilitator.db'}",
        "MODERATOR_KEY": os.environ.get("FACILITATOR_MODERATOR_KEY") or persistent_secret(data_dir, "moderator_key", 12),
        "SECRET_KEY": persistent_secret(data_dir, "secret_key", 32),
        "ASYNC_MODE": async_mode(),
        "PUBLIC_URL": os.environ.get("FACILITATOR_PUBLIC_URL", ""),
        # The pushes' tick (votes, hands, joins coalesce on it), and the least time between two pushes
        # when the moderator's moves push at once (broadcast.AT_ONCE).
        "BROADCAST_INTERVAL_S": float(os.environ.get("FACILITATOR_BROADCAST_INTERVAL_S", "0.2")),
        "PUSH_GAP_S": float(os.environ.get("FACILITATOR_PUSH_GAP_S", "0.1")),
        # Engine.IO's pings: a phone that answers none within the timeout is dropped (and rejoins itself).
        "PING_INTERVAL_S": float(os.environ.get("FACILITATOR_PING_INTERVAL_S", "10")),
        "PING_TIMEOUT_S": float(os.environ.get("FACILITATOR_PING_TIMEOUT_S", "20")),
        "MAX_MESSAGE_BYTES": 16_384,
        "EVENTS_PER_MINUTE": 120,
        # New phones (joins without a known token): per connection in its life, and per forum a burst
        # that refills per minute (admission.py). Generous for a hall, tight for a script.
        "NEW_PHONES_PER_CONNECTION": int(os.environ.get("FACILITATOR_NEW_PHONES_PER_CONNECTION", "2")),
        "NEW_PHONES_BURST": int(os.environ.get("FACILITATOR_NEW_PHONES_BURST", "400")),
        "NEW_PHONES_PER_MINUTE": float(os.environ.get("FACILITATOR_NEW_PHONES_PER_MINUTE", "120")),
        # How long a save waits for SQLite's write lock (held by a backup, an import, a `sqlite3` session).
        "BUSY_TIMEOUT_MS": int(os.environ.get("FACILITATOR_BUSY_TIMEOUT_MS", "5000")),
        "HEARTBEAT_S": 0.5,  # how often the server notes that it is alive (0: never; see clock.Heartbeat)
        # A cluster's worker (docs/deployment.md): the Redis URL its pushes go through, and its name in
        # the forums' leases. Unset: one server serves every forum (the laptop).
        "MESSAGE_QUEUE": os.environ.get("FACILITATOR_MESSAGE_QUEUE", ""),
        "WORKER": os.environ.get("FACILITATOR_WORKER") or f"{socket.gethostname()}:{os.getpid()}",
        # permessage-deflate on the phones' websockets (serving.without_compression says why it is off)
        "WEBSOCKET_COMPRESSION": os.environ.get("FACILITATOR_WEBSOCKET_COMPRESSION", "") == "1",
    }
    config.update(overrides)
    if config["ASYNC_MODE"] not in ASYNC_MODES:
        raise ValueError(f"async mode must be one of {ASYNC_MODES}")
    return config
