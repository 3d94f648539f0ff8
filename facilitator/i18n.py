"""Languages the pages speak, and how a page's language is chosen."""
from __future__ import annotations

from flask import request
from flask_babel import Babel

# code -> the language named in itself
LANGUAGES = {
    "sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی", "prs": "دری", "so": "Soomaali",
    "ti": "ትግርኛ", "uk": "Українська", "tr": "Türkçe", "fr": "Français", "es": "Español", "de": "Deutsch",
}
RTL = {"ar", "fa", "prs"}
DEFAULT = "en"
COOKIE = "lang"


def select_locale() -> str:
    """`?lang=` first, then the phone's earlier choice, then the browser's languages."""
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def init_i18n(app) -> Babel:
    return Babel(app, locale_selector=select_locale,
                 default_translation_directories="translations")
