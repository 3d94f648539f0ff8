"""The one exception the forum rules raise, and the markers for its translatable messages.

The core knows no Flask and no locale: a refusal carries an English message template with named
parameters, and the shell translates it into the reader's language at the edge (the socket ack, the
HTTP answer). `str(error)` is the English text with the parameters filled in.
"""
from __future__ import annotations

from typing import Callable, NamedTuple


def N_(message: str) -> str:
    """Mark `message` for translation without translating it (`pybabel extract -k N_` collects it).

    A marked message is a %-format: parameters are written `%(name)s`, a literal percent sign `%%`.
    """
    return message


class Plural(NamedTuple):
    """A message whose words depend on a number: English singular and plural, and the parameter that counts."""

    singular: str
    plural: str
    count: str


def N_plural(singular: str, plural: str, count: str) -> Plural:
    """Mark a counted message for translation (`pybabel extract -k N_plural:1,2`), translated with ngettext.

        raise Refused(N_plural("%(n)s character", "%(n)s characters", "n"), n=501)
    """
    return Plural(singular, plural, count)


class Refused(Exception):
    """An action the rules do not allow; its message is shown to the person who tried it.

        raise Refused(N_("There is no suggestion %(id)s."), id=42)
    """

    def __init__(self, template: str | Plural, **params):
        self.template, self.params = template, params
        super().__init__(self._english() % params)

    def _english(self) -> str:
        if isinstance(self.template, Plural):
            return self.template.singular if self.params[self.template.count] == 1 else self.template.plural
        return self.template

    def translated(self, gettext: Callable[[str], str],
                   ngettext: Callable[[str, str, int], str] | None = None) -> str:
        """The message in the language `gettext`/`ngettext` translate into; English if the translation is broken."""
        try:
            if isinstance(self.template, Plural):
                singular, plural, count = self.template
                text = ngettext(singular, plural, self.params[count])
            else:
                text = gettext(self.template)
            return text % self.params
        except (KeyError, ValueError, TypeError):  # a translation that lost or mangled a placeholder
            return str(self)
