"""Spanish pages show a legal text's Spanish only once a translator has reviewed it, and
never show English as if it were Spanish: the English stands in, marked lang="en" with a
visible note. Staleness follows the English automatically, from the admin to the page."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from liability import publishing
from liability.models import Doctrine
from liability.publishing import translations
from tests.admin.test_publishing import doctrine_form
from tests.web.test_views import ICE_FAMILY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spanish_offered(settings):
    if "es" not in dict(settings.LANGUAGES):
        settings.LANGUAGES = [*settings.LANGUAGES, ("es", "Español")]


def spanish(client, name: str, *args, query: str = ""):
    """A page in Spanish: its Spanish address where the site has one (/es/...), asked for
    in Spanish where it has not."""
    with translation.override("es"):
        url = reverse(name, args=args) + query
    return client.get(url, headers={"accept-language": "es"})


class OutsideEnglish(HTMLParser):
    """The visible text of a page that is not inside an element marked lang="en"."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "link", "meta", "hr", "wbr", "source"):
            return
        inside = bool(self.stack and self.stack[-1][1])
        marked = tag != "html" and dict(attrs).get("lang") == "en"  # the page's own language is not a mark
        self.stack.append((tag, inside or marked or tag in ("title", "script", "style")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.text.append(data)


def unmarked_text(page: str) -> str:
    parser = OutsideEnglish()
    parser.feed(page)
    return " ".join(" ".join(parser.text).split())


def english_texts(data: dict) -> list[str]:
    """The English of every translated text long enough to be recognised (short ones, like
    "No.", read the same in both languages)."""
    texts = []
    for f in translations.fields(data):
        value = f.owner[f.name]
        for text in value if isinstance(value, list) else [value]:
            if len(text) >= 25 and "\n" not in text and "*" not in text and "[" not in text:
                texts.append(" ".join(text.split()))
    return texts


def spanish_pages(data: dict) -> list[tuple[str, tuple, str]]:
    return [
        ("liability:library", (), ""),
        ("liability:glossary", (), ""),
        ("liability:result", (), "?" + urlencode(ICE_FAMILY)),
        ("liability:questionnaire", (), ""),
        *(("liability:route", (r["slug"],), "") for r in data["routes"]),
        *(("liability:doctrine", (d["slug"],), "") for d in data["doctrines"]),
        *(("liability:myth", (m["slug"],), "") for m in data["myths"]),
        *(("liability:state", (j["code"].lower(),), "") for j in data["jurisdictions"] if j["notes"]),
    ]


def test_no_spanish_page_shows_english_content_unmarked(client):
    """The bundled Spanish is all unreviewed: every content text on a Spanish page is the
    English, and every one is inside lang="en" with the note."""
    data = publishing.latest().data
    texts = english_texts(data)
    for name, args, query in spanish_pages(data):
        response = spanish(client, name, *args, query=query)
        assert response.status_code == 200, (name, args, response.get("Location"))
        page = html.unescape(response.text)
        outside = unmarked_text(response.text)
        leaks = [text for text in texts if text in outside]
        assert not leaks, (name, args, leaks[:3])
        if 'class="untranslated"' in page:
            assert "untranslated-note" in page


def test_the_english_stands_in_marked_with_a_note(client):
    page = spanish(client, "liability:doctrine", "qualified-immunity").text
    doctrine = Doctrine.objects.get(slug="qualified-immunity")
    assert '<h1><span lang="en" class="untranslated">Qualified immunity</span>' in page
    assert '<span class="untranslated-note">' in page
    assert '<div lang="en" class="untranslated">' in page  # the body, from Markdown
    assert doctrine.summary_es[:40] not in page  # the unreviewed draft is not shown
    assert "<title>Qualified immunity – Recourse</title>" in page  # plain text in the title
    with translation.override("en"):  # the test client leaves the last request's language active
        english = client.get(reverse("liability:doctrine", args=["qualified-immunity"])).text
    assert "untranslated" not in english  # English pages are untouched


@pytest.fixture
def eve(django_user_model):
    client = Client()
    user = django_user_model.objects.create_user("eve", password="a-long-password-eve", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


@pytest.fixture
def pat(django_user_model):
    client = Client()
    user = django_user_model.objects.create_user("pat", password="a-long-password-pat", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    client.force_login(user)
    client.user = user
    return client


def save_doctrine(client, doctrine: Doctrine, **changes):
    form = doctrine_form(doctrine, changes.pop("summary_en", doctrine.summary_en)) | changes
    response = client.post(reverse("admin:liability_doctrine_change", args=[doctrine.pk]), form)
    assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.text)
    doctrine.refresh_from_db()
    return doctrine


def test_reviewed_spanish_is_shown_until_the_english_changes(client, eve, pat):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    spanish_summary = "La regla Heck impide algunas demandas mientras una condena siga en pie."
    doctrine = save_doctrine(eve, doctrine, summary_es=spanish_summary, spanish_reviewed="on")
    assert translations.state(doctrine.summary_en, doctrine.summary_es, doctrine.es_reviewed["summary"]) == "current"
    # The history records the Spanish edit, and the review.
    record = doctrine.history.first()
    assert record.summary_es == spanish_summary and record.history_user.username == "eve"
    assert record.es_reviewed["summary"] == translations.stamp(doctrine.summary_en, spanish_summary)

    publishing.publish(pat.user, "Spanish checked by a second reader.")
    page = spanish(client, "liability:doctrine", "heck-bar").text
    assert f'<p class="lead">{spanish_summary}' in html.unescape(page)  # shown as Spanish, unmarked
    assert doctrine.summary_en[:30] not in html.unescape(page)

    # The English changes; no one touches the Spanish: it is stale, on the page and in the admin.
    doctrine = save_doctrine(eve, doctrine, summary_en="A new English summary of the Heck rule.")
    assert translations.state(doctrine.summary_en, doctrine.summary_es, doctrine.es_reviewed["summary"]) == "stale"
    publish_page = pat.get(reverse("admin:liability_publish")).text
    assert "1 are stale" in html.unescape(publish_page)
    stale_page = html.unescape(pat.get(reverse("admin:liability_stale")).text)
    assert "summary: English changed since the Spanish was reviewed" in stale_page
    publishing.publish(pat.user, "New English wording.")
    page = html.unescape(spanish(client, "liability:doctrine", "heck-bar").text)
    assert '<span lang="en" class="untranslated">A new English summary of the Heck rule.</span>' in page
    assert spanish_summary not in page
    assert "A new English summary" not in unmarked_text(page)


def test_editing_reviewed_spanish_needs_a_new_review(eve):
    doctrine = save_doctrine(
        eve, Doctrine.objects.get(slug="monell"), summary_es="Una ciudad puede responder.", spanish_reviewed="on"
    )
    doctrine = save_doctrine(eve, doctrine, summary_es="Una ciudad puede responder por su política.")
    assert translations.state(doctrine.summary_en, doctrine.summary_es, doctrine.es_reviewed["summary"]) == "unreviewed"


def test_the_admin_shows_the_spanish_beside_the_english_with_help(eve):
    page = eve.get(reverse("admin:liability_route_change", args=[publishing_route_pk("ftca")])).text
    for field in ("name", "summary", "gets", "first_steps", "deadline_note", "default_reason"):
        assert f'name="{field}_en"' in page and f'name="{field}_es"' in page
    assert 'name="spanish_reviewed"' in page
    assert "Spanish not reviewed: not shown" in page
    assert "Case names, statutes and citations stay as cited" in html.unescape(page)
    assert "ajax.googleapis.com" not in page and "jquery-ui" not in page  # no third-party script
    place = eve.get(reverse("admin:liability_jurisdiction_change", args=[publishing_place_pk("CA")])).text
    assert 'name="periods-0-note_es"' in place or 'name="notice_rules-0-note_es"' in place


def publishing_route_pk(slug: str) -> int:
    from liability.models import Route

    return Route.objects.get(slug=slug).pk


def publishing_place_pk(code: str) -> int:
    from liability.models import Jurisdiction

    return Jurisdiction.objects.get(code=code).pk


def test_a_share_saved_in_spanish_keeps_its_english_marked(client):
    """A share stores its result as JSON, which keeps no marks: it names the texts shown in
    English, and opening it marks them again."""
    with translation.override("es"):
        share_url = reverse("liability:share")
    answers: dict[str, list[str]] = {}
    for key, value in ICE_FAMILY:
        answers.setdefault(key, []).append(value)
    saved = client.post(share_url, answers, headers={"accept-language": "es"})
    assert saved.status_code == 302
    page = client.get(saved["Location"], headers={"accept-language": "es"}).text
    assert 'class="untranslated"' in page
    outside = unmarked_text(page)
    assert not [text for text in english_texts(publishing.latest().data) if text in outside]
