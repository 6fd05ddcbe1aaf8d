"""The result's plan in a real browser (Debian's Chromium through Playwright): the printed
"my plan" as a browser-made PDF, what-if swapped in by htmx, copying the link, the quick
exit replacing history, and axe-core on the new pages."""

import re
from urllib.parse import urlencode

import pytest

from tests.web.test_views import ICE_FAMILY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(request):
    """conftest's `page` (a fresh context over the live server, errors collected)."""
    return request.getfixturevalue("page")


RESULT = "/result/?" + urlencode(ICE_FAMILY)


def pdf_pages(pdf: bytes) -> int:
    # Chromium writes one "/Type /Page" dictionary per page (and "/Type /Pages" for the tree).
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_my_plan_prints_every_route_and_keeps_deadlines_and_citations(tab):
    tab.goto(RESULT)
    pdf = tab.pdf(format="Letter")  # print media, as "Save as PDF" does
    assert pdf.startswith(b"%PDF")
    # every route with its reasons and citations, at 11 pt: about a dozen Letter pages
    assert 1 <= pdf_pages(pdf) <= 14
    tab.emulate_media(media="print")
    for hidden in (
        "header.site-header",
        ".quick-exit",
        ".plan-tools",
        ".what-if-start",
        ".share",
        ".compare",
    ):
        assert not tab.locator(hidden).first.is_visible(), hidden
    assert tab.locator(".deadlines").is_visible() and tab.locator(".checklist").is_visible()
    assert tab.locator(".deadlines").get_by_text("January 7, 2028").is_visible()
    assert tab.locator(".deadlines cite").first.is_visible()
    # a link the person must follow prints its address
    after = tab.evaluate(
        "() => getComputedStyle(document.querySelector('.checklist a[href^=\"http\"]'), '::after').content"
    )
    assert after.startswith('" (https://'), after
    closed = tab.locator(".route-unavailable").first
    assert closed.is_visible() and closed.locator(".why li").first.is_visible()  # printed open, with why


def test_what_if_swaps_in_place_with_javascript(tab, no_axe_violations):
    tab.goto(RESULT)
    tab.locator(".what-if-links").get_by_role("link", name="Who did the officer work for?", exact=True).click()
    tab.wait_for_selector("#what-if")
    assert tab.url.split("?")[0].endswith("/result/what-if/")  # the address says where you are
    tab.get_by_label("City or town police department").check()
    tab.get_by_role("button", name="Show what would change").click()
    tab.wait_for_selector("#what-if-outcome")
    tab.wait_for_function("() => document.activeElement && document.activeElement.id === 'what-if-outcome'")
    assert "may be open → likely closed" in tab.locator("#what-if-outcome").inner_text()
    no_axe_violations(tab)
    assert not tab.errors, tab.errors


def test_save_copy_link_and_delete(tab, no_axe_violations):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.goto(RESULT)
    tab.get_by_role("button", name="Save for 1 year").click()
    tab.wait_for_url(re.compile(r"/s/[A-Za-z0-9_-]{16,}/$"))
    no_axe_violations(tab)
    tab.get_by_role("button", name="Copy link").click()
    tab.get_by_text("Link copied.").wait_for()
    delete_link = tab.locator("#delete-link").input_value()
    tab.reload()
    assert tab.locator("#delete-link").count() == 0  # shown once
    tab.goto(delete_link)
    no_axe_violations(tab)
    tab.get_by_role("button", name="Delete it").click()
    tab.get_by_text("The saved result is deleted").wait_for()
    assert tab.goto(tab.url.split("/delete/")[0] + "/").status == 404


def test_quick_exit_replaces_this_page_in_the_history(tab):
    tab.route(
        "https://www.weather.gov/**",
        lambda route: route.fulfill(body="<title>Weather</title>", content_type="text/html"),
    )
    tab.goto("/")
    tab.goto(RESULT)
    tab.get_by_role("link", name=re.compile("Quick exit")).click()
    tab.wait_for_url("https://www.weather.gov/**")
    tab.go_back()
    assert "/result/" not in tab.url and tab.url.endswith("/")  # back skips the result: it was replaced


@pytest.mark.parametrize(
    "path", ["/result/what-if/?" + urlencode([*ICE_FAMILY, ("change", "date"), ("to", "2024-01-10")])]
)
def test_what_if_page_passes_axe_without_htmx(tab, path, no_axe_violations):
    tab.goto(path)
    no_axe_violations(tab)
