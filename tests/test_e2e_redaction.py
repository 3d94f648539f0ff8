"""Redaction (issue 8.6), from outside: a moderator takes back one suggestion's text, and afterwards it
is in no export, not in the database file's bytes, not in what the server pushes, and a restart
replays the rewritten log to the same forum.

Before: the text stayed in the log's SuggestionPosted/Edited events, in export.json, in the CSV's
`original_text` and in the report; only purging the whole forum removed it.
"""
import io
import zipfile

import pytest
import requests

from tests.e2e_support import Server, peers, wait_until  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e

SECRET, EDITED, TRANSLATED = "Ring Ahmad 0701-99-1234", "Ring Ahmad 0701-99-1234 ikväll", "Call Ahmad 0701-99-1234"
MARK = b"0701-99-1234"


def database_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("facilitator.db*")))


def exports(server, code: str) -> dict[str, bytes]:
    """Every export, unpacked: zips (CSV, XLSX) by their members."""
    out = {}
    for name in ("export.json", "export.zip", "export.xlsx", "export.html", "export.html?include_hidden=1"):
        response = requests.get(f"{server.url}/api/forums/{code}/{name}", headers={"X-Moderator-Key": server.key},
                                timeout=10)
        assert response.status_code == 200, name
        if response.content[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                out.update({f"{name}/{member}": archive.read(member) for member in archive.namelist()})
        else:
            out[name] = response.content
    return out


def holding(files: dict[str, bytes]) -> list[str]:
    return [name for name, content in files.items() if MARK in content or MARK.decode().encode("utf-16-le") in content]


def test_a_redacted_text_is_gone_from_exports_pushes_the_database_and_memory(tmp_path, peers):
    server = Server(tmp_path / "data").start()
    try:
        code = server.create_forum(title="Redaction")
        moderator, board, phone, voter = (peers(server.url) for _ in range(4))
        assert moderator.join(code, "moderator", key=server.key)["ok"]
        assert board.join(code, "board")["ok"]
        assert phone.join(code, "participant")["ok"] and voter.join(code, "participant")["ok"]
        sid = phone.ok("suggest", {"text": SECRET, "client_id": "c1"})["suggestion_id"]
        kept = voter.ok("suggest", {"text": "Keep the library open"})["suggestion_id"]
        moderator.ok("edit_suggestion", {"suggestion_id": sid, "text": EDITED})
        moderator.ok("translate_suggestion", {"suggestion_id": sid, "lang": "en", "text": TRANSLATED})
        moderator.ok("hide_suggestion", {"suggestion_id": sid})
        voter.ok("vote", {"suggestion_id": kept})
        assert holding(exports(server, code)) and MARK in database_bytes(server.data_dir)  # before: everywhere

        moderator.ok("redact_suggestion", {"suggestion_id": sid})
        assert holding(exports(server, code)) == []
        assert MARK not in database_bytes(server.data_dir)
        row = next(s for s in moderator.state()["moderation"]["suggestions"] if s["id"] == sid)
        assert row["redacted"] and row["text"] == row["original"] == "" and row["translations"] == {}
        wait_until(lambda: MARK.decode() not in repr(moderator.mirror()), message="the console's pushed state")
        assert MARK.decode() not in repr(board.mirror()) + repr(phone.mirror())
        resent = phone.ok("suggest", {"text": SECRET, "client_id": "c1"})  # a resend is answered from memory
        assert resent["suggestion_id"] == sid

        log = exports(server, code)["export.json"].decode()
        assert '"type": "SuggestionRedacted"' in log and f'"suggestion_id": {sid}, "by": "moderator"' in log

        server.kill()  # kill -9: the rewritten log must replay
        server.start()
        again = peers(server.url)
        state = again.join(code, "moderator", key=server.key)["state"]
        rows = {s["id"]: s for s in state["moderation"]["suggestions"]}
        assert rows[sid]["redacted"] and rows[sid]["text"] == "" and rows[kept]["votes"] == 1
        assert holding(exports(server, code)) == [] and MARK not in database_bytes(server.data_dir)
    finally:
        server.stop()


def test_only_the_moderator_redacts_and_a_bad_payload_changes_nothing(tmp_path, peers):
    server = Server(tmp_path / "data").start()
    try:
        code = server.create_forum(title="Refusals")
        moderator, phone = peers(server.url), peers(server.url)
        assert moderator.join(code, "moderator", key=server.key, lang="de")["ok"]
        assert phone.join(code, "participant")["ok"]
        sid = phone.ok("suggest", {"text": SECRET})["suggestion_id"]
        assert "Only the moderator" in phone.call("redact_suggestion", {"suggestion_id": sid})["error"]
        for payload in ({}, {"suggestion_id": "1"}, {"suggestion_id": 999}):
            ack = moderator.call("redact_suggestion", payload)
            assert ack["ok"] is False and ack["error"].strip()
        assert MARK in exports(server, code)["export.json"]
    finally:
        server.stop()
