"""The data dir: one server per data dir and per port, and files only their owner can read."""
import json
import stat

import pytest
import requests

from e2e_support import START_TIMEOUT_S, Server
from facilitator.cli import main

pytestmark = pytest.mark.e2e


def refusal(attempt) -> str:
    """What a server that should not start printed; it must have stopped by itself with code 2."""
    try:
        out, err = attempt.communicate(timeout=START_TIMEOUT_S)
    except Exception:
        attempt.kill()
        attempt.communicate()
        raise AssertionError("a second server started beside the first")
    assert attempt.returncode == 2, out + err
    return err


def modes(folder, names=None) -> dict[str, str]:
    return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in folder.iterdir()
            if p.is_file() and p.name != "server.log" and (names is None or p.name in names)}


def test_a_second_server_on_the_same_data_dir_or_port_refuses_to_start(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret_key").write_text("left world-readable by an older version\n")
    (data / "secret_key").chmod(0o644)
    first = Server(data).start()
    try:
        code = first.create_forum(title="The only room")
        same_dir, same_port = Server(data).attempt(), Server(tmp_path / "other", port=first.port).attempt()
        message = refusal(same_dir)
        assert f"process {first.proc.pid}" in message and str(data) in message
        message = refusal(same_port)
        assert f"Port {first.port}" in message and "already in use" in message

        # Every request still reaches the one server that holds the forum.
        for _ in range(20):
            assert requests.get(f"{first.url}/j/{code}", timeout=5).status_code == 200

        # The command line works beside it: it opens the database, it does not serve.
        assert main(["export", code, "--out", str(tmp_path / "out"), "--data-dir", str(data)]) == 0
        assert json.loads((tmp_path / "out" / f"{code}-export.json").read_text())["forum"]["title"] == "The only room"

        # Nothing in the data dir, and no export, can be read by other users of the machine.
        files = modes(data)
        assert {"facilitator.db", "facilitator.db-wal", "secret_key", "server.lock"} <= files.keys(), files
        assert set(files.values()) == {"0o600"}, files
        exports = modes(tmp_path / "out")
        assert len(exports) == 8 and set(exports.values()) == {"0o600"}, exports
    finally:
        first.kill()  # kill -9: the kernel drops the lock with the process (test_e2e_restart restarts on it)
