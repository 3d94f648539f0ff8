"""The one exception the forum rules raise, and the marker for its translatable messages.

The core knows no Flask and no locale: a refusal carries an English message template with named
parameters, and the shell translates it into the reader's language at the edge (the socket ack, the
HTTP answer). `str(error)` is the English text with the parameters filled in.
"""
from __future__ import annotations

from typing import Callable


def N_(message: str) -> str:
    """Mark `message` for translation without translating it (`pybabel extract -k N_` collects it).

    A marked message is a %-format: parameters are written `%(name)s`, a literal percent sign `%%`.
    """
    return message


class Refused(Exception):
    """An action the rules do not allow; its message is shown to the person who tried it.

        raise Refused(N_("There is no suggestion %(id)s."), id=42)
    """

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template % params)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the language `gettext` translates into; English if the translation is broken."""
        try:
            return gettext(self.template) % self.params
        except (KeyError, ValueError, TypeError):  # a translation that lost or mangled a placeholder
            return str(self)
