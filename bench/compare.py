"""`make bench`: the app against the bare Flask-SocketIO floor, alternated in one run, scenario by scenario.

    .venv/bin/python bench/compare.py                                 # 300 and 1000 phones, 3 alternations
    .venv/bin/python bench/compare.py --phones 300 --runs 1           # the quick run (~25 s)
    .venv/bin/python bench/compare.py --phones 3000 --runs 2 --scenarios burst next

For each size N and each alternation it starts the floor (`bench/floor.py`) and then the app (`run.py`,
eventlet, a fresh data dir; both decline the permessage-deflate the phones offer, as the app does), each pinned to core 0 while this process and its phone processes
(`bench/phones.py`, light raw-websocket clients from `bench/wire.py`) run on the other cores, and plays
the scenarios against each in turn:

- join: N phones connect and join, evenly spread over the join window (default N/300 s: 3,000 in 10 s);
- burst: every phone votes once within 1 s;
- next: the moderator calls `next_speaker` (5 rounds, random phase against the 0.2 s push tick);
- reconnect: every phone drops its connection and comes back with its token, spread over the reconnect
  window (default N/200 s: 1,000 in 5 s).

Figures per scenario (median over the alternations; ratio = app / floor):
- p50/p95/p99: the ack latency in ms (join, burst, reconnect: from the phone's connect or send to its
  ack); for next, from the moderator's send until each screen (phones and board) shows the new speaker;
- all: ms from the scenario's start until every screen holds the final state (next: the worst round);
- lost: actions not acknowledged, plus acknowledged votes missing from the server's state afterwards;
- dropped: connections that failed or closed without the phone closing them;
- stale: screens that never showed the final state (reconnect: tallies and the phone's own vote);
- cpu: server CPU (utime+stime from /proc) per action in µs: per join, per vote, per screen reached by a
  `next`, per reconnect; taken from the scenario's start until every screen held the final state;
- gen%: the busiest phone process's CPU over the scenario (near 100: the load generator, not the
  server, set the pace);
- rss/phone: the server's RSS growth per joined phone, in KB.

Only 127.0.0.1 is contacted; every wait is bounded; every server and phone process is stopped.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from phones import Phone, Phones, raise_fd_limit, reduced  # noqa: E402
from tests.e2e_support import Server  # noqa: E402
from wire import Closed, Wire  # noqa: E402

SCENARIOS = ("join", "burst", "next", "reconnect")
FIGURES = ("p50", "p95", "p99", "all", "lost", "dropped", "stale", "cpu", "gen%")
JOIN_RATE, RECONNECT_RATE = 300.0, 200.0  # phones a second: 3,000 in 10 s, 1,000 in 5 s (issue 13)
QUIET_S = 0.6  # no push for three push ticks: the scenario is over
SUGGESTIONS = 20
STARTED = time.monotonic()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q * len(values) + 0.5)) - 1))]


class CpuTrace:
    """The server's CPU seconds, sampled every 20 ms, so a scenario's CPU can be cut at any instant."""

    def __init__(self, pid: int):
        self.pid, self.samples = pid, [(time.monotonic(), cpu_seconds(pid))]

    async def run(self) -> None:
        while True:
            await asyncio.sleep(0.02)
            try:
                self.samples.append((time.monotonic(), cpu_seconds(self.pid)))
            except OSError:
                return

    def at(self, t: float) -> float:
        later = [c for s, c in self.samples if s >= t]
        return later[0] if later else self.samples[-1][1]

    def between(self, a: float, b: float) -> float:
        return self.at(b) - self.at(a)


class Generators:
    """The phone processes: phone i lives in process i % count; one command goes to all of them."""

    def __init__(self, count: int):
        self.count, self.procs = count, []

    async def start(self, port: int, code: str, deflate: bool) -> None:
        self.procs = [await asyncio.create_subprocess_exec(
            sys.executable, str(BENCH / "phones.py"), "127.0.0.1", str(port), code,
            "deflate" if deflate else "plain", cwd=ROOT, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, limit=2 ** 26) for _ in range(self.count)]

    def indices(self, n: int, k: int) -> list[int]:
        return list(range(k, n, self.count))

    async def ask(self, cmd: str, n: int | None = None, timeout: float = 300.0, **args) -> list[dict]:
        for k, proc in enumerate(self.procs):
            body = dict(args, cmd=cmd, **({"indices": self.indices(n, k), "n": n} if n else {}))
            proc.stdin.write((json.dumps(body) + "\n").encode())
        answers = await asyncio.wait_for(asyncio.gather(*(p.stdout.readline() for p in self.procs)), timeout)
        if not all(answers):
            raise RuntimeError(f"a phone process ended during '{cmd}'")
        return [json.loads(a) for a in answers]

    def cpu(self) -> list[float]:
        return [cpu_seconds(p.pid) for p in self.procs]

    async def stop(self) -> None:
        for proc in self.procs:
            if proc.returncode is None:
                try:
                    proc.stdin.write(b'{"cmd": "quit"}\n')
                except (BrokenPipeError, ConnectionResetError):
                    pass
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()


class Spec:
    """What one side runs: `floor [FLAG ...]` (bench/floor.py) or `app [RUN_PY]`, with `NAME=VALUE` for its env."""

    def __init__(self, text: str):
        words = shlex.split(text)
        self.text, self.kind = text, words[0]
        if self.kind not in ("floor", "app"):
            raise argparse.ArgumentTypeError(f"a side is 'floor [flags]' or 'app [run.py]', not {text!r}")
        self.env = dict(w.split("=", 1) for w in words[1:] if "=" in w and not w.startswith("-"))
        rest = [w for w in words[1:] if not ("=" in w and not w.startswith("-"))]
        script = rest.pop(0) if self.kind == "app" and rest and not rest[0].startswith("-") else None
        self.flags = rest
        self.script = BENCH / "floor.py" if self.kind == "floor" else Path(script or ROOT / "run.py")

    def __str__(self) -> str:
        return self.text


class Target:
    """One server under test (the floor or the app) and its moderator and board, for one alternation."""

    def __init__(self, spec: Spec, args, data_dir: Path, n: int):
        self.spec, self.kind, self.args = spec, spec.kind, args
        cpus = {0} if args.pin else None
        flags = ["--speakers", str(args.rounds + 2), *spec.flags] if spec.kind == "floor" else spec.flags
        # Every phone comes from 127.0.0.1, as a hall's phones come from its Wi-Fi's one address; during
        # the reconnect storm the old connections may still be open when the new ones come.
        # All N phones join new within seconds: more than a hall's first minutes, so the forum's bucket
        # of new phones (admission.py) is opened wide for the benchmark.
        env = {"FACILITATOR_CONNECTIONS_PER_ADDRESS": str(2 * n + 100),
               "FACILITATOR_NEW_PHONES_BURST": str(2 * n + 100), **spec.env}
        self.server = Server(data_dir, script=spec.script, cpus=cpus, async_mode=args.async_mode, args=flags,
                             env=env)
        self.code, self.ids = "", []
        self.moderator = self.board = None
        self.screens = Phones("127.0.0.1", self.server.port, "", args.deflate)

    async def prepare(self) -> None:
        """A forum with 20 suggestions and a queue of walk-ins; the moderator and the board joined."""
        port, deflate = self.server.port, self.args.deflate
        if self.kind == "floor":
            self.code, self.ids = "FLOOR", list(range(1, SUGGESTIONS + 1))
        else:
            self.code = self.server.create_forum(title="Bench", questions=["What should the city do?"],
                                                 vote_budget=3, hide_tallies="none")
            self.ids = sorted(await asyncio.gather(*(self._suggest(i) for i in range(SUGGESTIONS))))
        self.moderator = await Wire.open("127.0.0.1", port, deflate)
        ack = await self.moderator.call("join", {"code": self.code, "role": "moderator", "key": self.server.key})
        assert ack["ok"], ack
        if self.kind == "app":
            for i in range(self.args.rounds + 2):
                assert (await self.moderator.call("add_speaker", {"label": f"Walk-in {i + 1}", "lang": "sv"}))["ok"]
        board = self.board = Phone(-1)
        board.wire = await Wire.open("127.0.0.1", port, deflate, self.screens._pushed)
        ack = await board.wire.call("join", {"code": self.code, "role": "board"})
        board.snapshot, board.snapshot_at = reduced(ack["state"]), time.monotonic()
        self.screens.phones[-1] = board

    async def _suggest(self, i: int) -> int:
        """One participant joins and posts suggestion i; its id."""
        author = await Wire.open("127.0.0.1", self.server.port, self.args.deflate)
        try:
            assert (await author.call("join", {"code": self.code, "role": "participant"}))["ok"]
            ack = await author.call("suggest", {"text": f"Suggestion number {i + 1} for the city"})
            assert ack["ok"], ack
            return ack["suggestion_id"]
        finally:
            author.close()

    async def truth(self) -> dict[int, int]:
        """The tallies as the server holds them now (the board's `get_state`)."""
        state = await self.board.wire.call("get_state", {})
        return {s["id"]: s["votes"] for s in state["state"]["suggestions"]}

    def close(self) -> None:
        for wire in (self.moderator, self.board and self.board.wire):
            if wire:
                wire.close()


async def run_target(spec: Spec, n: int, args, label: str) -> dict:
    kind = f"{label}:{spec.kind}"
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-{spec.kind}-{n}-"))
    target = Target(spec, args, data_dir, n)
    gens = Generators(args.generators)
    figures: dict = {}
    say(f"{kind} N={n}: starting")
    try:
        target.server.start()
        trace = CpuTrace(target.server.proc.pid)
        sampler = asyncio.create_task(trace.run())
        await target.prepare()
        await gens.start(target.server.port, target.code, args.deflate)
        say(f"{kind} N={n}: prepared")
        await asyncio.sleep(0.5)
        figures["rss_idle_mb"] = round(target.server.rss_kb() / 1024, 1)
        play = Play(target, gens, trace, n, args)
        with Profile(args.profile if "join" in args.scenarios else None, target.server.proc.pid, f"{kind.replace(':', '-')}-{n}-join"):
            await play.join()
        say(f"{kind} N={n}: joined")
        for scenario, step in (("burst", play.burst), ("next", play.next_speaker), ("reconnect", play.reconnect)):
            if scenario in args.scenarios:
                try:
                    with Profile(args.profile, target.server.proc.pid, f"{kind.replace(':', '-')}-{n}-{scenario}"):
                        await step()
                except (asyncio.TimeoutError, Closed, OSError, RuntimeError, AssertionError, KeyError) as error:
                    # the scenario is reported as failed; the next one still runs
                    play.figures[f"{scenario}_failed"] = f"{type(error).__name__}: {error}"[:200]
                    say(f"{kind} N={n}: {scenario} failed: {type(error).__name__}: {error}")
                    continue
                say(f"{kind} N={n}: {scenario} done")
        figures.update(play.figures)
        sampler.cancel()
    finally:
        target.close()
        await gens.stop()
        target.server.stop()
        keep = Path(tempfile.gettempdir()) / f"bench-{label}-{spec.kind}-{n}.log"
        if target.server.log_path.exists():  # the server's log of the last run, for a look afterwards
            shutil.copyfile(target.server.log_path, keep)
        shutil.rmtree(data_dir, ignore_errors=True)
        say(f"{kind} N={n}: stopped")
    return figures


def say(message: str) -> None:
    """Progress on stderr, with the seconds since the start."""
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


class Profile:
    """py-spy samples the server during one scenario into DIR/NAME.txt (collapsed stacks; see profile_summary.py).

    Sampling slows the server: take figures from runs without --profile.
    """

    def __init__(self, directory: Path | None, pid: int, name: str):
        self.directory, self.pid, self.name, self.proc = directory, pid, name, None

    def __enter__(self):
        if self.directory:
            import subprocess
            self.directory.mkdir(parents=True, exist_ok=True)
            spy = Path(sys.executable).parent / "py-spy"
            self.proc = subprocess.Popen([str(spy), "record", "--pid", str(self.pid), "--rate", "250",
                                          "--format", "raw", "--output", str(self.directory / f"{self.name}.txt")],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)
        return self

    def __exit__(self, *_):
        if self.proc:
            import signal
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=60)


class Play:
    """The scenarios, in order, against one target; each leaves its figures in `figures[scenario]`."""

    def __init__(self, target: Target, gens: Generators, trace: CpuTrace, n: int, args):
        self.t, self.gens, self.trace, self.n, self.args = target, gens, trace, n, args
        self.figures: dict = {}
        self.dropped = 0

    def _dropped(self, answers: list[dict]) -> int:
        now = sum(a["dropped"] for a in answers)
        new, self.dropped = now - self.dropped, now
        return new

    async def _quiet(self, timeout: float = 60.0) -> None:
        """Until no screen has had a push for QUIET_S since the last action."""
        after = time.monotonic()
        await self.gens.ask("quiet", seconds=QUIET_S, after=after, limit=timeout, timeout=timeout + 10)
        deadline = time.monotonic() + timeout
        while time.monotonic() - max(self.t.screens.last_push, after) < QUIET_S and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    def _figures(self, name: str, latencies, all_s, lost, dropped, stale, cpu_s, actions, gen_cpu, wall) -> None:
        ms = [x * 1000 for x in latencies]
        self.figures[name] = {
            "p50": pct(ms, 0.50), "p95": pct(ms, 0.95), "p99": pct(ms, 0.99),
            "all": None if all_s is None else all_s * 1000, "lost": lost, "dropped": dropped, "stale": stale,
            "cpu": cpu_s / actions * 1e6 if actions else None,
            "gen%": max(gen_cpu) / wall * 100 if wall > 0 else None}

    async def join(self) -> None:
        storm = "join" in self.args.scenarios
        window = self.args.join_window or self.n / JOIN_RATE
        rss, cpu0, start = self.t.server.rss_kb(), self.gens.cpu(), time.monotonic() + 0.3
        answers = await self.gens.ask("join", self.n, start=start, window=window if storm else window / 2)
        end = max((a["last"] for a in answers if a["last"]), default=time.monotonic())
        gen = [b - a for a, b in zip(cpu0, self.gens.cpu())]
        errors = [e for a in answers for e in a["errors"]]
        joined = self.n - len(errors)
        await asyncio.sleep(0.3)
        self.figures["rss_per_phone_kb"] = (self.t.server.rss_kb() - rss) / max(1, joined)
        self.figures["join_errors"] = errors[:3]
        if storm:
            self._figures("join", [x for a in answers for x in a["latencies"]], end - start,
                          sum(1 for e in errors if e.startswith("refused")), self._dropped(answers) +
                          sum(1 for e in errors if not e.startswith("refused")), 0,
                          self.trace.between(start, end + 0.05), joined, gen, end - start)

    async def burst(self) -> None:
        before = await self.t.truth()
        cpu0, start = self.gens.cpu(), time.monotonic() + 0.5
        answers = await self.gens.ask("vote", self.n, start=start, window=1.0, ids=self.t.ids)
        end = max((a["last"] for a in answers if a["last"]), default=time.monotonic())
        gen = [b - a for a, b in zip(cpu0, self.gens.cpu())]
        await self._quiet()
        expect = dict(before)
        for a in answers:
            for sid, count in a["acked"].items():
                expect[int(sid)] += count
        truth = await self.t.truth()
        acked = sum(sum(a["acked"].values()) for a in answers)
        lost = sum(a["sent"] for a in answers) - acked + sum(max(0, v - truth.get(k, 0)) for k, v in expect.items())
        settled = await self._settle(expect, own_vote=False)
        done = [t for t in settled if t is not None]
        all_s = max(0.0, max(done) - start) if done and len(done) == len(settled) else None
        last = start + all_s if all_s is not None else max(done, default=end)
        self.expect = expect
        self._figures("burst", [x for a in answers for x in a["latencies"]], all_s, lost,
                      self._dropped(answers), len(settled) - len(done), self.trace.between(start, last + 0.05),
                      acked, gen, end - start)

    async def _settle(self, expect: dict, own_vote: bool) -> list:
        answers = await self.gens.ask("settle", expect=expect, own_vote=own_vote, timeout=600)
        self._dropped(answers)
        return [t for a in answers for t in a["times"]] + self.t.screens.settle(expect, own_vote)["times"]

    async def next_speaker(self) -> None:
        rounds, cpu0, first = [], self.gens.cpu(), time.monotonic()
        for _ in range(self.args.rounds):
            await asyncio.sleep(random.uniform(0.25, 0.5))  # a random phase against the 0.2 s tick
            sent = time.monotonic()
            ack = await self.t.moderator.call("next_speaker", {})
            rounds.append((sent, ack["speaker"]["entry_id"]))
        end = time.monotonic()
        gen = [b - a for a, b in zip(cpu0, self.gens.cpu())]
        await self._quiet()
        latencies, worst, stale, cpu, reached = [], 0.0, 0, 0.0, 0
        answers = await self.gens.ask("first", rounds=[[entry, sent] for sent, entry in rounds], timeout=600)
        board = self.t.screens.first([[entry, sent] for sent, entry in rounds])["times"]
        for r, (sent, _) in enumerate(rounds):
            times = [t for a in answers for t in a["times"][r]] + board[r]
            shown = [t - sent for t in times if t is not None]
            latencies += shown
            stale += len(times) - len(shown)
            reached += len(shown)
            worst = max(worst, max(shown, default=0.0))
            cpu += self.trace.between(sent, sent + max(shown, default=0.0) + 0.05)
        self._figures("next", latencies, worst, 0, self._dropped(answers), stale, cpu, reached, gen, end - first)

    async def reconnect(self) -> None:
        window = self.args.reconnect_window or self.n / RECONNECT_RATE
        cpu0, start = self.gens.cpu(), time.monotonic() + 0.5
        answers = await self.gens.ask("join", self.n, start=start, window=window, dropping=True)
        end = max((a["last"] for a in answers if a["last"]), default=time.monotonic())
        gen = [b - a for a, b in zip(cpu0, self.gens.cpu())]
        errors = [e for a in answers for e in a["errors"]]
        await self._quiet()
        expect = await self.t.truth()
        settled = await self._settle(expect, own_vote=True)
        done = [t for t in settled if t is not None]
        all_s = max(0.0, max(done) - start) if done and len(done) == len(settled) else None
        last = start + all_s if all_s is not None else max(done, default=end)
        lost = sum(1 for e in errors if e.startswith("refused"))
        lost += sum(max(0, v - expect.get(k, 0)) for k, v in getattr(self, "expect", {}).items())
        self._figures("reconnect", [x for a in answers for x in a["latencies"]], all_s, lost,
                      self._dropped(answers) + len(errors) - sum(1 for e in errors if e.startswith("refused")),
                      len(settled) - len(done), self.trace.between(start, last + 0.05),
                      self.n - len(errors), gen, end - start)


def show(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{digits}f}"
    return f"{int(value):,}"


def table(n: int, results: list[list[dict]], args) -> str:
    """scenario × figure: the left side's median (the floor), the right side's (the app), right / left."""
    left, right = str(args.left), str(args.right)
    lines = [f"N={n} phones, {args.runs} alternation(s); medians; ratio = right / left",
             f"left: {left}; right: {right}",
             f"{'scenario':10} {'figure':16} {left[:12]:>12} {right[:12]:>12} {'ratio':>7}"]

    def median(side, scenario, figure):
        rows = [r.get(scenario, {}) if scenario else r for r in results[side]]
        values = [r[figure] for r in rows if r.get(figure) is not None]
        return statistics.median(values) if values else None

    def row(label, scenario, figure, unit):
        a, b = median(0, scenario, figure), median(1, scenario, figure)
        ratio = f"{b / a:7.2f}" if a and b is not None else "      -"
        lines.append(f"{label:10} {figure + unit:16} {show(a):>12} {show(b):>12} {ratio}")

    units = {"p50": " ms", "p95": " ms", "p99": " ms", "all": " ms", "cpu": " µs", "gen%": ""}
    for scenario in SCENARIOS:
        if any(scenario in r for r in results[0] + results[1]):
            for figure in FIGURES:
                row(scenario, scenario, figure, units.get(figure, ""))
    row("memory", None, "rss_per_phone_kb", "")
    for side in (0, 1):
        for r in results[side]:
            if "join" in r and "burst" in r and r["join"]["cpu"] and r["burst"]["cpu"]:
                r["phone_cpu"] = r["join"]["cpu"] + r["burst"]["cpu"]
    row("per phone", None, "phone_cpu", " µs")
    for side, name in ((0, left), (1, right)):
        for r in results[side]:
            for key, why in r.items():
                if key.endswith("_failed"):
                    lines.append(f"{name}: run {r['run']}: {key.replace('_', ' ')}: {why}")
    return "\n".join(lines)


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--phones", type=int, nargs="+", default=[300, 1000], help="sizes N (default 300 1000)")
    parser.add_argument("--runs", type=int, default=3, help="alternations floor/app per size (default 3)")
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--rounds", type=int, default=5, help="next_speaker calls in the next scenario")
    parser.add_argument("--join-window", type=float, default=None, help="seconds (default N/300)")
    parser.add_argument("--reconnect-window", type=float, default=None, help="seconds (default N/200)")
    parser.add_argument("--generators", type=int, default=None,
                        help="phone processes (default: one per core not given to the server)")
    parser.add_argument("--no-deflate", dest="deflate", action="store_false",
                        help="phones do not offer permessage-deflate (browsers do)")
    parser.add_argument("--async-mode", choices=["eventlet", "gevent"], default=None,
                        help="for both servers (default: each one's own, eventlet)")
    parser.add_argument("--left", type=Spec, default=Spec("floor --no-deflate"), metavar="SPEC",
                        help="the reference side: 'floor [FLAG ...]' (default 'floor --no-deflate': the app "
                             "declines websocket compression, so the floor does too; 'floor' accepts it, as the "
                             "app did before) or 'app [RUN_PY] [FLAG ...]'")
    parser.add_argument("--right", type=Spec, default=Spec("app"), metavar="SPEC",
                        help="the side measured against it (default 'app'); e.g. 'floor --nodelay' to try a lever")
    parser.add_argument("--only", choices=["left", "right"], default=None, help="run one side, not both")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin the server to core 0")
    parser.add_argument("--json", type=Path, default=None, help="also append every run's figures to this file")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR",
                        help="sample the server with py-spy during each scenario (pip install py-spy)")
    args = parser.parse_args(argv)
    args.pin = args.pin and len(os.sched_getaffinity(0)) >= 2
    if args.generators is None:
        args.generators = max(1, len(os.sched_getaffinity(0)) - (1 if args.pin else 0))
    return args


async def main_async(args) -> None:
    sides = [s for s, name in enumerate(("left", "right")) if args.only in (None, name)]
    for n in args.phones:
        results: list[list[dict]] = [[], []]
        for run in range(args.runs):
            for side in sides:
                spec = (args.left, args.right)[side]
                try:
                    figures = await run_target(spec, n, args, ("left", "right")[side])
                except Exception as error:  # one failed run is reported, the others still count
                    failed = f"{spec} N={n} run {run + 1} failed: {type(error).__name__}: {error}"
                    print(failed, flush=True)
                    say(failed)
                    continue
                figures.update(side=str(spec), phones=n, run=run + 1, load=round(os.getloadavg()[0], 2))
                results[side].append(figures)
                print(json.dumps(figures, default=lambda x: round(x, 2)), flush=True)
                if args.json:
                    with args.json.open("a") as f:
                        f.write(json.dumps(figures) + "\n")
        print("\n" + table(n, results, args) + "\n", flush=True)


def main() -> None:
    args = parse()
    if args.pin:
        os.sched_setaffinity(0, set(os.sched_getaffinity(0)) - {0})  # this process and the phones
    print(f"cores {os.cpu_count()}, server pinned: {args.pin}, phone processes: {args.generators}, "
          f"fd limit {raise_fd_limit()}, deflate offered: {args.deflate}, python {sys.version.split()[0]}, "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
