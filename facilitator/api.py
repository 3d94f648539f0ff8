"""The JSON API: creating and listing forums, and the exports."""
from __future__ import annotations

import errno
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask_babel import gettext
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .core import N_, Refused
from .core.settings import create_forum
from .export import TABLES, csv_bytes, csv_zip, export_data, tables, to_json, xlsx_bytes
from .i18n import translate_refusal
from .links import forum_links
from .report import render_report
from .security import require_key
from .validation import Optional, payload

api = Blueprint("api", __name__, url_prefix="/api")

FORUM_FIELDS = {"title": str, "questions": list, "turn_seconds": Optional(int), "vote_budget": Optional(int),
                "policy": Optional(str), "premoderation": Optional(bool), "hide_tallies": Optional(str)}


@api.before_request
def _moderator_only():
    """The moderator's key; a core-team key may read (the list of forums, the exports), never create a forum."""
    return require_key(team=request.method in ("GET", "HEAD"))


@api.errorhandler(Refused)
def _refused(error: Refused):
    """400 with the reason in the request's language (`?lang=`, the `lang` cookie, Accept-Language)."""
    return jsonify(error=translate_refusal(error)), 400


HTTP_ERRORS = {401: N_("The moderator key is missing."), 403: N_("That moderator key is wrong."),
               404: N_("There is nothing at this address."), 500: N_("The server could not carry out that action.")}


@api.app_errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Under /api/ every error is JSON with a message, whatever raised it (routing, a view, the key check)."""
    if not request.path.startswith(f"{api.url_prefix}/"):
        return error
    if error.response is not None:
        return error.response
    message = HTTP_ERRORS.get(error.code)
    # Translators: %(status)s is an HTTP status such as "405 Method Not Allowed", which stays in English.
    text = gettext(message) if message else gettext("The request was refused (%(status)s).",
                                                    status=f"{error.code} {error.name}")
    return _error(error.code or 500, text)


@api.errorhandler(Exception)
def _failed(error: Exception):
    """A failure of the server itself (a full disk, a broken database): logged, and said in JSON."""
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.error("%s %s failed", request.method, request.path, exc_info=error)
    if _disk_full(error):
        return _error(507, gettext("The server's disk is full, so nothing was saved. Free some space on "
                                   "the server and try again."))
    return _error(500, gettext(HTTP_ERRORS[500]))


def _disk_full(error: Exception) -> bool:
    cause = getattr(error, "orig", None) or error
    text = str(cause).lower()
    return (isinstance(error, OperationalError) and ("disk is full" in text or "no space left" in text)) \
        or getattr(cause, "errno", None) == errno.ENOSPC


@api.post("/forums")
def create():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused(N_("The body must be a JSON object."))
    fields = payload(body, FORUM_FIELDS)
    if not all(isinstance(q, str) for q in fields["questions"]):
        raise Refused(N_("Every question must be a text."))
    make = lambda code, now: create_forum(code, now, **fields)  # noqa: E731
    make("CHECK", 0.0)  # refuse a bad body before a code is taken
    code = current_app.extensions["forums"].create(make)
    announce = current_app.config.get("ANNOUNCE_FORUM")  # run.py prints the new join link and its QR code
    if announce:
        announce(code)
    return jsonify(code=code, **forum_links(code)), 201


@api.get("/forums")
def list_forums():
    """Every forum, and how many questions this calendar year's forums asked (the handbook says at most 6)."""
    forums = current_app.extensions["forums"]
    rows = forums.summaries()
    year = datetime.fromtimestamp(forums.clock()).year
    asked = sum(len(f["questions"]) for f in rows if datetime.fromtimestamp(f["created_at"]).year == year)
    return jsonify(forums=rows, year=year, year_questions=asked)


def _export(code: str) -> dict:
    """The export of one forum, built from a single read of its event log; 404 if there is none."""
    code, forums = code.strip().upper(), current_app.extensions["forums"]
    loaded = forums.db(forums.store.load, code)
    if not loaded or not loaded[1]:
        abort(_error(404, gettext("There is no forum with the code %(code)s.", code=code[:16])))
    return export_data(loaded[1], forums.clock())


def _error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response


def _download(content: bytes, mimetype: str, filename: str | None = None) -> Response:
    headers = {"Cache-Control": "no-store"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(content, mimetype=mimetype, headers=headers)


@api.get("/forums/<code>/export.json")
def export_json(code: str):
    return _download(to_json(_export(code)), "application/json")


@api.get("/forums/<code>/export.zip")
def export_zip(code: str):
    data = _export(code)
    return _download(csv_zip(data), "application/zip", f"forum-{data['forum']['code']}-csv.zip")


@api.get("/forums/<code>/export.csv")
def export_csv(code: str):
    """All tables as a zip of CSV files, or one table with `?table=speeches` (and the like)."""
    name = request.args.get("table")
    if name is None:
        return export_zip(code)
    if name not in TABLES:
        return _error(400, gettext("%(field)s must be one of: %(allowed)s.", field="table",
                                   allowed=", ".join(TABLES)))
    data = _export(code)
    table = next(t for t in tables(data) if t.name == name)
    return _download(csv_bytes(table), "text/csv; charset=utf-8", f"{data['forum']['code']}-{name}.csv")


@api.get("/forums/<code>/export.xlsx")
def export_xlsx(code: str):
    data = _export(code)
    return _download(xlsx_bytes(data), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"forum-{data['forum']['code']}.xlsx")


@api.get("/forums/<code>/export.html")
def export_html(code: str):
    """The printable report; `?hidden=1` puts the suggestions the moderator hid in it too."""
    include_hidden = request.args.get("hidden") in ("1", "true", "yes")
    return _download(render_report(_export(code), include_hidden=include_hidden).encode("utf-8"), "text/html")
