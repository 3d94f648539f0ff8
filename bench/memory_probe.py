"""Start an app (`MEMORY_PROBE_RUN`, default this checkout's run.py) that writes its memory's owners on SIGUSR1.

Used by bench/memory.py, never by the app. SIGUSR2 starts tracemalloc (`MEMORY_PROBE_FRAMES` frames);
started late, after the forum is prepared, so that the start-up is not slowed. Each SIGUSR1 writes,
into `MEMORY_PROBE_DIR`, `probe-N.json` (RSS, pymalloc's and glibc's figures, greenlets and their saved
C stacks, the anonymous mappings) and, when tracing, `trace-N.tm`; then an empty `done-N`.
"""
import collections
import ctypes
import gc
import json
import os
import re
import signal
import sys
import tracemalloc
from pathlib import Path

RUN = Path(os.environ.get("MEMORY_PROBE_RUN") or Path(__file__).resolve().parent.parent / "run.py")
OUT = Path(os.environ.get("MEMORY_PROBE_DIR", "/tmp/memory-probe"))
LIBC = ctypes.CDLL("libc.so.6")
COUNT = [0]


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]


LIBC.mallinfo2.restype = MallInfo2


def _status() -> dict:
    return {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in open("/proc/self/status"))
            if k in ("VmRSS", "RssAnon", "Threads")}


def _pymalloc() -> dict:
    """pymalloc's own figures (sys._debugmallocstats writes them to the C stderr)."""
    path = OUT / "pymalloc.txt"
    fd, saved = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), os.dup(2)
    os.dup2(fd, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(fd)
        os.close(saved)
    text = path.read_text()

    def figure(label: str) -> int:
        found = re.search(rf"# {label}\s*=\s*([\d,]+)", text)
        return int(found.group(1).replace(",", "")) if found else 0
    return {"arenas": figure("arenas allocated current"), "used": figure("bytes in allocated blocks"),
            "free_blocks": figure("bytes in available blocks")}


def _mappings() -> dict:
    """RSS (KB) of the heap and of the other anonymous mappings (pymalloc's arenas, the greenlets' data stacks)."""
    rss, kind = {"heap": 0, "anon": 0}, None
    for line in open("/proc/self/smaps"):
        parts = line.split()
        if re.match(r"^[0-9a-f]+-[0-9a-f]+$", parts[0]):
            name = parts[5] if len(parts) > 5 else ""
            kind = "heap" if name == "[heap]" else "anon" if not name else None
        elif parts[0] == "Rss:" and kind:
            rss[kind] += int(parts[1])
    return rss


def probe() -> None:
    import greenlet
    COUNT[0] += 1
    n = COUNT[0]
    gc.collect()
    data = {"status": _status(), "pymalloc": _pymalloc(), "mappings": _mappings()}
    info = LIBC.mallinfo2()
    data["malloc"] = {"heap": info.arena, "used": info.uordblks, "free": info.fordblks, "mmapped": info.hblkhd}
    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(str(OUT / f"trace-{n}.tm"))
    greenlets = [o for o in gc.get_objects() if isinstance(o, greenlet.greenlet) and not o.dead]
    data["greenlets"] = len(greenlets)
    data["stack_saved"] = sum(g._stack_saved for g in greenlets)  # never touches gr_frame: that would build frame objects
    data["types"] = collections.Counter(type(o).__qualname__ for o in gc.get_objects()).most_common(40)
    (OUT / f"probe-{n}.json").write_text(json.dumps(data))
    (OUT / f"done-{n}").touch()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGUSR1, lambda *_: probe())
    signal.signal(signal.SIGUSR2, lambda *_: tracemalloc.start(int(os.environ.get("MEMORY_PROBE_FRAMES", "1"))))
    sys.path.insert(0, str(RUN.parent))
    sys.argv[0] = str(RUN)
    import runpy
    runpy.run_path(str(RUN), run_name="__main__")


if __name__ == "__main__":
    main()
