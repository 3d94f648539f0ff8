"""Zulip's test for the protocol: for every audience (moderator, board, phones with their `me`), a random
sequence of actions; the join snapshot plus every coalesced push, applied by the page's own merge
(static/js/lib/state.js, run in Node), equals a fresh snapshot."""
import random

import pytest

from tests.e2e_support import peers, server, stable, wait_until  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

LANGS = ["ar", "so", "ti", "fa", "prs", "uk", "sv"]
QUESTIONS = ["Housing?", "Work?", "Language school?"]


def comparable(state: dict) -> dict:
    """A state without the clock's fields; the fairness rows (ordered by a ticking figure) by person."""
    state = stable({k: v for k, v in state.items() if k != "full"})
    if "fairness" in state:
        state["fairness"]["people"] = sorted(state["fairness"]["people"], key=lambda row: row["person"])
    return state


class Room:
    """A forum with a moderator, a board and three phones, driven by a seeded random choice of actions."""

    def __init__(self, server, peers, rng: random.Random):
        self.rng = rng
        self.code = server.create_forum(title="Protocol", questions=QUESTIONS)
        self.moderator, self.board = peers(server.url), peers(server.url)
        assert self.moderator.join(self.code, "moderator", key=server.key)["ok"]
        assert self.board.join(self.code, "board")["ok"]
        self.phones = [peers(server.url) for _ in range(3)]
        for phone in self.phones:
            assert phone.join(self.code, "participant")["ok"]
        self.audiences = [self.moderator, self.board, *self.phones]

    def truth(self) -> dict:
        return self.moderator.state()

    def suggestion_id(self, truth, shown: bool = False) -> int:
        """A suggestion of the forum (one the phones see, if `shown`)."""
        ids = [s["id"] for s in (truth["suggestions"] if shown else truth["moderation"]["suggestions"])]
        return self.rng.choice(ids) if ids else 1

    def entry_id(self, truth) -> int:
        ids = [e["entry_id"] for e in truth["queue"]]
        return self.rng.choice(ids) if ids else 1

    def phone_action(self):
        rng, truth = self.rng, self.truth()
        return rng.choice([
            ("hand_raise", {"lang": rng.choice(LANGS)}), ("hand_raise", {"lang": rng.choice(LANGS)}),
            ("hand_lower", {}), ("set_name", {"name": rng.choice(["", "Amina", "حسن"])}),
            ("suggest", {"text": f"Idea {rng.randrange(1000)}"}), ("suggest", {"text": f"Idea {rng.randrange(1000)}"}),
            ("vote", {"suggestion_id": self.suggestion_id(truth, shown=True)}),
            ("vote", {"suggestion_id": self.suggestion_id(truth, shown=True)}),
            ("unvote", {"suggestion_id": self.suggestion_id(truth, shown=True)}),
        ])

    def moderator_action(self):
        rng, truth = self.rng, self.truth()
        sid, entry = self.suggestion_id(truth), self.entry_id(truth)
        return rng.choice([
            ("add_speaker", {"label": f"Row {rng.randrange(9)}", "lang": rng.choice(LANGS)}),
            ("remove_entry", {"entry_id": entry}), ("move_entry", {"entry_id": entry, "delta": rng.choice([-1, 1])}),
            ("next_speaker", {}), ("next_speaker", {}), ("start_turn", {"entry_id": entry}), ("pause_turn", {}),
            ("resume_turn", {}), ("interpret_turn", {"on": rng.random() < 0.5}), ("reset_timer", {}), ("end_turn", {}),
            ("undo", {}), ("set_question", {"index": rng.randrange(len(QUESTIONS))}),
            ("first_timers_round", {"on": rng.random() < 0.5}), ("set_voting", {"open": rng.random() < 0.8}),
            ("reveal_tallies", {"revealed": rng.random() < 0.5}),
            ("update_settings", rng.choice([{"premoderation": rng.random() < 0.3},
                                            {"hide_tallies": rng.choice(["none", "phones", "all"])},
                                            {"board_view": rng.choice(["both", "queue", "suggestions"])},
                                            {"vote_budget": rng.choice([0, 2, 3])}, {"policy": rng.choice(["fair", "fifo"])}])),
            ("set_question_translation", {"index": truth["question"]["index"], "lang": rng.choice(LANGS), "text": "ترجمة"}),
            ("hide_suggestion", {"suggestion_id": sid}), ("unhide_suggestion", {"suggestion_id": sid}),
            ("hide_suggestion", {"suggestion_id": sid}), ("unhide_suggestion", {"suggestion_id": sid}),
            ("approve_suggestion", {"suggestion_id": sid}), ("pin_suggestion", {"suggestion_id": sid, "pinned": rng.random() < 0.5}),
            ("edit_suggestion", {"suggestion_id": sid, "text": f"Edited {rng.randrange(99)}"}),
            ("translate_suggestion", {"suggestion_id": sid, "lang": rng.choice(LANGS), "text": "Översättning"}),
            ("merge_suggestion", {"suggestion_id": sid, "into": self.suggestion_id(truth)}),
            ("lower_all_hands", {}), ("set_queue_open", {"open": rng.random() < 0.7}),
            ("set_suggestions", {"open": rng.random() < 0.7}), ("set_joining", {"open": rng.random() < 0.7}),
            ("set_attendance", {"present": rng.randrange(50)}), ("redact_suggestion", {"suggestion_id": sid}),
            ("update_settings", rng.choice([{"names_on_board": rng.random() < 0.5}, {"max_turns": rng.choice([0, 1, 2])},
                                            {"board_languages": rng.sample(LANGS, rng.randrange(4))}])),
        ])

    def step(self) -> None:
        if self.rng.random() < 0.5:
            phone = self.rng.choice(self.phones)
            event, payload = self.phone_action()
        else:
            phone = self.moderator
            event, payload = self.moderator_action()
        ack = phone.call(event, payload)
        assert isinstance(ack, dict) and "ok" in ack, (event, payload, ack)

    def converged(self, timeout: float = 5.0) -> None:
        """Each audience's page-merged pushes equal a fresh snapshot of its own."""
        last = {}

        def same():
            for i, peer in enumerate(self.audiences):
                fresh, shown = comparable(peer.state()), comparable(peer.mirror())
                if fresh != shown:
                    last.update(audience=i, fresh=fresh, shown=shown)
                    return False
            return True

        try:
            wait_until(same, timeout, interval=0.25, message="the pushes to converge")
        except AssertionError:
            fresh, shown = last["fresh"], last["shown"]
            diff = {k: (shown.get(k), fresh.get(k)) for k in set(fresh) | set(shown) if fresh.get(k) != shown.get(k)}
            raise AssertionError(f"audience {last['audience']} (0 moderator, 1 board, 2+ phones): "
                                 f"page state != fresh snapshot in {diff}") from None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_audience_merges_its_pushes_into_a_fresh_snapshot(server, peers, seed):
    room = Room(server, peers, random.Random(seed))
    for round_ in range(4):
        for _ in range(20):
            room.step()
        room.converged()
