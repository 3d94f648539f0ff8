"""Where a connected phone's memory goes: the app with N light phones, its memory's owners per phone.

    .venv/bin/python bench/memory.py                              # 1,000 phones, this checkout
    .venv/bin/python bench/memory.py --run /tmp/base/run.py run.py  # A/B: each run.py in turn
    .venv/bin/python bench/memory.py --trace 1                    # also tracemalloc's top lines

For each run.py it starts the app through bench/memory_probe.py (pinned to core 0, as `make bench`
does), prepares `make bench`'s forum, joins N phones (bench/phones.py, over N/600 s), lets every phone
vote once within 1 s, then drops and reconnects every phone (N/200 s). Before the joins and after each
step the server writes its figures (memory_probe.py); the table gives the growth over the idle server,
per phone, in KB:

- rss: the process's resident memory (what `make bench` calls RSS per phone, after its join step);
- pymalloc arenas / live / free blocks: Python's allocator for objects up to 512 bytes: the 1 MiB
  arenas it holds, the bytes in live objects, the free blocks inside its pools (fragmentation);
- heap used / heap rss: glibc's main heap (objects over 512 bytes, buffers, greenlets' saved stacks):
  allocated bytes, and its resident pages (buffers never written stay out of RSS until reused);
- other anon rss: anonymous mappings besides the heap and pymalloc's arenas: chiefly each greenlet's
  Python data stack (a 16 KB mapping per green thread, Python 3.11), and the threads' malloc arenas;
- greenlets, saved stacks: live greenlets per phone and their saved C stacks.

The growth after the burst and the reconnect storm shows memory that does not come back.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import tracemalloc
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import compare  # noqa: E402
from compare import CpuTrace, Generators, Play, Spec, Target  # noqa: E402

STEPS = ("idle", "join", "burst", "reconnect")


async def _probe(target: Target, out: Path, n: int) -> dict:
    os.kill(target.server.proc.pid, signal.SIGUSR1)
    for _ in range(600):
        if (out / f"done-{n}").exists():
            return json.loads((out / f"probe-{n}.json").read_text())
        await asyncio.sleep(0.1)
    raise RuntimeError("the server wrote no memory probe within 60 s")


async def measure(run_py: Path, n: int, trace: int) -> list[dict]:
    out = Path(tempfile.mkdtemp(prefix="memory-probe-"))
    args = compare.parse(["--phones", str(n), "--scenarios", "burst", "reconnect"])
    env = f"MEMORY_PROBE_RUN={run_py.resolve()} MEMORY_PROBE_DIR={out} MEMORY_PROBE_FRAMES={trace or 1}"
    target = Target(Spec(f"app {BENCH / 'memory_probe.py'} {env}"), args, Path(tempfile.mkdtemp(prefix="memory-")), n)
    gens, probes = Generators(args.generators), []
    try:
        target.server.start()
        trace_cpu = CpuTrace(target.server.proc.pid)
        sampler = asyncio.create_task(trace_cpu.run())
        await target.prepare()
        await gens.start(target.server.port, target.code, args.deflate)
        if trace:
            os.kill(target.server.proc.pid, signal.SIGUSR2)
        await asyncio.sleep(1.0)
        probes.append(await _probe(target, out, 1))
        play = Play(target, gens, trace_cpu, n, args)
        for step in (play.join, play.burst, play.reconnect):
            await step()
            await asyncio.sleep(1.0)
            probes.append(await _probe(target, out, len(probes) + 1))
        sampler.cancel()
        probes[0]["trace_dir"] = str(out)
    finally:
        target.close()
        await gens.stop()
        target.server.stop()
    return probes


def per_phone(probes: list[dict], n: int) -> dict[str, list[float]]:
    base = probes[0]

    def grow(get) -> list[float]:
        return [(get(p) - get(base)) / n for p in probes[1:]]
    kb = 1024
    return {
        "rss": grow(lambda p: p["status"]["VmRSS"]),
        "pymalloc arenas": grow(lambda p: p["pymalloc"]["arenas"] * 1024),
        "pymalloc live": grow(lambda p: p["pymalloc"]["used"] / kb),
        "pymalloc free blocks": grow(lambda p: p["pymalloc"]["free_blocks"] / kb),
        "heap used": grow(lambda p: p["malloc"]["used"] / kb),
        "heap rss": grow(lambda p: p["mappings"]["heap"]),
        "other anon rss": grow(lambda p: p["mappings"]["anon"] - p["pymalloc"]["arenas"] * 1024),
        "greenlets": [x * 1 for x in grow(lambda p: p["greenlets"])],
        "saved stacks": grow(lambda p: p["stack_saved"] / kb),
    }


def top_lines(trace_dir: str, n: int, count: int = 30) -> str:
    before = tracemalloc.Snapshot.load(f"{trace_dir}/trace-1.tm")
    after = tracemalloc.Snapshot.load(f"{trace_dir}/trace-2.tm")
    lines = []
    for stat in after.compare_to(before, "lineno")[:count]:
        frame = stat.traceback[-1]
        where = frame.filename.split("site-packages/")[-1].split("python3.11/")[-1]
        lines.append(f"  {stat.size_diff / n:8.0f} B {stat.count_diff / n:6.1f} blocks  {where}:{frame.lineno}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--run", type=Path, nargs="+", default=[ROOT / "run.py"], help="run.py of each side")
    parser.add_argument("--trace", type=int, default=0, metavar="FRAMES",
                        help="also tracemalloc's top lines of the join (slows the server; pymalloc's own "
                             "figures read 0 while tracemalloc hooks the allocator)")
    args = parser.parse_args()
    if len(os.sched_getaffinity(0)) >= 2:
        os.sched_setaffinity(0, set(os.sched_getaffinity(0)) - {0})
    compare.raise_fd_limit()
    print(f"phones {args.phones}, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for run_py in args.run:
        probes = asyncio.run(measure(run_py, args.phones, args.trace))
        print(f"\n{run_py}: KB per phone over the idle server (greenlets: per phone), after "
              f"{' / '.join(STEPS[1:])}; load {os.getloadavg()[0]:.2f}")
        for name, values in per_phone(probes, args.phones).items():
            print(f"  {name:22}" + "".join(f"{v:9.1f}" for v in values))
        if args.trace:
            print("tracemalloc, the join's top lines (bytes and blocks per phone):")
            print(top_lines(probes[0]["trace_dir"], args.phones))


if __name__ == "__main__":
    main()
