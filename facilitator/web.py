"""The pages: the phone, the board, the console and its start page."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, make_response, redirect, render_template, request
from flask_babel import gettext

from .board_words import board_words
from .core import Refused
from .i18n import COOKIE, LANGUAGES, direction, page_language
from .links import forum_links, qr_svg
from .moderator_access import KeyRefused
from .security import access, identify, key_refusal, log_in, refused_json, with_retry_after

pages = Blueprint("pages", __name__)
FOLLOW_UP = "/m/followup"  # the core team's pages after the forum (followup_pages.py)


def _forum_or_404(code: str) -> tuple[str, str]:
    """The forum's code and title (in a cluster, read without taking the forum over from its worker)."""
    try:
        return current_app.extensions["forums"].page(code)
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


def _forum_page(template: str, code: str, role: str, context: dict | None = None, **extra) -> Response:
    """A live page; `extra` goes to the page's script too, `context` only to the template."""
    code, title = _forum_or_404(code)
    links = forum_links(code)
    config = {"code": code, "role": role, "join_url": links["join_url"], **extra}
    return _render(template, code=code, title=title, page_config=config, **links, **extra, **(context or {}))


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
        code, _ = current_app.extensions["forums"].page(code)
    except Refused:
        return _render("index.html", status=404, unknown=True)
    return redirect(f"/j/{code}")


@pages.get("/j/<code>")
def phone(code: str):
    """The live phone page; once the forum is over, what became of it (outcome.py)."""
    from .outcome import after_the_forum, outcome_context, so_far
    return after_the_forum(code) or _forum_page("phone.html", code, "participant",
                                                context=outcome_context(so_far(code)))


@pages.get("/b/<code>")
def board(code: str):
    view = "interpreters" if request.args.get("view") == "interpreters" else "board"
    return _forum_page("board.html", code, "board", view=view, board_words=board_words())


@pages.get("/m/")
def console_home():
    return _with_key(lambda: _render("console_home.html"))


@pages.get("/m/<code>")
def console(code: str):
    return _with_key(lambda: _forum_page("console.html", code, "moderator"))


def _with_key(render) -> Response:
    """The console needs the moderator's session (or the key header); without it, a page asking for the key."""
    refusal = key_refusal()
    return _key_page(refusal) if refusal else render()


@pages.post("/m/")
@pages.post("/m/<code>")
def log_in_by_form(code: str | None = None):
    """The key page's form: the key travels in the body, never in an address; back to the same page (a
    core-team key, which opens no console, to the follow-up pages)."""
    try:
        actor = identify(request.form.get("key"))
    except KeyRefused as refusal:
        return _key_page(refusal)
    return log_in(redirect(_without_key() if actor.role == "moderator" else FOLLOW_UP, 303), actor)


@pages.get("/m/login/<token>")
def log_in_by_link(token: str):
    """The terminal's one-time link: it logs in once, and is spent (what stays in the history is useless)."""
    if not access().use_login_link(token):
        return _render("key.html", status=403, error=gettext("This login link has been used already. "
                                                             "Enter the moderator key."))
    return log_in(redirect("/m/", 303))


@pages.before_app_request
def _key_in_address():
    """`?key=KEY` on the console or the API is exchanged at once for a session cookie and the browser is
    sent on to the same address without it: no later page has the key in its address or referrer."""
    if request.method not in ("GET", "HEAD") or "key" not in request.args \
            or not request.path.startswith(("/m/", "/api/")):
        return None
    try:
        actor = identify(request.args["key"])
    except KeyRefused as refusal:
        return refused_json(refusal) if request.path.startswith("/api/") else _key_page(refusal)
    return log_in(redirect(_without_key(), 303), actor)


def _without_key() -> str:
    rest = [(name, value) for name, value in request.args.items(multi=True) if name != "key"]
    return request.path + ("?" + urlencode(rest) if rest else "")


def _key_page(refusal: KeyRefused, team: bool = False) -> Response:
    """The key page; `team` when a core-team key opens the page too (the follow-up pages)."""
    explained = refusal.status == 429 or refusal.explained
    error = refusal.translated(gettext) if explained else None
    page = _render("key.html", status=refusal.status, wrong=refusal.status == 403 and not explained, error=error,
                   team=team, follow_up=FOLLOW_UP)
    return with_retry_after(page, refusal)


@pages.get("/qr/<code>.svg")
def qr(code: str):
    code, _ = _forum_or_404(code)
    svg = qr_svg(forum_links(code)["join_url"])
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=300"})
