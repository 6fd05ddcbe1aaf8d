"""Accessibility (WCAG 2.2 AA) in a real Chromium: axe-core on every kind of page with
JavaScript on and off, a keyboard-only journey to a shared result, reflow at 320 CSS px and
at 200% zoom, reduced motion, and text contrast computed from the rendered colours."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.management import call_command

from tests.conftest import with_axe
from tests.web.test_views import ICE_FAMILY

# The pages are served by one server per module (see `site`); the marker only makes sure the
# test database exists, and each test's own writes roll back.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

FAMILY = ICE_FAMILY[:7]  # asker … date: a family asking after a death (no "charged" question)
# a person asking for themself: not asked whether they died; the "charged" question is asked
SURVIVOR = [("asker", "self"), *ICE_FAMILY[1:4], ("place", "MN"), ("date", "2026-01-07")]


def check(pairs) -> str:
    return "/check/?" + urlencode(pairs)


# Every kind of page a person (or a staff member signing in) can land on. "{shared}" and
# "{delete}" are filled in once a result has been saved through the share form.
PAGES = {
    "home": "/",
    "question-asker": "/check/",
    "question-officer": check(FAMILY[:1]),
    "question-agency": check(FAMILY[:2]),
    "question-harms": check(FAMILY[:3]),
    "question-died": check(FAMILY[:4]),
    "question-place": check(FAMILY[:5]),
    "question-date": check(FAMILY[:6]),
    "question-exact-date": check([*FAMILY[:6], ("approx", "18to24m")]),
    "question-charged": check(SURVIVOR),
    "question-wants": check([*SURVIVOR, ("charged", "none")]),
    "question-with-error": check([*FAMILY[:4], ("asked", "died")]),  # sent without an answer
    "your-answers-change-one": check([*ICE_FAMILY, ("change", "place")]),
    "result": "/result/?" + urlencode(ICE_FAMILY),
    "what-if": "/result/what-if/?" + urlencode([*ICE_FAMILY, ("change", "date"), ("to", "2024-01-10")]),
    "shared-result": "{shared}",
    "share-delete": "{delete}",
    "guide": "/guide/",
    "guide-route": "/guide/routes/ftca/",
    "guide-doctrine": "/guide/doctrines/qualified-immunity/",
    "guide-state": "/guide/states/mn/",
    "guide-myth": "/guide/myths/ice-absolute-immunity/",
    "guide-glossary": "/guide/glossary/",
    "404": "/no-such-page/",
    "400-tampered-answer": check([("asker", "self"), ("employer", "not-an-officer")]),
    "400-address-too-long": check([("officer", "x" * 2100)]),
    "admin-login": "/admin/login/",
}
# The same pages in Spanish, at their /es/ addresses (the admin has one address).
PAGES |= {
    f"es-{name}": path if path.startswith("{") else f"/es{path}"
    for name, path in PAGES.items()
    if not path.startswith("/admin/") and path not in ("{shared}", "{delete}")
} | {"es-shared-result": "{shared_es}"}


@dataclass
class Site:
    url: str
    paths: dict[str, str]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, browser):
    """One server for the whole module, over the content loaded once, with one result saved
    through the share form. (pytest-django's `live_server` makes every test transactional,
    and reloading the content for each of a hundred page checks would take minutes.)"""
    from pytest_django.live_server_helper import LiveServer

    from liability.models import Share, ShareThrottle

    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)  # a no-op unless a transactional test emptied it
        # The server's writes are committed: whatever it saves is removed at the end.
        before = set(Share.objects.values_list("pk", flat=True))
        counted = set(ShareThrottle.objects.values_list("pk", flat=True))
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            context = browser.new_context(base_url=server.url)
            tab = context.new_page()
            tab.goto(PAGES["result"])
            tab.get_by_role("button", name=re.compile("Save and get a link")).click()
            tab.wait_for_url(re.compile(r"/s/[A-Za-z0-9_-]{16,}/$"))
            shared = urlsplit(tab.url).path
            delete = urlsplit(tab.locator("#delete-link").input_value())
            tab.goto("/es" + PAGES["result"])
            tab.get_by_role("button", name=re.compile("Guardar y obtener un enlace")).click()
            tab.wait_for_url(re.compile(r"/es/s/[A-Za-z0-9_-]{16,}/$"))
            shared_es = urlsplit(tab.url).path
            context.close()
            filled = {"{shared}": shared, "{delete}": f"{delete.path}?{delete.query}", "{shared_es}": shared_es}
            yield Site(server.url, {name: filled.get(path, path) for name, path in PAGES.items()})
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            Share.objects.exclude(pk__in=before).delete()
            ShareThrottle.objects.exclude(pk__in=counted).delete()


@pytest.fixture
def open_page(browser, site):
    """open_page(name_or_path, javascript=True, **context options) -> a loaded Playwright page."""
    contexts = []

    def opener(where: str, javascript: bool = True, **options):
        context = browser.new_context(base_url=site.url, java_script_enabled=javascript, **options)
        if javascript:
            with_axe(context)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site.paths.get(where, where))
        assert response is not None and response.status < 500
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe(browser, open_page, no_axe_violations, name, javascript):
    page = open_page(name, javascript=javascript)
    if javascript:
        no_axe_violations(page)
        return
    # axe-core is JavaScript: where scripts are off its promise never settles. So the document
    # that Chromium built with JavaScript off is checked in a page that serves that document
    # and blocks every script of the site's own.
    snapshot, url = page.content(), page.url
    context = with_axe(browser.new_context())
    try:
        copy = context.new_page()

        def serve(route):
            if route.request.url == url:
                route.fulfill(body=snapshot, content_type="text/html; charset=utf-8")
            elif route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(url)
        assert copy.evaluate("() => typeof window.htmx") == "undefined"
        no_axe_violations(copy)
    finally:
        context.close()


# --- Reflow (WCAG 1.4.10): no horizontal scrolling at 320 CSS px ----------------------------

# 320 CSS px is the width WCAG names. 200% zoom of a 1280 px desktop window lays pages out in
# 1280 / 2 = 640 CSS px, so a 640 px viewport is that zoom as far as CSS is concerned
# (device_scale_factor only sharpens pixels and would not change the layout).
VIEWPORTS = {"320px": {"width": 320, "height": 640}, "zoom-200": {"width": 640, "height": 360}}

OVERFLOW = """() => {
  const root = document.documentElement, limit = root.clientWidth;
  const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > limit + 0.5 && !inScroller(el))
    .map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className : ''));
  return {scrollWidth: root.scrollWidth, clientWidth: limit, innerWidth: window.innerWidth, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways(open_page, name):
    page = open_page(name, viewport=VIEWPORTS["320px"])
    for viewport, size in VIEWPORTS.items():  # one page load, laid out at each width in turn
        page.set_viewport_size(size)
        width = page.evaluate(OVERFLOW)
        # clientWidth leaves out a vertical scrollbar, so this is stricter than innerWidth
        assert width["scrollWidth"] <= width["clientWidth"] <= width["innerWidth"], (viewport, width)


def test_wide_tables_scroll_in_a_labelled_focusable_region(open_page):
    page = open_page("result", viewport=VIEWPORTS["320px"])
    tables = page.locator("main table")
    assert tables.count() >= 1
    for i in range(tables.count()):
        region = tables.nth(i).locator("xpath=ancestor::*[contains(@class, 'table-scroll')][1]")
        if tables.nth(i).evaluate("t => t.scrollWidth <= t.parentElement.clientWidth"):
            continue  # fits: nothing to scroll
        assert region.count() == 1, f"table {i} is wider than the screen and has no scroll container"
        assert region.get_attribute("tabindex") == "0"  # keyboard users can scroll it
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label")


# --- Keyboard only ----------------------------------------------------------------------

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.name || '', value: el.value || '',
          checked: !!el.checked, text: (el.textContent || '').trim().slice(0, 60),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          shadow: s.boxShadow !== 'none'};
}"""


def focused(page) -> dict:
    """What has the focus, after checking that something has and that it can be seen."""
    now = page.evaluate(FOCUS)
    assert now is not None, f"focus was lost to the page body at {page.url}"
    assert now["outline"] or now["shadow"], f"no visible focus indicator: {now}"
    return now


def tab_to(page, wanted, key: str = "Tab", limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element at {page.url}")


def choose_radio(page, name: str, value: str) -> None:
    now = tab_to(page, lambda f: f["name"] == name)
    for _ in range(40):
        if now["value"] == value:
            break
        page.keyboard.press("ArrowDown")  # moves to and selects the next radio
        now = focused(page)
    else:
        raise AssertionError(f"no radio {name}={value}")
    page.keyboard.press("Space")
    assert focused(page)["checked"]


def tick(page, name: str, value: str) -> None:
    tab_to(page, lambda f: f["name"] == name and f["value"] == value)
    page.keyboard.press("Space")
    assert focused(page)["checked"]


def submit(page, javascript: bool, focus: str = "question-title") -> None:
    """Continue by keyboard. With JavaScript, htmx swaps the next question in and the focus
    must land inside it, on its heading (or on the error message)."""
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Continue")
    if not javascript:
        with page.expect_navigation():
            page.keyboard.press("Enter")
        return
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.activeElement.id === id", arg=focus)
    now = focused(page)
    assert page.evaluate("() => document.getElementById('step').contains(document.activeElement)"), now


def answer_everything(page, javascript: bool) -> None:
    page.goto("/")
    tab_to(page, lambda f: f["text"] == "Start now")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/check/\??$"))
    choose_radio(page, "asker", "family")
    submit(page, javascript)
    # Continue without an answer: the problem is announced and, with JavaScript, focused.
    submit(page, javascript, focus="error")
    error = page.locator("#error")
    assert error.get_attribute("role") == "alert" or error.get_attribute("aria-live")
    assert "Choose one of the options" in error.inner_text()
    if javascript:
        assert focused(page)["id"] == "error"
    choose_radio(page, "employer", "immigration")
    submit(page, javascript)
    choose_radio(page, "officer", "ice")
    submit(page, javascript)
    tick(page, "harms", "shot")
    submit(page, javascript)
    choose_radio(page, "died", "yes")
    submit(page, javascript)
    tab_to(page, lambda f: f["id"] == "q-place")
    page.keyboard.type("Minnesota")  # a closed select picks the option typed
    assert page.locator("#q-place").input_value() == "MN"
    submit(page, javascript)
    tab_to(page, lambda f: f["id"] == "q-date")
    page.keyboard.type("01072026")  # month, day, year: Chromium's en-US date fields
    assert page.locator("#q-date").input_value() == "2026-01-07"
    submit(page, javascript)
    choose_radio(page, "duty", "on")
    submit(page, javascript)
    choose_radio(page, "claim", "none")
    submit(page, javascript)
    tick(page, "wants", "money")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Continue")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result/\?"))
    assert "officer=ice" in page.url and "wants=money" in page.url
    assert page.locator("[data-route-status]").count() > 0


def test_keyboard_alone_reaches_a_shared_result_with_javascript(browser, site):
    context = browser.new_context(base_url=site.url)
    try:
        page = context.new_page()
        answer_everything(page, javascript=True)
        # backwards from the top: the save buttons are near the end of a long page
        tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("Save and get a link"), "Shift+Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/s/[A-Za-z0-9_-]{16,}/$"))
        tab_to(page, lambda f: f["id"] == "share-link", "Shift+Tab")
        assert page.locator("#share-link").input_value().endswith(urlsplit(page.url).path)
    finally:
        context.close()


def test_keyboard_alone_reaches_a_result_without_javascript(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        answer_everything(context.new_page(), javascript=False)
    finally:
        context.close()


# --- Reduced motion ---------------------------------------------------------------------

MOTION = """() => {
  const seconds = list => Math.max(...list.split(',').map(t => t.trim().endsWith('ms') ? parseFloat(t) / 1000 : parseFloat(t)));
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const transition = s.transitionProperty !== 'none' ? seconds(s.transitionDuration) : 0;
      const animation = s.animationName !== 'none' ? seconds(s.animationDuration) : 0;
      if (transition > 0.01 || animation > 0.01) moving.push(el.tagName + (pseudo || '') + '.' + el.className);
    }
  }
  const running = document.getAnimations().filter(a => (a.effect.getComputedTiming().duration || 0) > 10);
  return {moving: moving.slice(0, 5), running: running.length,
          scroll: [getComputedStyle(document.documentElement).scrollBehavior, getComputedStyle(document.body).scrollBehavior],
          htmx: window.htmx ? htmx.config.scrollBehavior : 'instant'};
}"""


@pytest.mark.parametrize("name", ["home", "question-officer", "question-agency", "result", "what-if"])
def test_reduced_motion_is_honoured(open_page, name):
    page = open_page(name, reduced_motion="reduce")
    page.keyboard.press("Tab")  # focus styles too
    motion = page.evaluate(MOTION)
    assert motion["moving"] == [] and motion["running"] == 0, motion
    assert "smooth" not in motion["scroll"] and motion["htmx"] != "smooth", motion


# --- Contrast (WCAG 1.4.3), from the colours Chromium actually renders ------------------

COLOURS = """selector => [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length).slice(0, 3).map(el => {
  const rgba = c => { const n = c.match(/[\\d.]+/g).map(Number); return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1]; };
  const layers = [];
  for (let p = el; p; p = p.parentElement) {
    const bg = rgba(getComputedStyle(p).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  return {text: rgba(getComputedStyle(el).color), backgrounds: layers};
})"""

CONTRASTED = {
    "result": [
        "main p",  # body text
        ".site-footer p",
        "main a:not(.button)",  # links
        ".button:not(.secondary)",
        ".button.secondary",
        ".quick-exit",
        ".wanted",  # badges
        ".unverified",
        ".status-available",
        ".status-limited",
        ".status-unavailable",
        ".small",
        ".because",
    ],
    "question-with-error": [".error-summary h2", ".error-summary p", ".hint", ".progress"],
}


def over(top, bottom):
    alpha = top[3]
    return [top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3)] + [1]


def luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag():
    assert round(contrast([0, 0, 0, 1], [255, 255, 255, 1]), 1) == 21.0
    assert round(contrast([118, 118, 118, 1], [255, 255, 255, 1]), 2) == 4.54  # #767676, the classic AA grey


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_at_least_4_5_to_1(open_page, scheme):
    low = []
    for name, selectors in CONTRASTED.items():
        page = open_page(name, color_scheme=scheme)
        for selector in selectors:
            found = page.evaluate(COLOURS, selector)
            assert found, f"{selector} is not on the {name} page"
            for colours in found:
                background = [255, 255, 255, 1]  # the canvas
                for layer in reversed(colours["backgrounds"]):
                    background = over(layer, background)
                ratio = contrast(over(colours["text"], background), background)
                if ratio < 4.5:
                    low.append((name, selector, round(ratio, 2), colours))
    assert low == []
