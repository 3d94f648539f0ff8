"""The command line's export, import and purge."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from export_support import HOSTILE, ForumPlay
from facilitator.cli import main
from facilitator.database import make_engine
from facilitator.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def play(room, clock):
    return ForumPlay(room, clock)


def store_of(data_dir: Path) -> Store:
    return Store(make_engine(f"sqlite:///{data_dir / 'facilitator.db'}"))


def test_export_writes_every_format_and_prints_the_paths(play, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", play.code.lower(), "--out", str(out), "--data-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    names = sorted(Path(p).name for p in printed)
    assert names == sorted([f"{play.code}-export.json", f"{play.code}-export.xlsx", f"{play.code}-report.html"]
                           + [f"{play.code}-{t}.csv" for t in ("questions", "speeches", "suggestions",
                                                                "participants", "votes")])
    assert all(Path(p).is_file() and Path(p).parent == out for p in printed)
    report = (out / f"{play.code}-report.html").read_text()
    assert "<style>" in report and "@media print" in report and "report.css" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report and HOSTILE not in report
    assert json.loads((out / f"{play.code}-export.json").read_text())["forum"]["code"] == play.code


def test_export_of_one_format_and_of_an_unknown_code(play, tmp_path, capsys):
    assert main(["export", play.code, "--format", "csv", "--out", str(tmp_path / "o"), "--data-dir",
                 str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.split()) == 5
    assert main(["export", "NOPE9", "--format", "json", "--out", str(tmp_path), "--data-dir", str(tmp_path)]) == 2
    assert "NOPE9" in capsys.readouterr().err


def test_import_refuses_a_code_already_there(play, tmp_path, capsys):
    main(["export", play.code, "--format", "json", "--out", str(tmp_path / "o"), "--data-dir", str(tmp_path)])
    exported = tmp_path / "o" / f"{play.code}-export.json"
    assert main(["import", str(exported), "--data-dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    assert main(["import", str(exported), "--data-dir", str(fresh)]) == 0
    assert "cannot rejoin" in capsys.readouterr().out
    assert store_of(fresh).load(play.code)[2] == {}  # no devices: phones cannot come back


def test_import_refuses_damaged_files(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    for content in ("not json", json.dumps({"version": 1, "events": []}),
                    json.dumps({"version": 1, "events": [{"type": "Nope", "at": 1.0, "seq": 1}]}),
                    json.dumps({"version": 99, "events": [{"type": "ForumCreated", "at": 1.0, "seq": 1}]})):
        bad.write_text(content)
        assert main(["import", str(bad), "--data-dir", str(tmp_path)]) == 2
    assert store_of(tmp_path).forum_codes() == []


def test_purge_with_yes(play, tmp_path, capsys):
    assert main(["purge", play.code, "--yes", "--data-dir", str(tmp_path)]) == 0
    assert not store_of(tmp_path).code_exists(play.code)
    assert store_of(tmp_path).vote_counts(play.code) == {}
    assert main(["purge", play.code, "--yes", "--data-dir", str(tmp_path)]) == 2


def test_purge_asks_for_the_code(play, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("builtins.input", lambda prompt: "WRONG")
    assert main(["purge", play.code, "--data-dir", str(tmp_path)]) == 1
    assert store_of(tmp_path).code_exists(play.code)
    assert "Nothing was deleted" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt: play.code.lower() + " ")
    assert main(["purge", play.code, "--data-dir", str(tmp_path)]) == 0
    assert not store_of(tmp_path).code_exists(play.code)


def test_run_py_export_as_a_subprocess(play, tmp_path):
    done = subprocess.run([sys.executable, "run.py", "export", play.code, "--format", "json", "--out",
                           str(tmp_path / "o"), "--data-dir", str(tmp_path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "o" / f"{play.code}-export.json")
    assert "eventlet" not in done.stderr.lower()


def test_the_report_file_has_the_hidden_suggestions_only_when_asked(play, tmp_path, capsys):
    assert main(["export", play.code, "--format", "html", "--out", str(tmp_path / "a"), "--data-dir", str(tmp_path)]) == 0
    assert main(["export", play.code, "--format", "html", "--include-hidden", "--out", str(tmp_path / "b"),
                 "--data-dir", str(tmp_path)]) == 0
    assert "@cmd" not in (tmp_path / "a" / f"{play.code}-report.html").read_text()
    assert "@cmd" in (tmp_path / "b" / f"{play.code}-report.html").read_text()
