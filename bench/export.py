"""How long each export takes for a big forum: 300 participants, 100 suggestions, 5,000 votes, 200 speeches.

    .venv/bin/python bench/export.py [--runs N]

Builds the forum through the core rules and the store in a temporary data dir, then times each format
through the HTTP routes (one store read, the build, the serialisation) and prints the figures.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from facilitator import create_app  # noqa: E402
from core_support import Forum  # noqa: E402  (the tests' forum driver)
from facilitator.core import people as people_rule, questions, queue, suggestions, turn, voting  # noqa: E402
from facilitator.export import csv_zip, export_data, to_json, xlsx_bytes  # noqa: E402

KEY = "bench"
PEOPLE, SUGGESTIONS, VOTES, SPEECHES, QUESTIONS, BUDGET = 300, 100, 5000, 200, 4, 5
LANGS = ["sv", "ar", "ti", "so", "fa", "prs", "uk", "en", ""]
NAMES = ["", "", "Amina", "Yonas", "Åsa", "سارا", "ሰላም", "Olena", "Farid"]


def build_forum(rng: random.Random) -> list[dict]:
    play = Forum([f"Question {i + 1}: what should the city do?" for i in range(QUESTIONS)], now=1_780_000_000.0,
                 title="Migrant forum, spring", code="BENCH", vote_budget=BUDGET)
    people = [play.do(people_rule.join_participant, rng.choice(NAMES))[0]["person"] for _ in range(PEOPLE)]
    per_question = SUGGESTIONS // QUESTIONS
    votes_each = VOTES // QUESTIONS
    for q in range(QUESTIONS):
        if q:
            play.do(questions.set_question, q)
        ids = []
        for author in rng.sample(people, per_question):
            play.wait(1)
            ids.append(play.do(suggestions.suggest, author, f"Förslag {q}-{len(ids)}: اقتراح ሰላም =1+1")[0]
                       ["suggestion_id"])
        weights = [1 / (i + 1) for i in range(len(ids))]  # a few popular ones, a long tail
        cast = 0
        for voter in rng.sample(people, len(people)):
            for sid in dict.fromkeys(rng.choices(ids, weights, k=BUDGET * 2)):
                if cast < votes_each and voting.votes_left(play.state, voter):
                    play.wait(0.05)
                    cast += len(play.do(voting.vote, voter, sid))
        play.do(suggestions.hide, ids[-1], True)
        play.do(suggestions.merge, ids[-2], ids[-3])
        for _ in range(SPEECHES // QUESTIONS):
            speaking = play.state.turn.entry.person if play.state.turn else None
            play.do(queue.raise_hand, rng.choice([p for p in people if p != speaking]), rng.choice(LANGS))
            play.do(turn.next_speaker)
            play.wait(rng.uniform(20, 150))
        play.do(turn.end_turn)
    return play.events


def timed(run, runs: int) -> str:
    """Median and worst wall-clock ms of `run`, its median CPU ms, and the size of what it returned."""
    wall, cpu, size = [], [], 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(run())
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return f"{statistics.median(wall):10.1f} {max(wall):10.1f} {statistics.median(cpu):10.1f} {size:10d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    gc.set_threshold(50000, 50, 1000)  # as `run.py` sets it for the server
    with tempfile.TemporaryDirectory() as data_dir:
        events = build_forum(random.Random(4))
        app, _ = create_app({"DATA_DIR": data_dir, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading"})
        store = app.extensions["forums"].store
        store.create_forum(events[0])
        store.append(store.load("BENCH")[0], 2, events[1:])
        data = export_data(store.load("BENCH")[1])
        cast = sum(1 for e in events if e["type"] == "VoteCast")
        print(f"forum: {len(data['participants'])} participants, {len(data['suggestions'])} suggestions, "
              f"{cast} votes cast ({len(data['votes'])} standing after merges), {len(data['speeches'])} speeches, "
              f"{len(events)} events; {args.runs} runs each; openpyxl with lxml: {_lxml()}\n")
        client = app.test_client()
        parts = [
            ("store.load (one read)", lambda: store.load("BENCH")[1]),
            ("export_data (replay + figures)", lambda: export_data(events)),
            ("  json serialise", lambda: to_json(data)),
            ("  csv zip build", lambda: csv_zip(data)),
            ("  xlsx build", lambda: xlsx_bytes(data)),
        ]
        with app.test_request_context():
            from facilitator.report import render_report
            parts.append(("  html render", lambda: render_report(data).encode()))
        routes = [(f"GET {name}", lambda name=name: client.get(f"/api/forums/BENCH/{name}",
                                                               headers={"X-Moderator-Key": KEY}).data)
                  for name in ("export.json", "export.zip", "export.xlsx", "export.html")]
        print(f"{'step':34} {'median ms':>10} {'worst ms':>10} {'CPU ms':>10} {'bytes':>10}")
        for label, run in parts[:-1] + routes:
            print(f"{label:34} {timed(run, args.runs)}")
        with app.test_request_context():
            print(f"{parts[-1][0]:34} {timed(parts[-1][1], args.runs)}")


def _lxml() -> bool:
    from openpyxl.xml import LXML
    return LXML


if __name__ == "__main__":
    main()
