"""The pages: the phone, the board, the console and its start page."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, make_response, redirect, render_template, request

from .core import Refused
from .i18n import COOKIE, LANGUAGES, direction, page_language
from .links import forum_links, qr_svg
from .security import KEY_COOKIE, key_status

pages = Blueprint("pages", __name__)


def _forum_or_404(code: str):
    try:
        return current_app.extensions["forums"].get(code).state
    except Refused:
        abort(404)


def _render(template: str, status: int = 200, **context) -> Response:
    lang = page_language()  # the page code: "prs" for Dari, whose Babel locale is fa_AF
    context.setdefault("page_config", {})
    response = make_response(render_template(template, lang=lang, dir=direction(lang),
                                             languages=list(LANGUAGES.items()), **context), status)
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return response


def _forum_page(template: str, code: str, role: str, **extra) -> Response:
    forum = _forum_or_404(code)
    links = forum_links(forum.code)
    config = {"code": forum.code, "role": role, "join_url": links["join_url"], **extra}
    return _render(template, code=forum.code, title=forum.title, page_config=config, **links, **extra)


@pages.get("/healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain"}


@pages.get("/")
def index():
    return _render("index.html")


@pages.get("/join")
def join_by_code():
    """The landing page's form: a typed code leads to that forum's phone page."""
    code = (request.args.get("code") or "").strip().upper()
    try:
        forum = current_app.extensions["forums"].get(code).state
    except Refused:
        return _render("index.html", status=404, unknown=True)
    return redirect(f"/j/{forum.code}")


@pages.get("/j/<code>")
def phone(code: str):
    return _forum_page("phone.html", code, "participant")


@pages.get("/b/<code>")
def board(code: str):
    view = "interpreters" if request.args.get("view") == "interpreters" else "board"
    return _forum_page("board.html", code, "board", view=view)


@pages.get("/m/")
def console_home():
    return _with_key(lambda: _render("console_home.html"))


@pages.get("/m/<code>")
def console(code: str):
    return _with_key(lambda: _forum_page("console.html", code, "moderator"))


def _with_key(render) -> Response:
    """The console needs the key: `?key=` once, then a cookie; without it, a page asking for it."""
    status = key_status()
    if status:
        return _render("key.html", status=status, wrong=status == 403)
    response = render()
    if request.args.get("key"):
        response.set_cookie(KEY_COOKIE, request.args["key"], httponly=True, samesite="Strict",
                            max_age=30 * 86400)
    return response


@pages.get("/qr/<code>.svg")
def qr(code: str):
    forum = _forum_or_404(code)
    svg = qr_svg(forum_links(forum.code)["join_url"])
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=300"})
