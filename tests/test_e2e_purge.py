"""Purge, beside a running server: the purged forum's text is gone from the database's files."""
import pytest

from e2e_support import Server, peers  # noqa: F401 (fixture)
from facilitator.cli import main

pytestmark = pytest.mark.e2e

PURGED, KEPT = "Zqxwv-purged-7731", "Kjhgf-kept-4410"


def database_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("facilitator.db*")))


def play_forum(server, peers, marker: str) -> str:
    code = server.create_forum(title=f"{marker} title", questions=[f"{marker} question?"])
    moderator, phone = peers(server.url), peers(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    assert phone.join(code, "participant", name=f"{marker[:10]} name")["ok"]
    suggestion = phone.ok("suggest", {"text": f"{marker} suggestion"})["suggestion_id"]
    phone.ok("vote", {"suggestion_id": suggestion})
    moderator.ok("add_speaker", {"label": f"{marker} walk-in"})
    moderator.ok("next_speaker", {})
    return code


def test_purge_leaves_no_copy_of_the_forum_in_the_database_files(tmp_path, peers, capsys):
    server = Server(tmp_path / "data").start()
    try:
        purged, kept = play_forum(server, peers, PURGED), play_forum(server, peers, KEPT)
        assert PURGED.encode() in database_bytes(server.data_dir)
        assert main(["purge", purged, "--yes", "--data-dir", str(server.data_dir)]) == 0
        assert "could not be compacted" not in capsys.readouterr().err
        files = database_bytes(server.data_dir)
        assert PURGED.encode() not in files
        assert KEPT.encode() in files  # the files read are the right ones, and the other forum is whole
        state = peers(server.url)
        assert state.join(kept, "board")["ok"]
    finally:
        server.stop()
