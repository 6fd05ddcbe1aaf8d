"""Every public page in a real browser (Debian's Chromium, JavaScript on) asks nothing of
any other origin and trips no Content Security Policy rule: no third-party script, font,
image or beacon, and nothing of ours that the CSP has to block."""

import re
from urllib.parse import urlencode, urlsplit

import pytest

from tests.web.test_views import ICE_FAMILY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULT = "/result/?" + urlencode(ICE_FAMILY)


@pytest.fixture
def watched(browser, live_server):
    """A page whose every request and every CSP violation is written down."""
    from django.core.management import call_command

    call_command("load_content", "--overwrite", verbosity=0)  # transactional tests start empty
    context = browser.new_context(base_url=live_server.url)
    seen = {"foreign": [], "csp": [], "requests": 0}
    ours = urlsplit(live_server.url)

    def on_request(request):
        seen["requests"] += 1
        url = urlsplit(request.url)
        if url.scheme == "data":  # the empty favicon, written into the page itself
            return
        if (url.scheme, url.netloc) != (ours.scheme, ours.netloc):
            seen["foreign"].append(request.url)

    context.on("request", on_request)
    context.expose_binding("reportViolation", lambda source, text: seen["csp"].append(f"{source['page'].url}: {text}"))
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.reportViolation(e.violatedDirective + ' blocked ' + e.blockedURI));"
    )
    page = context.new_page()

    def on_console(message):
        if re.search(r"Content.Security.Policy", message.text, re.I):
            seen["csp"].append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.seen = seen
    yield page
    context.close()


def saved_share() -> tuple[str, str]:
    """A saved result and its delete secret, made through the app itself."""
    from django.test import Client

    from liability.models import Share

    response = Client().post("/share/", {k: [v for key, v in ICE_FAMILY if key == k] for k, _ in ICE_FAMILY})
    share = Share.objects.get(pk=response["Location"].split("/")[2])
    key = share.set_delete_key()
    share.save()
    return share.get_absolute_url(), key


def test_every_public_page_stays_on_our_origin_and_within_the_csp(watched):
    page = watched
    # With htmx at work: start, answer two questions in place, then a what-if swap.
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("A family member or loved one").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Immigration officers (ICE or Border Patrol)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("ICE (Immigration and Customs Enforcement)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"officer=ice"))
    page.get_by_label("Shot or shot at with a gun").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"harms=shot"))
    page.goto(RESULT)
    what_if = page.locator('a[href*="/result/what-if/"]').first
    what_if.click()
    page.wait_for_load_state("networkidle")

    share, key = saved_share()
    visited = {}
    for path in (
        "/check/?asker=family&employer=immigration&officer=ice&harms=shot&died=yes&place=MN",
        RESULT,
        "/result/what-if/?" + urlencode(ICE_FAMILY) + "&change=died&to=no",
        share,
        share.rstrip("/") + ".json",
        f"{share}delete/?{urlencode({'key': key})}",
        "/guide/",
        "/guide/routes/ftca/",
        "/guide/doctrines/qualified-immunity/",
        "/guide/states/MN/",
        "/guide/myths/ice-absolute-immunity/",
        "/guide/glossary/",
        "/no-such-page/",
        "/s/no-such-share/",
        "/check/?" + "&".join(f"f{i}=x" for i in range(300)),  # a 400
        "/admin/login/",
    ):
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        visited[path] = response.status
    assert visited["/no-such-page/"] == 404 and visited["/admin/login/"] == 200 and visited[share] == 200
    # Not pages: the calendar file downloads, and the sitemap is for crawlers (shown in a
    # tab, Chromium's own XML viewer styles it inline, which our CSP rightly refuses).
    assert page.request.get("/result/deadlines.ics?" + urlencode(ICE_FAMILY)).status == 200
    assert page.request.get("/sitemap.xml").status == 200
    assert page.seen["requests"] > len(visited)  # the watcher saw the pages and what they load
    assert page.seen["foreign"] == []
    assert page.seen["csp"] == []


def test_the_watch_catches_a_csp_violation_and_a_foreign_request(watched):
    """The checks above can fail: a script from elsewhere breaks the CSP, and leaving for
    another site is a request to another origin."""
    page = watched
    page.goto("/guide/")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('script'); s.src = 'https://cdn.example.org/x.js';"
            " document.head.appendChild(s); }"
        )
    assert any("cdn.example.org" in text for text in page.seen["csp"]), page.seen
    with page.expect_request(lambda r: "foreign.invalid" in r.url):
        page.evaluate("() => { location.href = 'http://foreign.invalid/'; }")
    assert page.seen["foreign"][-1] == "http://foreign.invalid/"
