"""Properties of the core over random sequences of actions (hypothesis): replaying the log equals the live
state; the queue never holds a person twice; the fair order holds until the moderator moves someone by
hand; talk time never decreases; and the store's projections (the votes table, the forum's summary)
always equal the replay."""
from dataclasses import dataclass, replace

from hypothesis import HealthCheck, given, settings, strategies as st

from core_support import Forum
from facilitator.core import Refused, fairness, questions, queue, settings as forum_settings, suggestions, turn, \
    undo, views, voting
from facilitator.core.evolve import replay
from facilitator.database import make_engine
from facilitator.forums import summary_of
from facilitator.store import Batched, Store

MODES = (turn.SPEAKING, turn.PAUSED, turn.INTERPRETING)
LABELS = ("Row 3", "row 3", "Door", "Back")
FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def pick(items, n: int):
    items = list(items)
    return items[n % len(items)] if items else None


def entry_id(f: Forum, n: int):
    entry = pick(f.state.queue, n)
    return entry.id if entry else n


def suggestion_id(f: Forum, n: int):
    return pick(sorted(f.state.suggestions), n) or n


# Each step: (what, a, b) with a and b choosing among what the forum has.
STEPS = {
    "join": lambda f, a, b: f.join(("", "Amina", "Bo")[a % 3]),
    "raise": lambda f, a, b: f.do(queue.raise_hand, pick(phones(f), a), ("", "ar", "sv")[b % 3]),
    "lower": lambda f, a, b: f.do(queue.lower_hand, pick(phones(f), a)),
    "walk_in": lambda f, a, b: f.do(queue.add_speaker, LABELS[a % 4], ""),
    "remove": lambda f, a, b: f.do(queue.remove_entry, entry_id(f, a)),
    "move": lambda f, a, b: f.do(queue.move_entry, entry_id(f, a), (-2, -1, 1)[b % 3]),
    "next": lambda f, a, b: f.do(turn.next_speaker),
    "start": lambda f, a, b: f.do(turn.start_turn, entry_id(f, a) if b % 2 else None),
    "mode": lambda f, a, b: f.do(turn.set_mode, MODES[a % 3]),
    "reset": lambda f, a, b: f.do(turn.reset_timer),
    "end": lambda f, a, b: f.do(turn.end_turn),
    "undo": lambda f, a, b: f.do(undo.undo),
    "question": lambda f, a, b: f.do(questions.set_question, a % 3),
    "round": lambda f, a, b: f.do(questions.first_timers_round, bool(a % 2)),
    "policy": lambda f, a, b: f.do(forum_settings.update_settings, {"policy": ("fair", "fifo")[a % 2]}),
    "budget": lambda f, a, b: f.do(forum_settings.update_settings, {"vote_budget": a % 4}),
    "suggest": lambda f, a, b: f.do(suggestions.suggest, pick(phones(f), a), f"idea {b}"),
    "vote": lambda f, a, b: f.do(voting.vote, pick(phones(f), a), suggestion_id(f, b)),
    "unvote": lambda f, a, b: f.do(voting.unvote, pick(phones(f), a), suggestion_id(f, b)),
    "hide": lambda f, a, b: f.do(suggestions.hide, suggestion_id(f, a), bool(b % 2)),
    "merge": lambda f, a, b: f.do(suggestions.merge, suggestion_id(f, a), suggestion_id(f, b)),
    "voting": lambda f, a, b: f.do(voting.set_voting, bool(a % 3)),
}
WEIGHTED = sorted(STEPS) + ["join", "raise", "raise", "walk_in", "walk_in", "next", "vote", "vote", "move"]
steps = st.lists(st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 9), st.integers(0, 9),
                           st.sampled_from([0.0, 0.5, 3.0, 11.0, 40.0])), min_size=10, max_size=60)


def phones(f: Forum) -> list[str]:
    return sorted(p for p, person in f.state.people.items() if not person.walk_in) or ["P0"]


@dataclass
class Watch:
    """What the properties remember between steps."""
    talk: dict
    by_hand: bool = False  # the moderator moved someone, or undid something: the fair order may not hold


def play(sequence, on_step=lambda f, step: None) -> Forum:
    f = Forum()
    f.join("Amina")
    for what, a, b, seconds in sequence:
        f.wait(seconds)
        try:
            STEPS[what](f, a, b)
        except (Refused, KeyError):  # a refusal, or a phone that never joined: nothing was recorded
            pass
        on_step(f, what)
    return f


@FAST
@given(steps)
def test_replaying_the_log_equals_the_live_state(sequence):
    f = play(sequence)
    again = replay(f.events)
    for audience in ("participant", "board", "moderator"):
        assert views.full_state(again, audience, f.now) == views.full_state(f.state, audience, f.now)
    for person in f.state.people:
        assert views.me_part(again, person, f.now) == views.me_part(f.state, person, f.now)


@FAST
@given(steps)
def test_the_queue_never_holds_a_person_twice_nor_the_speaker(sequence):
    def check(f, what):
        persons = [e.person for e in f.state.queue]
        assert len(persons) == len(set(persons))
        assert not (f.state.turn and f.state.turn.entry.person in persons)
    play(sequence, check)


@FAST
@given(steps)
def test_the_fair_order_holds_until_the_moderator_moves_someone_by_hand(sequence):
    watch = Watch(talk={})

    def check(f, what):
        watch.by_hand |= what in ("move", "undo")
        if not watch.by_hand:
            order = sorted(f.state.queue, key=lambda e: queue.sort_key(f.state, e, f.now))
            assert f.state.queue == order
    play(sequence, check)


@FAST
@given(steps)
def test_talk_time_never_decreases(sequence):
    watch = Watch(talk={})

    def check(f, what):
        talk = {p: fairness.talk_seconds(f.state, p, f.now) for p in f.state.people}
        if what != "undo":  # undoing a mis-clicked "next" takes back the wrongly started turn, by design
            assert all(talk[p] >= watch.talk.get(p, 0.0) - 1e-9 for p in talk)
        watch.talk = talk
    play(sequence, check)


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps)
def test_the_stored_projections_equal_the_replay(tmp_path, sequence):
    f = play(sequence)
    store = Store(make_engine(f"sqlite:///{tmp_path / 'projections.db'}"))
    code = f"P{len(store.forum_codes())}"
    store.create_forum(replace(f.events[0], code=code))
    live = replay(f.events)
    store.append_batch([Batched(store.load(code).forum_id, 2, f.events[1:], summary=summary_of(live))])
    forum = replay(store.load(code).events)
    assert store.votes(code) == {sid: voters for sid, voters in forum.votes.items() if voters}
    turned = {(person, sid) for person, sids in forum.voted.items() for sid in sids}
    assert turned == {(person, sid) for sid, voters in forum.votes.items() for person in voters}
    row = next(r for r in store.summaries() if r["code"] == code)
    assert {k: row[k] for k in summary_of(forum)} == summary_of(forum)
