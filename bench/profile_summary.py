"""Where a server's CPU went, from py-spy's collapsed stacks (`compare.py --profile DIR`).

    .venv/bin/python bench/profile_summary.py DIR/app-1000-burst.txt [--top 25] [--per 1000]

Prints the share of samples by layer (the app, python-socketio, python-engineio, Flask/Werkzeug, the
async server, zlib, JSON, the rest) counted inclusively, and the functions with the most samples of
their own. `--per N` also turns shares into µs per action, given the scenario's CPU per action.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

LAYERS = [  # the first that matches a frame's file names the layer; checked from the top of the stack down
    ("app (facilitator/)", re.compile(r"facilitator/")),
    ("app (run.py, cli)", re.compile(r"\brun\.py|cli\.py")),
    ("floor (bench/)", re.compile(r"floor\.py")),
    ("python-socketio", re.compile(r"socketio/")),
    ("python-engineio", re.compile(r"engineio/")),
    ("Flask / Werkzeug", re.compile(r"flask/|werkzeug/|flask_socketio/|flask_babel")),
    ("SQLAlchemy / sqlite", re.compile(r"sqlalchemy/|sqlite")),
    ("eventlet / gevent", re.compile(r"eventlet/|gevent/|greenlet")),
]
# Threads that only wait (eventlet's tpool workers between commits) are sampled as busy: left out.
IDLE_LEAVES = {"Condition.wait (threading.py)", "Queue.get (queue.py)", "wait (threading.py)"}
FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^)]*?)(?::\d+)?\)$")


def frames(stack: str) -> list[tuple[str, str]]:
    out = []
    for raw in stack.split(";"):
        m = FRAME.match(raw.strip())
        out.append((m["func"], m["file"]) if m else (raw.strip(), ""))
    return out


def leaf_kind(func: str, file: str) -> str | None:
    text = f"{func} {file}"
    if "zlib" in text or "deflate" in text or "compress" in func:
        return "zlib (websocket compression)"
    if "json" in file or func.startswith(("dumps", "loads", "encode", "iterencode")) and "json" in text:
        return "json"
    return None


def summary(path: Path, top: int, per_action_us: float | None) -> str:
    layers, selfs, total = Counter(), Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        fs = frames(stack)
        func, file = fs[-1]
        if f"{func} ({file})" in IDLE_LEAVES:
            continue
        total += n
        selfs[f"{func} ({file})"] += n
        layers[_owner(fs)] += n
    lines = [f"{path.name}: {total} samples"]
    for name, n in layers.most_common():
        extra = f"  ~{per_action_us * n / total:,.0f} µs/action" if per_action_us else ""
        lines.append(f"  {100 * n / total:5.1f}%  {name}{extra}")
    lines.append("  self time, top functions:")
    for name, n in selfs.most_common(top):
        lines.append(f"  {100 * n / total:5.1f}%  {name}")
    return "\n".join(lines)


def _owner(fs: list[tuple[str, str]]) -> str:
    """The layer of the deepest frame that belongs to a known layer (who called into the leaf)."""
    for func, file in reversed(fs):
        kind = leaf_kind(func, file)
        if kind:
            return kind
        for name, pattern in LAYERS:
            if pattern.search(file):
                return name
    return "other (stdlib, native)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--per", type=float, default=None, help="the scenario's server CPU per action, in µs")
    args = parser.parse_args()
    for path in args.files:
        print(summary(path, args.top, args.per))


if __name__ == "__main__":
    main()
