"""docs/protocol.md against the code: the actions, their payloads and roles, the `me` part, the language
code, which actions act again when resent, and the events of the log with their fields."""
import re
from pathlib import Path

import pytest

from core_support import Forum
from facilitator.actions import ACTIONS
from facilitator.core import queue, rules, views
from facilitator.core.events import CATALOGUE, field_names
from facilitator.validation import Optional

DOC = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = DOC.index(f"### {title}\n")
    end = DOC.find("\n### ", start + 1)
    return DOC[start:end if end > 0 else None]


def table(title: str) -> dict[str, list[str]]:
    """The rows of the section's table, by the name in their first cell."""
    rows = {}
    for line in section(title).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = re.fullmatch(r"`(\w+)`", cells[0])
        if line.startswith("|") and name:
            rows[name.group(1)] = cells[1:]
    return rows


ROWS = table("Events")


def documented_payload(cell: str) -> dict[str, bool]:
    """`{"entry_id", "delta": int}` -> {"entry_id": required, "delta": required}; `"lang"?` is optional."""
    return {name: not optional for name, optional in re.findall(r'"(\w+)"(\?)?', cell.split("(")[0])}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_is_documented_with_its_role_and_payload(name):
    act = ACTIONS[name]
    assert name in ROWS, f"docs/protocol.md does not document the action '{name}'"
    role, payload, _ack = ROWS[name]
    assert role == act.role
    assert documented_payload(payload) == {field: not isinstance(kind, Optional)
                                           for field, kind in act.payload.items()}


def test_the_doc_documents_no_action_the_server_does_not_know():
    assert set(ROWS) == set(ACTIONS) | {"get_state"}


def test_the_me_part_is_documented_field_by_field():
    bullet = next(line for line in section("The `state` push").split("\n- ") if line.startswith("`me` (participants)"))
    documented = re.findall(r'"(\w+)"', bullet.split(":", 1)[1].split("`:")[0])
    f = Forum()
    person = f.join("Amina")
    assert sorted(documented) == sorted(views.me_part(f.state, person, f.now))


def test_the_language_code_is_the_one_the_rules_check():
    assert f"`{rules.LANG_RE.pattern}`" in DOC


def test_the_actions_that_act_again_when_resent_are_named():
    line = next(line for line in section("Retries and idempotency").split("\n- ") if "act **again**" in line)
    assert set(re.findall(r"`(\w+)`", line)) == {name for name, act in ACTIONS.items() if act.repeats}


def test_every_event_of_the_log_is_documented_with_its_fields():
    rows = table("Events in the log")
    assert set(rows) == set(CATALOGUE)
    for name, (fields,) in rows.items():
        assert re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", fields)) == field_names(CATALOGUE[name])[1:], name


def test_a_resent_next_speaker_acts_again():
    f = Forum()
    for label in ("A", "B"):
        f.do(queue.add_speaker, label)
    from facilitator.core import turn
    f.do(turn.next_speaker)
    f.do(turn.next_speaker)
    assert f.state.turn.entry.label == "B"  # which is why the doc says so
