"""How long this disk takes for fsync, and for one event-log commit of a vote through `Store` (SQLite, WAL).

    .venv/bin/python bench/commit_probe.py [--count 300] [--dir DIR]

Prints fsync p50/p95 and the milliseconds of one append+commit with synchronous=FULL, NORMAL and OFF.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def commit_probe(directory: Path, count: int = 300) -> dict:
    """Milliseconds for one event-log append (an event and its vote row, one transaction) on this disk."""
    from sqlalchemy import event as sa_event

    from facilitator.core.events import VoteCast
    from facilitator.core.settings import create_forum
    from facilitator.database import make_engine
    from facilitator.store import Store

    out = {}
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        fd = os.open(f"{tmp}/fsync-probe", os.O_WRONLY | os.O_CREAT)
        times = []
        for _ in range(100):
            os.write(fd, b"x" * 4096)
            t = time.perf_counter()
            os.fsync(fd)
            times.append(time.perf_counter() - t)
        os.close(fd)
        out["fsync_p50"], out["fsync_p95"] = round(pct(times, 0.5) * 1000, 2), round(pct(times, 0.95) * 1000, 2)
        for sync in ("FULL", "NORMAL", "OFF"):
            engine = make_engine(f"sqlite:///{tmp}/probe-{sync}.db")
            engine.dispose()
            sa_event.listen(engine, "connect", lambda c, _r, s=sync: c.execute(f"PRAGMA synchronous={s}"))
            store = Store(engine)
            store.create_forum(create_forum("PROBE", 0.0, "probe", ["q"]))
            t = time.perf_counter()
            for i in range(count):
                store.append(1, i + 2, [VoteCast(1.0, suggestion_id=1, person=f"P{i}")])
            out[f"synchronous={sync}"] = round((time.perf_counter() - t) / count * 1000, 2)
            engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    probe = commit_probe(args.dir, args.count)
    print("disk and SQLite (ms; one append+commit of a vote, WAL): " + ", ".join(f"{k} {v}" for k, v in probe.items()))


if __name__ == "__main__":
    main()
