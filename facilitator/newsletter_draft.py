"""The newsletter draft for a period: the forums held, their questions, strongest suggestions, the
recommendations and how far each has come, and the next forums planned; as printable HTML and as
Markdown for an e-mail, in the request's language (`?lang=`). What people typed comes in that language
where someone translated it, else in the original, marked (core/newsletter.py).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import render_template, request
from flask_babel import gettext as _, ngettext

from .core import N_, Refused
from .core.closing_round import ITEMS
from .core.newsletter import ORIGINAL, forum_section, in_language, languages_given
from .core.recommendations import check_date
from .core.year_view import QUESTIONS_PER_YEAR
from .i18n import LANGUAGES, direction, page_language

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "newsletter.css"


def status_names() -> dict[str, str]:
    """The statuses as the pages and the newsletter name them, in the request's language."""
    return {"drafted": _("Drafted"), "presented": _("Presented to the city"), "assigned": _("Assigned"),
            "in_progress": _("In progress"), "implemented": _("Implemented"), "declined": _("Declined")}


def scope_names() -> dict[str, str]:
    return {"": _("Not decided yet"), "city": _("Within the city's powers"),
            "beyond": _("Beyond the city's powers")}


def period(now: float) -> tuple[str, str]:
    """The first and last day the request asks for: `?from=&to=` (days), else the whole `?year=`."""
    start, end = (request.args.get(name, "").strip() for name in ("from", "to"))
    if start or end:
        start, end = check_date(start), check_date(end)
        if not start or not end:
            raise Refused(N_("Give both days of the period: from and to (YYYY-MM-DD)."))
        if start > end:
            raise Refused(N_("The period ends before it starts."))
        return start, end
    year = request.args.get("year", "").strip() or str(datetime.fromtimestamp(now).year)
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        raise Refused(N_("The year must be a number, such as 2026."))
    return f"{year}-01-01", f"{year}-12-31"


def newsletter_data(forums, snapshots, planned) -> dict:
    """Everything the draft says, for the period and language of the request."""
    start, end = period(forums.clock())
    lang = page_language()
    sections, given = [], set()
    for summary in sorted(forums.summaries(), key=lambda s: s["created_at"]):
        if not start <= _day(summary["created_at"]) <= end:
            continue
        section = snapshots.read(summary["code"], lambda forum, now: (forum_section(forum, now, lang),
                                                                      languages_given(forum)))
        if section:
            sections.append(section[0])
            given |= section[1]
    today = _day(forums.clock())
    upcoming = [dict(p, title=in_language(p["title"], p["translations"], lang)) for p in planned.after(today)]
    for p in planned.after(today):
        given |= set(p["translations"])
    return {"from": start, "to": end, "lang": lang, "original": ORIGINAL, "forums": sections, "planned": upcoming,
            "languages": [code for code in LANGUAGES if code in given | {ORIGINAL}],
            "questions": sum(len(s["questions"]) for s in sections), "limit": QUESTIONS_PER_YEAR,
            "generated_at": forums.clock()}


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d")


def render_html(data: dict, standalone: bool = True) -> str:
    lang = data["lang"]
    css = CSS.read_text(encoding="utf-8") if standalone else None
    return render_template("newsletter.html", css=css, lang=lang, dir=direction(lang), data=data,
                           statuses=status_names(), scopes=scope_names(), items=ITEMS,
                           faces=face_names(), day=_day, languages=LANGUAGES)


def face_names() -> list[str]:
    """The five steps of the closing round's scale, as words (the faces' accessible names)."""
    return [_("No, not at all"), _("Not really"), _("Partly"), _("Mostly"), _("Yes, completely")]


def item_names() -> dict[str, str]:
    return {"said": _("Did you get to say what you wanted?"), "represented": _("Do you feel this forum represents you?")}


# ---- Markdown, for an e-mail ---------------------------------------------------------------------

def render_markdown(data: dict) -> str:
    statuses = status_names()
    lines = [f"# {_('Newsletter of the migrant forums')}", "",
             _("Forums held from %(start)s to %(end)s.", start=data["from"], end=data["to"]), ""]
    if not data["forums"]:
        lines += [_("No forum was held in this period."), ""]
    for forum in data["forums"]:
        lines += _forum_markdown(forum, statuses)
    if data["planned"]:
        lines += [f"## {_('Next forums')}", ""]
        lines += [f"- {p['day']}: {_marked(p['title'])}" + (f" ({p['place']})" if p["place"] else "")
                  for p in data["planned"]]
        lines.append("")
    if any(_missing(data)):
        lines += ["* " + _("Not translated yet: shown as it was written."), ""]
    return "\n".join(lines).rstrip() + "\n"


def _forum_markdown(forum: dict, statuses: dict) -> list[str]:
    figures = forum["figures"]
    lines = [f"## {_marked(forum['title'])} ({_day(forum['created_at'])})", "",
             ngettext("%(num)s participant", "%(num)s participants", figures["participants"]) + ", "
             + ngettext("%(num)s speaker", "%(num)s speakers", figures["speakers"]) + ", "
             + ngettext("%(num)s suggestion", "%(num)s suggestions", figures["suggestions"]) + ", "
             + ngettext("%(num)s vote", "%(num)s votes", figures["votes"]) + ".", ""]
    for q in forum["questions"]:
        lines += [f"### {_('Question %(number)s', number=q['index'] + 1)}: {_marked(q['text'])}", ""]
        if q["top"]:
            lines.append(f"{_('Strongest suggestions')}:")
            lines += [f"- {_marked(s['text'])} ({ngettext('%(num)s vote', '%(num)s votes', s['votes'])})"
                      for s in q["top"]]
            lines.append("")
        for rec in q["recommendations"]:
            lines += _recommendation_markdown(rec, statuses)
    return lines


def _recommendation_markdown(rec: dict, statuses: dict) -> list[str]:
    status = statuses[rec["status"]]
    since = rec["status_date"] or _day(rec["status_at"])
    lines = [f"**{_('Recommendation')}: {_marked(rec['title'])}**", ""]
    if rec["text"]["text"]:
        lines += [_marked(rec["text"]), ""]
    lines.append(f"- {_('Status')}: {status} ({_('since %(day)s', day=since)})")
    if rec["department"]:
        lines.append(f"- {_('Responsible')}: {rec['department']}" + (f", {rec['official']}" if rec["official"] else ""))
    if rec["status"] == "declined" and rec["reason"]:
        lines.append(f"- {_('Reason given')}: {rec['reason']}")
    if rec["scope"] == "beyond":
        lines.append(f"- {scope_names()['beyond']}" + (f": {rec['route']}" if rec["route"] else ""))
    lines.append("")
    return lines


def _marked(text: dict) -> str:
    return text["text"] + (" *" if text["missing"] else "")


def _missing(data: dict):
    for forum in data["forums"]:
        yield forum["title"]["missing"]
        for q in forum["questions"]:
            yield q["text"]["missing"]
            yield from (s["text"]["missing"] for s in q["top"])
            for rec in q["recommendations"]:
                yield rec["title"]["missing"] or rec["text"]["missing"]
    yield from (p["title"]["missing"] for p in data["planned"])
