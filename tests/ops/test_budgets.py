"""Query budgets: every public page costs a fixed, small number of SQL queries, and the
same number with ten times the content. The rendered-result cache must never serve a
result that is out of date. (Speed itself is measured by `make bench`, never here.)"""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liability import bench, publishing
from liability.models import Route
from liability.views import answers
from tests.web.test_share import dict_pairs
from tests.web.test_views import ICE_FAMILY, query

pytestmark = pytest.mark.django_db

RESULT = "/result/?" + query(ICE_FAMILY)
PAGES = {
    "home": "/",
    "first question": "/check/",
    "later question": "/check/?officer=ice&harms=shot",
    "place question": "/check/?officer=ice&harms=shot&died=yes&asker=family",
    "result": RESULT,
    "what-if": "/result/what-if/?" + query(ICE_FAMILY) + "&change=place",
    "calendar": "/result/deadlines.ics?" + query(ICE_FAMILY),
    "guide": "/guide/",
    "route": "/guide/routes/ftca/",
    "doctrine": "/guide/doctrines/qualified-immunity/",
    "state": "/guide/states/MN/",
    "myth": "/guide/myths/ice-absolute-immunity/",
    "glossary": "/guide/glossary/",
    "sitemap": "/sitemap.xml",
    "not found": "/guide/routes/no-such-route/",
}
# One query finds the latest published version; a saved result adds one for itself, and
# its page one more for its stored result, which a cached page never reads.
BUDGET = dict.fromkeys(PAGES, 1) | {"home": 0, "shared result": 3, "shared JSON": 2, "shared calendar": 1}


def costs(client, share: str) -> dict[str, int]:
    pages = PAGES | {"shared result": share, "shared JSON": share.rstrip("/") + ".json"}
    pages["shared calendar"] = share + "deadlines.ics"
    counted = {}
    for name, url in pages.items():
        caches["pages"].clear()  # the full cost: nothing rendered before
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        counted[name] = len(queries)
    return counted


def test_each_page_costs_the_same_few_queries_with_ten_times_the_content(client):
    share = client.post("/share/", dict_pairs(ICE_FAMILY))["Location"]
    client.get("/")  # the version lookup's first connection setup is not a page's cost
    before = costs(client, share)
    assert before == BUDGET

    routes = len(publishing.published()[1].routes)
    publishing.Loader().load(bench.grow(publishing.export(), 10))
    publishing.publish(None, "Test: ten times the content.", source="files")
    assert len(publishing.published()[1].routes) == 10 * routes
    assert costs(client, share) == BUDGET


def test_grown_content_leaves_a_real_place_unchanged_and_adds_places_of_its_own():
    data = publishing.export()
    grown = bench.grow(data, 3)
    assert {kind: len(items) for kind, items in grown.items()} == {
        kind: len(items) * (1 if kind in {"agencies", "officer_kinds"} else 3) for kind, items in data.items()
    }
    assert publishing.problems(grown) == []
    real = publishing.content_of(data)
    more = publishing.content_of(grown)
    places = {j["code"] for j in data["jurisdictions"]}
    copies = [r for r in more.routes if "-x" in r.slug]
    assert len(copies) == 2 * len(real.routes)
    assert all(set(r.jurisdictions) <= places for r in more.routes if r not in copies)
    assert all(r.jurisdictions and set(r.jurisdictions).isdisjoint(places) for r in copies)


def main_part(page: str) -> str:
    """The page's content, up to the first per-visitor value (the CSRF token)."""
    return page.split('<main id="main"')[1].split("csrfmiddlewaretoken")[0]


def test_a_result_is_rendered_once_then_served_from_the_cache_until_the_law_changes(client, monkeypatch):
    caches["pages"].clear()
    calls = []
    real_result_data = answers.result_data
    monkeypatch.setattr(answers, "result_data", lambda *a: calls.append(1) or real_result_data(*a))
    first = client.get(RESULT).text
    second = client.get(RESULT).text
    assert len(calls) == 1
    assert main_part(first) == main_part(second)

    route = Route.objects.get(slug="ftca")
    route.name = "A renamed claim"
    route.save()
    publishing.publish(None, "Test: a route renamed.", source="files")
    assert "A renamed claim" in client.get(RESULT).text
    assert len(calls) == 2


def test_a_cached_result_still_carries_each_visitors_own_csrf_token(client):
    caches["pages"].clear()
    client.get(RESULT)
    other = Client(enforce_csrf_checks=True)
    page = other.get(RESULT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    assert other.post("/share/", dict_pairs(ICE_FAMILY) | {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert other.post("/share/", dict_pairs(ICE_FAMILY) | {"csrfmiddlewaretoken": token}).status_code == 302


def test_cached_pages_hold_answers_for_ten_minutes_at_most_in_memory_only():
    from django.conf import settings

    assert settings.CACHES["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.CACHES["parts"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.CACHES["shapes"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert answers.PAGE_TIMEOUT <= 600  # a result page and a result's shape (liability/shapes.py)
    tags = [
        tag
        for template in (Path(settings.BASE_DIR) / "liability" / "templates").rglob("*.html")
        for tag in re.findall(r"{% cache (.+?) %}", template.read_text())
    ]
    # a question step, a saved result and six kinds of guide page; and two parts of new
    # results, kept for everyone they fit (the side-by-side table, a deadlines-table row).
    # A new result is kept by the view (views/answers.py: the page, and its shape).
    assert len(tags) == 10
    for tag in tags:
        timeout, *_, using = tag.split()
        assert int(timeout) <= 600 and using in ('using="pages"', 'using="parts"')


def test_a_cached_shared_result_never_reads_its_stored_result(client):
    share = client.post("/share/", dict_pairs(ICE_FAMILY))["Location"]
    caches["pages"].clear()
    viewer = Client()  # someone the link was sent to
    first = viewer.get(share).text
    with CaptureQueriesContext(connection) as queries:
        again = viewer.get(share).text
    assert len(queries) == 2 and not any('"result"' in q["sql"] for q in queries)
    assert main_part(first) == main_part(again)


def test_the_bench_serves_the_site_and_its_two_ceilings(settings):
    """`make bench` serves liability.bench:application() with gunicorn: it must build (the
    site's i18n_patterns cannot be include()d) and answer the ceilings and the pages."""
    import io

    from django.core import signals
    from django.db import close_old_connections
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF, settings.MIDDLEWARE = settings.ROOT_URLCONF, list(settings.MIDDLEWARE)
    # As Django's test client does: the handler must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        app = bench.application()
        for path, asked in [(bench.BARE, ""), ("/bench/ceiling/", ""), ("/", ""), ("/result/", query(ICE_FAMILY))]:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": asked,
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "HTTP_HOST": "127.0.0.1",
                "wsgi.input": io.BytesIO(),
                "wsgi.url_scheme": "http",
                "REMOTE_ADDR": "127.0.0.1",
            }
            status = []
            body = b"".join(app(environ, lambda s, h, *a, status=status: status.append(s)))
            assert status[0].startswith(("200", "302")), (path, status)
            assert body
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        clear_url_caches()


def test_the_bench_asks_for_new_results_in_one_situation_and_in_any():
    """The new results `make bench` measures: complete results, each address different, in
    issue 15's example (the same answers on other days and in other places) and across every
    scenario that gives a date."""
    from urllib.parse import parse_qsl

    from liability.management.commands.bench import new_addresses

    def situation(address: str) -> tuple:
        return tuple((k, v) for k, v in parse_qsl(address) if k not in ("date", "place"))

    one, every = new_addresses(60, one=True), new_addresses(60)
    for addresses in (one, every):
        assert len(addresses) == len(set(addresses)) == 60
        assert len({dict(parse_qsl(a))["date"] for a in addresses}) > 40
    assert len({situation(a) for a in one}) == 1 and len({dict(parse_qsl(a))["place"] for a in one}) > 12
    assert len({situation(a) for a in every}) > 10 and len({dict(parse_qsl(a))["place"] for a in every}) == 12
