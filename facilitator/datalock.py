"""One server per data dir: an exclusive lock held on `DATA_DIR/server.lock` for the server's lifetime.

Two servers on one data dir would each keep their own copy of the forums in memory and split the room.
The lock is `flock`'s: the kernel drops it when the process ends, however it ends (kill -9 included),
so a stale lock file never blocks a restart. The command line's export, import and purge do not take
it: they only read or change the database, as they may beside a running server. Several servers, each
with its own data dir, may share one database server (PostgreSQL).
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_NAME = "server.lock"


class DataDirTaken(Exception):
    """Another process holds the data dir; the message names its pid."""


def hold_data_dir(data_dir: Path) -> int:
    """Lock `data_dir` for this process and write its pid into the lock file; the open descriptor.

    Keep the descriptor open for as long as the server runs (closing it releases the lock).
    """
    path = Path(data_dir) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _pid_in(fd)
        os.close(fd)
        who = f"process {holder}" if holder else "another process"
        raise DataDirTaken(f"Another Forum Facilitator server ({who}) is already running on the data dir "
                           f"{data_dir}. Use that one, stop it first, or give this one another --data-dir.") \
            from None
    os.fchmod(fd, 0o600)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _pid_in(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip() or 0) or None
    except (OSError, ValueError):
        return None
