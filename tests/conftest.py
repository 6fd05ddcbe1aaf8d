import os
import shutil
from datetime import date

import pytest
from django.core.management import call_command

from liability import law, questions
from liability.engine import Choice

TODAY = date(2026, 11, 27)

# The browser tests drive Debian's Chromium; `playwright install` cannot download one here.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_configure(config):
    """Tests run with DEBUG off but without collectstatic: serve static files by name."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(config, items):
    """Without Chromium the browser tests skip locally; CI sets REQUIRE_BROWSER so they cannot."""
    if os.path.exists(CHROMIUM) or not any(item.get_closest_marker("browser") for item in items):
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError("REQUIRE_BROWSER is set but Chromium is missing: apt-get install chromium")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (a launch costs about a second)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django's database
    # calls from the test thread are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context over the live server, with the content loaded and the page's
    console errors collected in `page.errors`."""
    call_command("load_content", "--overwrite", verbosity=0)  # transactional tests start empty
    context = with_axe(browser.new_context(base_url=live_server.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def with_axe(context):
    """Give every page of a browser context axe-core as it loads. Chromium compiles an init
    script once per context; evaluating axe's 570 KB in each page cost ~0.5 s a check."""
    from axe_playwright_python.sync_playwright import Axe

    context.add_init_script(Axe().axe_script)
    return context


@pytest.fixture
def no_axe_violations():
    """Checks a page with axe-core for WCAG 2.2 A and AA failures: `no_axe_violations(page)`."""
    from axe_playwright_python.sync_playwright import Axe

    def check(page):
        if page.evaluate("() => typeof window.axe") == "undefined":  # a context without with_axe()
            page.evaluate(Axe().axe_script)
        options = {"runOnly": WCAG_AA, "resultTypes": ["violations"]}
        violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
        assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    return check


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the bundled legal content, loaded once."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


def make_rule(status: str, reason: str = "because", **conditions) -> law.Rule:
    frozen = {k: frozenset(v) if isinstance(v, list | set | tuple) else v for k, v in conditions.items()}
    return law.Rule(law.Status(status), reason, ("usc-42-1983",), **frozen)


def make_route(slug: str = "route", default: str = "unavailable", rules=(), **fields) -> law.Route:
    values = {
        "name": slug.title(),
        "kind": "civil",
        "decider": "you",
        "remedies": ("money",),
        "summary": "A summary.",
        "gets": "Money.",
        "first_steps": ("Write it down.",),
        "deadline": law.DeadlineRule(),
        "default_status": law.Status(default),
        "default_reason": "It does not apply.",
        "authorities": ("usc-42-1983",),
        "rules": tuple(rules),
    } | fields
    return law.Route(slug=slug, **values)


def make_content(*routes: law.Route, periods=None) -> law.Content:
    return law.Content(
        routes=routes,
        doctrines={},
        authorities={
            "usc-42-1983": law.Authority(
                "usc-42-1983", "statute", "§ 1983", "42 U.S.C. § 1983", "https://example.org", True
            )
        },
        jurisdictions={
            "MN": law.Jurisdiction(
                "MN", "Minnesota", (law.Period(6, "Minn. Stat. § 541.05", "https://example.org", True),)
            ),
            "LA": law.Jurisdiction(
                "LA",
                "Louisiana",
                (
                    law.Period(1, "art. 3492", "https://example.org", True, applies_until=date(2024, 7, 1)),
                    law.Period(2, "art. 3493.1", "https://example.org", True, applies_from=date(2024, 7, 2)),
                ),
            ),
        }
        | (periods or {}),
        officer_kinds={
            "ice": law.OfficerKind("ice", "ICE", "federal", "federal", ""),
            "city-police": law.OfficerKind("city-police", "City police", "local", "local", ""),
        },
    )


def make_facts(**fields) -> law.Facts:
    values = {
        "officer": "city-police",
        "level": "local",
        "harms": frozenset({"force"}),
        "died": False,
        "asker": "self",
        "place": "MN",
        "earliest": date(2026, 1, 7),
        "latest": date(2026, 1, 7),
        "case_outcome": "none",
        "wants": frozenset({"money"}),
    } | fields
    return law.Facts(**values)


# The plain kind of officer each test officer is chosen under (officers.yaml's `group`).
GROUPS = {"ice": "immigration", "cbp": "immigration", "fbi": "federal", "city-police": "local", "unsure": "unsure"}


def make_flow(officers=("ice", "city-police", "unsure"), places=("MN", "TX"), hybrid=(), claim_places=()):
    federal = [o for o in officers if o in ("ice", "cbp", "fbi", "unsure")]
    return questions.build(
        [Choice(o, o, group=GROUPS.get(o, "joint")) for o in (*officers, *hybrid)],
        [Choice(p, p) for p in places],
        federal,
        hybrid,
        claim_places,
    )


@pytest.fixture(autouse=True)
def fresh_result_counts():
    """Each test starts with no new results counted against the test client's address
    (the per-client limit on fresh renders, which lives in the "default" cache)."""
    from django.core.cache import caches

    caches["default"].clear()
