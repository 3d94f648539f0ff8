"""Languages the pages speak, and how a page's language is chosen.

Each language has a page code: the key of LANGUAGES, used in `?lang=`, the `lang` cookie, the
language menus and `<html lang>`. Babel knows every page code but one: it has no locale data for
Dari (`prs`), so Dari's catalogue lives under Babel's name for Afghan Persian, `fa_AF`
(translations/fa_AF/), and `babel_locale()` / `page_language()` translate between the two names.
"""
from __future__ import annotations

from flask import request
from flask_babel import Babel, force_locale, get_locale, get_translations

# code -> the language named in itself
LANGUAGES = {
    "sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی", "prs": "دری", "so": "Soomaali",
    "ti": "ትግርኛ", "uk": "Українська", "tr": "Türkçe", "fr": "Français", "es": "Español", "de": "Deutsch",
}
RTL = {"ar", "fa", "prs"}
DEFAULT = "en"
COOKIE = "lang"

# Page codes Babel has no locale data for -> the Babel locale whose catalogue they use.
BABEL_NAMES = {"prs": "fa_AF"}
PAGE_CODES = {babel: code for code, babel in BABEL_NAMES.items()}
# Browser language tags (lower case) that mean one of our page codes although they differ from it:
# a phone set to "Persian (Afghanistan)" is most likely read by a Dari speaker.
ALIASES = {"fa-af": "prs"}


def babel_locale(code: str) -> str:
    """The Babel locale identifier for a page code (`prs` -> `fa_AF`; others unchanged)."""
    return BABEL_NAMES.get(code, code)


def page_code(locale) -> str:
    """The page code for a Babel locale or its identifier (`fa_AF` -> `prs`; others unchanged)."""
    name = str(locale)
    return PAGE_CODES.get(name, name)


def _match(tag: str) -> str | None:
    """Our page code for a language tag: `so-SO` -> `so`, `fa-AF` / `fa_AF` -> `prs`; None if we lack it."""
    tag = tag.strip().replace("_", "-").lower()
    for candidate in (ALIASES.get(tag), tag, tag.split("-")[0]):
        if candidate in LANGUAGES:
            return candidate
    return None


def known_language(value) -> str:
    """The page code a client names (a socket's `join {"lang"}`) if we speak it, else English."""
    return (_match(value) if isinstance(value, str) else None) or DEFAULT


def from_accept_languages() -> str | None:
    """The first of the browser's languages, best first, that we speak, matching `so-SO` to `so`.

    Werkzeug's own `best_match` prefers any exact match, however low its weight, to a regional
    variant of a preferred language ("en-GB, ar;q=0.5" would give Arabic), so it is not used here.
    """
    ranked = sorted(request.accept_languages, key=lambda item: item[1], reverse=True)  # stable
    for value, quality in ranked:
        if quality <= 0 or value.strip() == "*":
            continue
        found = _match(value)
        if found:
            return found
    return None


def choose_language() -> str:
    """`?lang=` first, then the phone's earlier choice (cookie), then the browser's languages."""
    for chosen in (request.args.get("lang"), request.cookies.get(COOKIE)):
        chosen = PAGE_CODES.get(chosen, chosen)  # `fa_AF` is taken to mean Dari too
        if chosen in LANGUAGES:
            return chosen
    return from_accept_languages() or DEFAULT


def select_locale() -> str:
    """Flask-Babel's locale selector: the chosen page language, as a locale Babel can load."""
    return babel_locale(choose_language())


def page_language() -> str:
    """The current request's page code (for `<html lang>`, the language menus, cookies)."""
    return page_code(get_locale() or DEFAULT)


def translate_refusal(error, code: str | None = None) -> str:
    """A refusal's message (core.Refused) in the page language `code` (default: the request's own).

    The socket layer answers each seat in the language its page told at join; needs an app context.
    Counted messages (`N_plural`) take the plural form the language needs for their number.
    """
    code = code or page_language()
    if code == DEFAULT:
        return str(error)  # the msgids are English
    with force_locale(babel_locale(code)):
        translations = get_translations()
        return error.translated(translations.gettext, translations.ngettext)


def direction(lang) -> str:
    """`rtl` for Arabic, Persian and Dari, whether given a page code or a Babel locale (`fa_AF`)."""
    code = page_code(lang)
    return "rtl" if code in RTL or code.replace("-", "_").split("_")[0] in RTL else "ltr"


def init_i18n(app) -> Babel:
    """Flask-Babel on our catalogues, and the review status of each language for the templates."""
    from .translation_review import template_helpers  # it reads LANGUAGES from here

    app.context_processor(template_helpers)
    return Babel(app, locale_selector=select_locale,
                 default_translation_directories="translations")
