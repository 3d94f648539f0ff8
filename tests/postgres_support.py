"""Running tests against PostgreSQL: each data dir gets a schema of its own in one test database.

`FACILITATOR_TEST_POSTGRES` names that database (a SQLAlchemy URL, e.g. the one `make test` starts:
scripts/cluster.sh). Unset, every test keeps SQLite. The schema is named after the data dir, so a
server restarted on the same data dir finds its forums again, as it would in its SQLite file.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

POSTGRES = os.environ.get("FACILITATOR_TEST_POSTGRES", "")
_made: set[str] = set()


def database_url(data_dir: Path) -> str | None:
    """The URL of `data_dir`'s own schema (made on first use), or None when the tests run on SQLite."""
    if not POSTGRES:
        return None
    schema = "t_" + hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:20]
    if schema not in _made:
        engine = create_engine(POSTGRES)
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        engine.dispose()
        _made.add(schema)
    joiner = "&" if "?" in POSTGRES else "?"
    return f"{POSTGRES}{joiner}options={quote(f'-csearch_path={schema}')}"


def on_database(data_dir: Path) -> dict:
    """The config a test's second app on `data_dir` needs to open the same database as its first."""
    url = database_url(data_dir)
    return {"DATABASE_URL": url} if url else {}


sqlite_only = __import__("pytest").mark.skipif(bool(POSTGRES), reason="SQLite's own settings (the tests run on PostgreSQL)")
