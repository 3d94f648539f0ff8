"""The printable forum report (export.html): a summary, then each question, charts drawn as inline SVG.

The report speaks the request's language (`?lang=`, the `lang` cookie, the browser's languages); the
command line's export renders it in English, or in the language of `--lang`.
"""
from __future__ import annotations

from pathlib import Path

from flask import render_template
from flask_babel import gettext as _, ngettext

from .export import local_time, suggestion_ranks
from .i18n import LANGUAGES, direction, page_language

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "report.css"
MAX_BARS = 40  # more people than this: the rest are summed in one line (every person is in the tables)
LABEL_CHARS = 26
FILLS = {"talk": "#5b7fc7", "top": "#0a3d8f", "rest": "#c9d6ee", "first": "#1b6b35", "returning": "#b5d8bf",
         "lang": "#7a4b9e", "hands": "#b06a00"}
ROW_H, BAR_H, LABEL_W, BAR_W, WIDTH = 24, 16, 200, 340, 720


def render_report(data: dict, standalone: bool = False, include_hidden: bool = False) -> str:
    """The report page; `standalone` puts the stylesheet inside the page, for a file saved to disk.

    Suggestions the moderator hid are left out (only counted) unless `include_hidden`.
    """
    css = CSS.read_text(encoding="utf-8") if standalone else None
    lang = page_language()
    return render_template("report.html", css=css, lang=lang, dir=direction(lang),
                           **report_context(data, include_hidden))


def report_context(data: dict, include_hidden: bool = False) -> dict:
    """Everything the template shows, computed here so the template only lays it out."""
    forum, figures = data["forum"], data["fairness"]
    names = {p["id"]: p["label"] for p in data["participants"]}
    ranks = suggestion_ranks(data["suggestions"])
    questions = [_question(data, q, f, names, ranks, include_hidden)
                 for q, f in zip(data["questions"], figures["by_question"])]
    return {
        "forum": forum, "version": data["version"], "event_count": len(data["events"]),
        "started": _when(forum["created_at"], date=True), "ended": _when(forum["last_event_at"], date=True),
        "summary": _summary(data, questions),
        "charts": [_talk_chart(_("Talk time per person, whole forum"), names,
                               {p["person"]: p["talk_s"] for p in figures["people"]}),
                   _share_chart(_("Share of talk time taken by the 3 longest speakers"), figures["top3_share"]),
                   _first_time_chart(figures["by_question"]),
                   _language_chart(_("Languages spoken (minutes)"), figures["languages"]),
                   _language_groups_chart(_("Each language's share of talk time against its share of raised hands"),
                                          figures["language_groups"])],
        "questions": questions,
        **after_the_night(data),
    }


def after_the_night(data: dict) -> dict:
    """The closing round's results and the recommendations with their status (templates/_report_followup.html)."""
    from .newsletter_draft import face_names, item_names, status_names
    return {"closing": data.get("closing_round"), "faces": face_names(), "closing_items": item_names(),
            "recommendations": data.get("recommendations", []), "statuses": status_names(),
            "question_texts": [q["text"] for q in data["questions"]]}


def _summary(data: dict, questions: list[dict]) -> dict:
    figures = data["fairness"]
    people = data["participants"]
    return {"participants": len(people), "phones": sum(1 for p in people if not p["walk_in"]),
            "walk_ins": sum(1 for p in people if p["walk_in"]), "speakers": figures["distinct_speakers"],
            "minutes": _minutes(figures["total_talk_s"]), "speeches": len(data["speeches"]),
            "suggestions": sum(q["figures"]["suggestions"] for q in questions),
            "set_apart": sum(q["figures"]["set_apart"] for q in questions),
            "votes": sum(q["figures"]["votes"] for q in questions),
            "top3_pct": _pct(figures["top3_share"]), "languages": len([k for k in figures["languages"] if k])}


def _question(data: dict, q: dict, f: dict, names: dict, ranks: dict, include_hidden: bool) -> dict:
    mine = [s for s in data["suggestions"] if s["question"] == q["index"]]
    shown = sorted((s for s in mine if s["status"] == "shown"), key=lambda s: (-s["votes"], s["id"]))
    left_out = [s for s in mine if s["status"] == "hidden" and not include_hidden]
    apart = [dict(s, why=_why(s)) for s in mine if s["status"] != "shown" and s not in left_out]
    log = [_log_row(s) for s in data["speeches"] if s["question"] == q["index"]]
    turn = data["current_turn"]
    if turn and turn["question"] == q["index"]:
        log.append(_log_row(dict(turn, duration_s=turn["talk_s"], ended_at=None)))
    number = q["index"] + 1
    return {"number": q["index"] + 1, "text": q["text"], "translations": q["translations"],
            "figures": dict(f, minutes=_minutes(f["talk_s"]), top3_pct=_pct(f["top3_share"])),
            "ranked": [dict(s, rank=ranks[s["id"]]) for s in shown], "top": shown[:3], "apart": apart,
            "hidden_left_out": len(left_out),
            "log": log,
            "charts": [_talk_chart(_("Talk time per person, question %(number)s", number=number), names,
                                   f["talk_s_by_person"]),
                       _share_chart(_("Share of the 3 longest speakers, question %(number)s", number=number),
                                    f["top3_share"]),
                       _language_chart(_("Languages spoken on question %(number)s (minutes)", number=number),
                                       f["languages"]),
                       _language_groups_chart(_("Share of talk time against share of raised hands, question "
                                                "%(number)s", number=number), f["language_groups"])]}


def _why(s: dict) -> str:
    if s["status"] == "merged":  # the console's words, whose {id} its script fills in
        return _("merged into #{id}").replace("{id}", str(s["merged_into"]))
    return {"hidden": _("hidden by the moderator"), "pending": _("never approved"),
            "redacted": _("text removed by the moderator")}[s["status"]]


def _log_row(s: dict) -> dict:
    return {"time": _when(s["started_at"]), "speaker": s["speaker"], "label": s["label"], "lang": s["lang"] or "–",
            "duration": _clock(s["duration_s"]), "interpreting": _clock(s.get("interpreting_s") or 0),
            "running": s["ended_at"] is None}


# ---- charts: rows of bar segments, laid out here, drawn by the template --------------------------

def _talk_chart(title: str, names: dict, totals: dict[str, float]) -> dict:
    ordered = sorted(totals.items(), key=lambda kv: -kv[1])
    rows = [(f"{names.get(p, p)} ({p})" if names.get(p, p) != p else p,
             [(t, "top" if i < 3 else "talk")], _clock(t)) for i, (p, t) in enumerate(ordered)]
    if len(rows) > MAX_BARS:
        rest = ordered[MAX_BARS - 1:]
        rest_total = sum(t for _, t in rest)
        rows = rows[:MAX_BARS - 1] + [(
            ngettext("%(num)s more person", "%(num)s more people", len(rest)), [],
            _("%(total)s together, each %(most)s or less", total=_clock(rest_total), most=_clock(rest[0][1])))]
    legend = [("top", _("the 3 longest speakers")), ("talk", _("everyone else"))]
    return _chart(title, rows, legend, empty=_("Nobody has spoken yet."))


def _share_chart(title: str, share: float) -> dict:
    rows = [(_("Top 3 speakers"), [(share, "top"), (1 - share, "rest")], f"{_pct(share)} %")] if share else []
    return _chart(title, rows, [("top", _("the 3 longest speakers")), ("rest", _("everyone else"))], scale=1.0,
                  empty=_("Nobody has spoken yet."))


def _first_time_chart(by_question: list[dict]) -> dict:
    rows = []
    for f in by_question:
        first, back = f["first_time_speakers"], max(0, f["speakers"] - f["first_time_speakers"])
        rows.append((_("Question %(number)s", number=f["question"] + 1), [(first, "first"), (back, "returning")],
                     _("%(first)s first-time, %(returning)s returning", first=first, returning=back)))
    legend = [("first", _("first time speaking in this forum")), ("returning", _("spoke on an earlier question"))]
    return _chart(_("Speakers per question: first-time and returning"), rows, legend,
                  empty=_("Nobody has spoken yet."))


def _language_chart(title: str, languages: dict[str, dict]) -> dict:
    rows = [(lang or _("not given"), [(v["talk_s"], "lang")],
             ngettext("%(time)s in %(num)s speech", "%(time)s in %(num)s speeches", v["speeches"],
                      time=_clock(v["talk_s"])))
            for lang, v in languages.items()]
    return _chart(title, rows, [], empty=_("Nobody has spoken yet."))


def _language_groups_chart(title: str, groups: list[dict]) -> dict:
    """Two bars per language: its share of talk time, and its share of the hands raised (phones in words)."""
    rows = []
    for g in groups:
        name = f"{LANGUAGES.get(g['lang'], g['lang'])} ({g['lang']})" if g["lang"] else _("not given")
        rows.append((name, [(g["talk_share"], "lang")],
                     _("%(pct)s %% of talk time", pct=_pct(g["talk_share"]))))
        rows.append(("", [(g["hand_share"], "hands")],
                     _("%(pct)s %% of raised hands, %(phones)s %% of phones", pct=_pct(g["hand_share"]),
                       phones=_pct(g["phone_share"]))))
    legend = [("lang", _("share of talk time")), ("hands", _("share of raised hands"))]
    return _chart(title, rows, legend, scale=1.0, empty=_("Nobody has raised a hand yet."))


def _chart(title: str, rows: list, legend: list, scale: float | None = None, empty: str = "") -> dict:
    """SVG geometry: one row per bar, each bar a run of segments, its figure written after it."""
    top = scale or max((sum(v for v, _ in segments) for _, segments, _ in rows), default=0) or 1
    laid = []
    for i, (label, segments, text) in enumerate(rows):
        x, parts = LABEL_W, []
        for value, kind in segments:
            width = round(BAR_W * value / top, 1)
            if width > 0:
                parts.append({"x": x, "w": width, "kind": kind, "fill": FILLS[kind]})
            x += width
        laid.append({"y": i * ROW_H, "label": _short(label), "full": label, "segments": parts,
                     "end": round(x, 1), "text": text})
    return {"title": title, "rows": laid, "width": WIDTH, "height": max(1, len(laid)) * ROW_H + 4,
            "label_w": LABEL_W, "bar_h": BAR_H, "legend": [(FILLS[k], words) for k, words in legend],
            "empty": empty}


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _clock(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f}" if seconds >= 600 else f"{seconds / 60:.1f}"


def _pct(share: float) -> str:
    return f"{share * 100:.0f}"


def _when(ts: float, date: bool = False) -> str:
    moment = local_time(ts)
    return moment.strftime("%Y-%m-%d %H:%M") if date else moment.strftime("%H:%M:%S")
