"""Spanish, whole: the catalog is complete, every kind of page reads in Spanish at its own
/es/ address, the switch keeps the answers, and a share keeps its language.

Content (route names, reasons, summaries) is translated in the content itself, not in the
catalog: these tests hold the interface to Spanish and leave the content's words alone."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from liability import publishing
from liability.models import Share
from tests.web.test_share import dict_pairs
from tests.web.test_views import ICE_FAMILY, query

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "liability" / "locale" / "es" / "LC_MESSAGES" / "django.po"


# --- the catalog -------------------------------------------------------------------------


def po_entries(text: str) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), flags."""
    entries, entry, field = [], None, None
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": []}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = unquote(line)
            if field == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[field] += value
        else:
            keyword, _space, rest = line.partition(" ")
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            if field == "msgstr":
                entry["msgstr"].append(unquote(rest))
            else:
                entry[field] = unquote(rest)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], m[0]), quoted[1:-1])


def untranslated(entries: list[dict]) -> list[str]:
    return [e["msgid"] for e in entries if "fuzzy" in e["flags"] or not all(e["msgstr"])]


def test_the_catalog_has_no_untranslated_or_fuzzy_entry():
    entries = po_entries(CATALOG.read_text())
    assert len(entries) > 450
    assert untranslated(entries) == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext (apt-get install gettext)")
def test_every_interface_string_in_the_code_is_in_the_catalog(tmp_path, monkeypatch):
    """Extract the strings again from a copy of the package, as `make messages` would: a
    string added to a template or to Python without a translation fails here."""
    shutil.copytree(ROOT / "liability", tmp_path / "liability", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], ignore_patterns=["tests"], no_obsolete=True, verbosity=0)
    extracted = po_entries((tmp_path / "liability" / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text())
    assert untranslated(extracted) == [], "run `make messages` and translate these"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs gettext (apt-get install gettext)")
def test_the_catalog_compiles_cleanly(tmp_path):
    run = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(CATALOG)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "untranslated" not in run.stderr and "fuzzy" not in run.stderr


def test_no_date_is_written_with_a_pattern():
    """Dates go through the language's formats (|date:"DATE_FORMAT", formats.date_format):
    a pattern such as "F j, Y" would show "enero 7, 2026" on a Spanish page."""
    found = []
    for path in (ROOT / "liability").rglob("*"):
        if path.suffix not in (".html", ".py", ".txt") or "formats" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r'date:"(?![A-Z_]*FORMAT")|date_format\(.*?,\s*"(?![A-Z_]*FORMAT")', line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


# --- what a Spanish page shows -----------------------------------------------------------


class Visible(HTMLParser):
    """The text a reader meets: text nodes outside script and style, and the attributes
    that are read out or shown (aria-label, title, alt, placeholder, a button's value,
    the page's description)."""

    ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes, self.attributes, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        self.attributes += [a[name] for name in self.ATTRIBUTES if a.get(name)]
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.attributes.append(a["value"])
        if tag == "meta" and a.get("name") == "description" or (a.get("property") or "").startswith("og:"):
            self.attributes.append(a.get("content") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.nodes.append(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def english_patterns() -> tuple[re.Pattern, list[tuple[str, re.Pattern]]]:
    """The catalog's English, as patterns: one that matches a whole text node or attribute
    that is an untranslated interface string, and, for the longer strings (at least three
    words), one each to find them anywhere in the page's text, markup removed."""
    whole, anywhere = [], []
    for entry in po_entries(CATALOG.read_text()):
        for msgid, msgstr in zip([entry["msgid"], entry["msgid_plural"]], entry["msgstr"] * 2, strict=False):
            if not msgid or squash(re.sub(r"<[^>]+>", "", msgid)) == squash(re.sub(r"<[^>]+>", "", msgstr)):
                continue  # the same in both languages ("Recourse", "FTCA")
            text = squash(re.sub(r"<[^>]+>", "", msgid)).replace("%%", "%")
            pattern = re.sub(r"%\\\(\w+\\\)[sd]|\\\{\w+\\\}", r".{1,120}?", re.escape(text))
            whole.append(pattern)
            if len(text.split()) >= 3:
                anywhere.append((msgid, re.compile(pattern)))
    return re.compile("(?:" + "|".join(whole) + ")"), anywhere


WHOLE, ANYWHERE = english_patterns()


def content_texts(data: object) -> set[str]:
    """Every text of the published content. Content has its own Spanish (translated in the
    content, shown in English and marked until then), so an interface string that is
    also part of a content text ("A court order" in a route's "what it can get") is the
    content's, not a leftover of the catalog."""
    if isinstance(data, str):
        return {squash(data)}
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    return set().union(*(content_texts(value) for value in values))


def english_left(html: str) -> list[str]:
    """The interface strings a Spanish page still shows in English."""
    content = content_texts(publishing.published()[0])
    page = Visible()
    page.feed(html)
    pieces = [squash(n) for n in page.nodes] + [squash(a) for a in page.attributes]
    left = [piece for piece in pieces if piece and WHOLE.fullmatch(piece) and piece not in content]
    text = squash("".join(page.nodes))
    for msgid, pattern in ANYWHERE:
        found = pattern.search(text)
        if found and not any(found[0] in item for item in content):
            left.append(msgid)
    return left


def spanish_pages(client) -> dict[str, tuple[int, str]]:
    """One of every kind of page, in Spanish: name -> (status, html)."""
    data = publishing.published()[0]
    steps = [f"/es/check/?{query(ICE_FAMILY[:n])}" for n in range(len(ICE_FAMILY))]
    result = f"/es/result/?{query(ICE_FAMILY)}"
    unsure = {"employer": "unsure", "officer": "unsure"}
    hybrid = f"/es/result/?{query([(k, unsure.get(k, v)) for k, v in ICE_FAMILY])}"
    pages = {
        "home": "/es/",
        **{f"step {n}": url for n, url in enumerate(steps)},
        "step without an answer": "/es/check/?asked=asker",
        "step with a wrong answer": "/es/check/?asker=self&employer=dragon",
        "result": result,
        "result, officer unsure": hybrid,
        "what-if": f"/es/result/what-if/?{query(ICE_FAMILY)}&change=officer",
        "what-if, compared": f"/es/result/what-if/?{query(ICE_FAMILY)}&change=officer&to=cbp",
        "library": "/es/guide/",
        "glossary": "/es/guide/glossary/",
        "route": f"/es/guide/routes/{data['routes'][0]['slug']}/",
        "doctrine": f"/es/guide/doctrines/{data['doctrines'][0]['slug']}/",
        "myth": f"/es/guide/myths/{data['myths'][0]['slug']}/",
        "state": "/es/guide/states/mn/",
        "400": "/es/check/?officer=" + "x" * 5000,
        "404": "/es/nowhere/",
        "share missing": "/es/s/nothing-here/",
    }
    shown = {name: client.get(url, follow=True) for name, url in pages.items()}
    saved = client.post("/es/share/", dict_pairs(ICE_FAMILY))
    assert saved.status_code == 302
    shown["share"] = client.get(saved["Location"])  # with its delete link, shown once
    share = Share.objects.get()
    key = re.search(r"key=([\w-]+)", shown["share"].text)[1]
    shown["share delete"] = client.get(f"/es/s/{share.id}/delete/?{urlencode({'key': key})}")
    shown["share delete, wrong key"] = client.get(f"/es/s/{share.id}/delete/?key=wrong")
    shown["405"] = client.post("/es/guide/")
    shown["csrf"] = Client(enforce_csrf_checks=True).post("/es/share/", dict_pairs(ICE_FAMILY))
    with translation.override("es"):
        shown["500"] = server_error(RequestFactory().get("/es/"))
    return {name: (response.status_code, response.content.decode()) for name, response in shown.items()}


def test_every_kind_of_page_reads_in_spanish(client, settings):
    pages = spanish_pages(client)
    assert {name: status for name, (status, _html) in pages.items() if status >= 500 and name != "500"} == {}
    assert pages["404"][0] == 404 and pages["400"][0] == 400 and pages["405"][0] == 405
    assert pages["csrf"][0] == 403 and pages["share missing"][0] == 404
    assert pages["share"][0] == 200 and pages["step 3"][0] == 200
    leftovers = {name: english_left(html) for name, (_status, html) in pages.items()}
    assert {name: left for name, left in leftovers.items() if left} == {}
    for name, (_status, html) in pages.items():
        assert '<html lang="es">' in html, name
        assert re.search(r'<a class="language-switch" href="[^"]*" hreflang="en" lang="en"', html), name


def test_the_share_limit_page_reads_in_spanish(client, settings):
    settings.SHARE_LIMIT = 0
    response = client.post("/es/share/", dict_pairs(ICE_FAMILY))
    assert response.status_code == 429
    assert english_left(response.text) == []
    assert 'href="/es/result/?' in response.text


def test_the_walk_would_catch_english(client):
    """The check above can fail: the same pages in English are full of the catalog's English."""
    html = client.get(f"/result/?{query(ICE_FAMILY)}").text
    assert "What you may be able to do" in english_left(html)
    assert len(english_left(html)) > 10


def test_spanish_dates_and_days_left(client):
    html = client.get(f"/es/result/?{query(ICE_FAMILY)}").text
    assert "7 de enero de 2026" in html
    assert not re.search(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b", html
    )
    assert re.search(r"quedan? \d+ días?", html)
    assert "January 7, 2026" in client.get(f"/result/?{query(ICE_FAMILY)}").text


def test_the_calendar_file_in_spanish(client):
    response = client.get(f"/es/result/deadlines.ics?{query(ICE_FAMILY)}")
    assert response.status_code == 200
    body = response.content.decode().replace("\r\n ", "")
    assert "X-WR-CALNAME:Recourse: plazos" in body
    assert "Plazo: " in body and "Hable con un abogado" in body
    assert "Deadline:" not in body and "Talk to a lawyer" not in body


# --- addresses, alternates, the switch ---------------------------------------------------


def head_links(html: str) -> tuple[str, dict[str, str]]:
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    return canonical, alternates


@pytest.mark.parametrize("path", ["/", "/guide/", "/guide/glossary/", "/check/?officer=ice", "/guide/states/mn/"])
def test_each_page_names_its_language_twin_and_its_own_address(client, path):
    english, spanish = client.get(path), client.get("/es" + path)
    assert english.status_code == spanish.status_code == 200
    assert '<html lang="en">' in english.text and '<html lang="es">' in spanish.text
    both = {"en": f"http://testserver{path}", "es": f"http://testserver/es{path}"}
    for response, language in ((english, "en"), (spanish, "es")):
        canonical, alternates = head_links(response.text)
        assert canonical == both[language]
        assert alternates == {**both, "x-default": both["en"]}


def test_the_switch_keeps_the_answers_both_ways(client):
    answers = query(ICE_FAMILY[:3])
    english = client.get(f"/check/?{answers}").text
    assert (
        f'<a class="language-switch" href="/es/check/?{answers.replace("&", "&amp;")}" hreflang="es" lang="es"'
        in english
    )
    spanish = client.get(f"/es/check/?{answers}").text
    assert (
        f'<a class="language-switch" href="/check/?{answers.replace("&", "&amp;")}" hreflang="en" lang="en"' in spanish
    )
    # and the result: the same answers, the same routes, in the other language
    result = client.get(f"/es/result/?{query(ICE_FAMILY)}")
    assert result.status_code == 200
    assert re.search(r'href="/result/\?asker=family[^"]*officer=ice[^"]*" hreflang="en"', result.text)


def test_accept_language_suggests_spanish_and_the_switch_wins(client):
    suggested = client.get("/", headers={"accept-language": "es-MX,es;q=0.9,en;q=0.5"})
    assert suggested.status_code == 200  # a suggestion, never a redirect
    assert '<html lang="en">' in suggested.text
    assert (
        'class="language-suggestion" lang="es"><a href="/es/" hreflang="es">¿Prefiere leer en español?'
        in suggested.text
    )
    assert "Accept-Language" in suggested["Vary"]
    assert "language-suggestion" not in client.get("/", headers={"accept-language": "en-US"}).text
    # the addresses decide: English stays English and Spanish Spanish, whatever the browser asks
    assert '<html lang="en">' in client.get("/guide/", headers={"accept-language": "es"}).text
    assert '<html lang="es">' in client.get("/es/guide/", headers={"accept-language": "en"}).text


def test_the_sitemap_lists_both_languages_with_alternates(client):
    xml = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/guide/glossary/</loc>" in xml
    assert "<loc>http://testserver/es/guide/glossary/</loc>" in xml
    assert 'hreflang="es" href="http://testserver/es/guide/glossary/"' in xml
    assert 'hreflang="x-default" href="http://testserver/guide/glossary/"' in xml


# --- a share keeps its language ----------------------------------------------------------


def test_a_share_keeps_its_language(client):
    location = client.post("/es/share/", dict_pairs(ICE_FAMILY))["Location"]
    share = Share.objects.get()
    assert share.language == "es" and location == f"/es/s/{share.id}/"
    page = client.get(location).text
    assert '<html lang="es">' in page
    # the switch leads to today's result for the same answers, in English
    assert re.search(
        rf'class="language-switch" href="/result/\?{re.escape(query([tuple(p) for p in share.answers])).replace("&", "&amp;")}" hreflang="en"',
        page,
    )
    # the English address of a Spanish share opens it in Spanish
    assert client.get(f"/s/{share.id}/")["Location"] == location
    # the JSON is the same, with the language added
    assert client.get(f"/s/{share.id}.json").json()["language"] == "es"
    ics = client.get(f"/s/{share.id}/deadlines.ics").content.decode()
    assert "Recourse: plazos" in ics and f"/es/s/{share.id}/" in ics


def test_an_english_share_stays_english(client):
    location = client.post("/share/", dict_pairs(ICE_FAMILY))["Location"]
    share = Share.objects.get()
    assert share.language == "en" and location == f"/s/{share.id}/"
    assert client.get(f"/es/s/{share.id}/")["Location"] == location
    page = client.get(location).text
    assert re.search(
        r'class="language-switch" href="/es/result/\?asker=family[^"]*officer=ice[^"]*" hreflang="es"', page
    )
    assert client.get(f"/s/{share.id}.json").json()["language"] == "en"
