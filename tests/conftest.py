"""Small fixtures: a fresh app on a temporary data dir, and a helper that joins sockets to a forum."""
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from facilitator import create_app
from postgres_support import database_url

KEY = "test-moderator-key"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "facilitator" / "translations"


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """`make test` compiles the catalogues; a bare `pytest` run gets them compiled here."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as f:
                parsed = read_po(f)
            with mo.open("wb") as f:
                write_mo(f, parsed)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app_and_socketio(tmp_path, clock):
    config = {"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading", "CLOCK": clock, "HEARTBEAT_S": 0}
    if database_url(tmp_path):  # FACILITATOR_TEST_POSTGRES: the same tests against PostgreSQL
        config["DATABASE_URL"] = database_url(tmp_path)
    return create_app(config)


@pytest.fixture
def app(app_and_socketio):
    return app_and_socketio[0]


@pytest.fixture
def client(app):
    return app.test_client()


class Room:
    """A forum and the sockets joined to it, so tests read as sentences."""

    def __init__(self, app, socketio, client):
        self.app, self.socketio, self.client = app, socketio, client
        response = client.post("/api/forums", json={"title": "Forum", "questions": ["Q1", "Q2", "Q3"]},
                               headers={"X-Moderator-Key": KEY})
        assert response.status_code == 201, response.json
        self.code = response.json["code"]

    def socket(self):
        return self.socketio.test_client(self.app, flask_test_client=self.client)

    def moderator(self):
        sock = self.socket()
        assert sock.emit("join", {"code": self.code, "role": "moderator", "key": KEY}, callback=True)["ok"]
        return sock

    def phone(self, name: str = "", token: str | None = None, lang: str | None = None):
        sock = self.socket()
        ack = sock.emit("join", {"code": self.code, "role": "participant", "name": name, "token": token,
                                 **({"lang": lang} if lang else {})}, callback=True)
        assert ack["ok"], ack
        sock.token, sock.me = ack["token"], ack["state"]["me"]
        return sock

    def board(self):
        sock = self.socket()
        assert sock.emit("join", {"code": self.code, "role": "board"}, callback=True)["ok"]
        return sock

    def state(self, role_socket) -> dict:
        return role_socket.emit("get_state", {}, callback=True)["state"]

    def forum(self):
        return self.app.extensions["forums"].get(self.code).state


@pytest.fixture
def room(app_and_socketio, client):
    app, socketio = app_and_socketio
    return Room(app, socketio, client)
