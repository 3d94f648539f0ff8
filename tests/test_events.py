"""The one catalogue of events: the evolver, the broadcaster, the store and the export all know every type."""
import json
from dataclasses import fields

import pytest

from conftest import KEY
from facilitator import create_app
from facilitator.broadcast import FULL, PARTS_BY_EVENT, Dirty, _note
from facilitator.core import evolve
from facilitator.core.events import CATALOGUE, LOG_VERSION, Event, ForumCreated, event_type, from_dict
from facilitator.core.settings import create_forum
from facilitator.core.suggestions import redacted
from facilitator.core.upcast import upcast
from facilitator.export import to_json
from facilitator.store import Store

SAMPLE = {"int": 3, "str": "P1", "bool": True, "float": 1_800_000_001.5, "list": [1], "dict": {"policy": "fifo"}}
TYPES = sorted(CATALOGUE.values(), key=lambda cls: cls.__name__)


def sample(cls) -> Event:
    """An instance of the event type with a value of the right kind in every field."""
    return cls(**{f.name: SAMPLE[str(f.type)] for f in fields(cls)})


@pytest.mark.parametrize("cls", TYPES, ids=lambda cls: cls.__name__)
def test_the_evolver_applies_every_type(cls):
    assert cls in evolve.APPLY or cls is ForumCreated  # ForumCreated starts the state (settings.new_forum)


def test_the_evolver_applies_nothing_outside_the_catalogue():
    assert set(evolve.APPLY) | {ForumCreated} == set(CATALOGUE.values())


@pytest.mark.parametrize("cls", TYPES, ids=lambda cls: cls.__name__)
def test_the_broadcaster_knows_what_every_type_changes(cls):
    assert cls in PARTS_BY_EVENT


def test_the_broadcaster_pushes_everything_for_a_type_it_does_not_know():
    @event_type
    class SomethingNew(Event):
        person: str
    try:
        dirty = Dirty()
        _note(dirty, SomethingNew(1.0, person="P1"))
        assert dirty.full and dirty.persons == {"P1"} and SomethingNew not in PARTS_BY_EVENT
        assert PARTS_BY_EVENT.get(SomethingNew, FULL) == FULL
    finally:
        del CATALOGUE["SomethingNew"]


def test_the_store_and_the_export_keep_every_type(tmp_path):
    app, _ = create_app({"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading", "HEARTBEAT_S": 0})
    store: Store = app.extensions["forums"].store
    created = create_forum("EVERY", 1.0, "Every type", ["Q"])
    store.create_forum(created)
    events = [sample(cls) for cls in TYPES if cls is not ForumCreated]
    store.append(store.load("EVERY").forum_id, 2, events)
    events = [redacted(e, SAMPLE["int"]) for e in events]  # the sample SuggestionRedacted takes the text out
    assert store.load("EVERY").events == [created, *events]  # rows and back, type by type

    exported = json.loads(to_json({"log_version": LOG_VERSION, "events": [e.to_dict() for e in [created, *events]]}))
    assert upcast([(exported["log_version"], e) for e in exported["events"]])[0] == [created, *events]


def test_an_event_of_an_unknown_type_or_with_other_fields_is_refused():
    with pytest.raises(ValueError, match="unknown event type"):
        from_dict({"type": "Nope", "at": 1.0})
    with pytest.raises(ValueError, match="needs the fields"):
        from_dict({"type": "VoteCast", "at": 1.0, "suggestion_id": 1, "person": "P1", "ip": "10.0.0.1"})
