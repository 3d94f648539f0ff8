"""Every participant's language: each page in each language, right-to-left where it should be, the
language chosen by ?lang=, the phone's cookie or the browser, and catalogues that are complete."""
import html
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import KEY
from facilitator.i18n import LANGUAGES, RTL, babel_locale

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "facilitator" / "translations"
TRANSLATED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"\{(\w*)\}")  # filled by the pages' scripts
NAMED = re.compile(r"%\((\w+)\)[sd]")  # filled by the server: refusals, the report


class AnyParams(dict):
    """Every %(name)s filled in with 0, as the server fills in its parameters."""

    def __missing__(self, key):
        return 0


def po_path(code):
    return I18N / babel_locale(code) / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def catalog(code):
    with po_path(code).open("rb") as f:
        return read_po(f, abort_invalid=True)


@pytest.fixture
def code(client):
    response = client.post("/api/forums", json={"title": "Forum", "questions": ["Q1"]},
                           headers={"X-Moderator-Key": KEY})
    assert response.status_code == 201, response.json
    return response.json["code"]


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def html_tag(text):
    return re.search(r"<html[^>]*>", text).group(0)


def page_strings(text):
    """The JSON dict of translated strings each page hands to its script."""
    block = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', text, re.S).group(1)
    return json.loads(block)


def translated(code, msgid):
    """What a page shows for msgid in this language (Jinja's gettext applies `% {}`: %% -> %)."""
    message = catalog(code).get(msgid)
    assert message is not None and message.string, f"{code}: {msgid!r} is not translated"
    return message.string % {}


def lang_label(text):
    """The visible words of the language menu's label."""
    label = re.search(r'<label for="lang-select">(.*?)</label>', text, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", label)).replace("🌐", "").strip()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_phone_page_speaks_every_language(client, code, lang):
    text = page(client, f"/j/{code}?lang={lang}")
    assert lang_label(text) == translated(lang, "Language") != "Language"
    assert html.escape(translated(lang, "Raise my hand"), quote=False) in text
    # the strings the script shows come translated too, every one of them
    english = page_strings(page(client.application.test_client(), f"/j/{code}?lang=en"))
    strings = page_strings(text)
    assert strings.keys() == english.keys()
    for key, shown in strings.items():
        assert shown == translated(lang, english[key].replace("%", "%%")), key


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_page_is_translated(client, code, lang):
    # each page with a heading of its own that must come translated
    pages = {"/": "Join a forum", f"/b/{code}": "Top suggestions", f"/m/{code}?key={KEY}": "Keyboard shortcuts",
             f"/m/?key={KEY}": "Create a forum", "/m/": "Moderator key"}
    for url, msgid in pages.items():
        joiner = "&" if "?" in url else "?"
        response = client.application.test_client().get(f"{url}{joiner}lang={lang}", follow_redirects=True)
        assert response.status_code in (200, 401), url
        text = response.get_data(as_text=True)
        assert html.escape(translated(lang, msgid), quote=False) in text, (url, msgid)
        assert f">{msgid}<" not in text, (url, msgid)
        english = page_strings(client.application.test_client().get(f"{url}{joiner}lang=en", follow_redirects=True)
                               .get_data(as_text=True))
        for key, shown in page_strings(text).items():
            assert shown == translated(lang, english[key].replace("%", "%%")), (url, key)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_html_lang_and_direction(client, code, lang):
    tag = html_tag(page(client, f"/j/{code}?lang={lang}"))
    expected_dir = "rtl" if lang in RTL else "ltr"
    assert f'dir="{expected_dir}"' in tag
    assert f'lang="{lang}"' in tag, (
        f"{tag}: <html lang> must be the page code; for Dari, web.py's _render should use "
        "facilitator.i18n.page_language() rather than str(get_locale()) (which is fa_AF)")


def test_right_to_left_languages_are_arabic_persian_and_dari():
    assert RTL == {"ar", "fa", "prs"}


def test_dari_is_served_from_its_own_catalogue(client, code):
    dari = page(client, f"/j/{code}?lang=prs")
    assert 'dir="rtl"' in html_tag(dari)
    assert html.escape(translated("prs", "Thank you! Your suggestion was sent."), quote=False) \
        in json.dumps(page_strings(dari), ensure_ascii=False)
    assert translated("prs", "Thank you! Your suggestion was sent.") != \
        translated("fa", "Thank you! Your suggestion was sent.")


@pytest.mark.parametrize("header, expected", [
    ("so", "so"),
    ("so-SO,en;q=0.5", "so"),          # a regional variant of a language we speak beats English
    ("en-GB,ar;q=0.5", "en"),          # ... and a preferred language beats a less preferred one
    ("ar-SY,ar;q=0.9,en;q=0.8", "ar"),
    ("fa-AF,fa;q=0.9", "prs"),         # Persian as written in Afghanistan: Dari
    ("prs", "prs"),
    ("fa-IR", "fa"),
    ("ti-ER", "ti"),
    ("uk-UA,uk;q=0.9,ru;q=0.8", "uk"),
    ("de;q=0,fr", "fr"),               # q=0 means "not this one"
    ("zz", "en"),
    ("*", "en"),
])
def test_accept_language_chooses_the_page_language(app, code, header, expected):
    text = page(app.test_client(), f"/j/{code}", **{"Accept-Language": header})
    assert f'lang="{expected}"' in html_tag(text)


def test_no_header_gives_english(app, code):
    assert 'lang="en"' in html_tag(page(app.test_client(), f"/j/{code}"))


def test_the_phone_remembers_its_language(app, code):
    phone = app.test_client()
    first = phone.get(f"/j/{code}?lang=ti")
    cookie = first.headers.get("Set-Cookie", "")
    assert cookie.startswith("lang=ti;") and "Max-Age=" in cookie
    # later pages, without ?lang=, stay in Tigrinya even though the browser asks for Swedish
    assert 'lang="ti"' in html_tag(page(phone, f"/j/{code}", **{"Accept-Language": "sv"}))
    assert 'lang="ti"' in html_tag(page(phone, f"/b/{code}"))
    # ?lang= changes it, and the new choice is remembered in turn
    assert 'lang="so"' in html_tag(page(phone, f"/j/{code}?lang=so"))
    assert 'lang="so"' in html_tag(page(phone, f"/j/{code}"))


def test_an_unknown_language_is_ignored(app, code):
    phone = app.test_client()
    response = phone.get(f"/j/{code}?lang=xx", headers={"Accept-Language": "de"})
    assert 'lang="de"' in html_tag(response.get_data(as_text=True))
    assert "lang=xx" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("lang", ["en", "ar", "prs", "ti"])
def test_the_language_menu_names_each_language_in_itself(client, code, lang):
    text = page(client, f"/j/{code}?lang={lang}")
    menu = re.search(r'<select id="lang-select"[^>]*>(.*?)</select>', text, re.S).group(1)
    options = re.findall(r'<option value="([^"]+)" lang="([^"]+)"[^>]*?( selected)?>([^<]*)</option>', menu)
    assert [(value, name) for value, _, _, name in options] == list(LANGUAGES.items())
    assert all(value == attr for value, attr, _, _ in options)
    assert [value for value, _, selected, _ in options if selected] == [lang]
    for native in ("العربية", "فارسی", "دری", "Soomaali", "ትግርኛ", "Українська", "Türkçe", "Svenska"):
        assert native in menu


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_is_complete(lang):
    path = po_path(lang)
    assert path.exists(), f"no catalogue for {lang}: {path}"
    parsed = catalog(lang)
    assert not parsed.fuzzy, f"{path}: the header is marked fuzzy"
    for message in parsed:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        assert all(strings), f"{path}: {message.id!r} has no translation"
        assert not message.fuzzy, f"{path}: {message.id!r} is fuzzy"
        for shown in strings:
            msgid = message.id if isinstance(message.id, str) else message.id[-1]
            assert set(PLACEHOLDER.findall(shown)) == set(PLACEHOLDER.findall(msgid)), (path, msgid, shown)
            assert set(NAMED.findall(shown)) == set(NAMED.findall(msgid)), (path, msgid, shown)
            shown % AnyParams()  # a lone % would break the page (Jinja's gettext always applies % {})


def template_msgids():
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)

    def ours(path):
        relative = Path(path).relative_to(ROOT).as_posix()
        return relative == "." or relative.split("/")[0] in {"templates", "facilitator"}

    found = set()
    for _, _, msgid, _, _ in extract_from_dir(str(ROOT), method_map, options_map, directory_filter=ours):
        found.add(msgid if isinstance(msgid, str) else msgid[0])
    return found


def test_every_visible_string_is_in_every_catalogue():
    """A string added to a template needs `make update-messages` and its translations."""
    wanted = template_msgids()
    assert "Raise my hand" in wanted
    for lang in TRANSLATED:
        missing = wanted - {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
        assert not missing, f"{lang}: not yet in the catalogue: {sorted(missing)[:10]}"
