"""The board's words in every page language: the console chooses which of them the board shows beside
its own (`board_languages`), stacked, so a hall of several languages reads how to join."""
from __future__ import annotations

from flask_babel import force_locale, gettext

from .i18n import LANGUAGES, babel_locale


def _words() -> dict[str, str]:
    """The headings, the join instruction and the floor's states, in the current locale."""
    return {
        "join": gettext("Join on your phone"),
        "speaking": gettext("Speaking now"),
        "next": gettext("Next"),
        "suggestions": gettext("Top suggestions"),
        "round": gettext("First-timers' round"),
        "queue_closed": gettext("Queue closed: no new hands"),
        "suggestions_closed": gettext("Suggestions closed"),
    }


def board_words() -> dict[str, dict[str, str]]:
    """{page code: {key: text}} for every page language (needs an app context)."""
    words = {}
    for code in LANGUAGES:
        with force_locale(babel_locale(code)):
            words[code] = _words()
    return words
