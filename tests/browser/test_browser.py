"""A real browser (Debian's Chromium through Playwright) with JavaScript on: walk the
questionnaire to a result, check it with axe-core, save it and open the share link."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_walk_with_javascript_to_a_result_and_share(page, no_axe_violations):
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_selector("#question-title")
    no_axe_violations(page)
    page.get_by_label("A family member or loved one").check()
    page.get_by_role("button", name="Continue").click()
    # htmx swapped the step in place and pushed the address
    page.wait_for_url(re.compile(r"asker=family"))
    # a missing answer is re-asked in place, with the message announced
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("#error")
    no_axe_violations(page)
    page.get_by_label("Immigration officers (ICE or Border Patrol)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"employer=immigration"))
    page.get_by_label("ICE (Immigration and Customs Enforcement)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"officer=ice"))
    page.get_by_label("Shot or shot at with a gun").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"harms=shot"))
    # focus moves to the new question so a screen reader announces it
    page.wait_for_function("() => ['question-title', 'error'].includes(document.activeElement.id)")
    assert page.evaluate("() => window.scrollY") == 0  # the new question is read from its top
    page.get_by_label("Yes, they died").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"died=yes"))
    page.get_by_role("combobox", name="Which state or territory did it happen in?").select_option("MN")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"place=MN"))
    page.locator("input[type=date]#q-date").fill("2026-01-07")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"date=2026-01-07"))
    page.get_by_label("Yes: on duty, or off duty but acting as an officer (showing a badge, arresting)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"duty=on"))
    page.get_by_label("No, not yet").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"claim=none"))
    page.get_by_label("Money for the harm (compensation)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/result/"))
    ftca = page.locator('[data-route="ftca"]')
    assert ftca.get_attribute("data-route-status") in ("available", "limited")
    assert page.locator('[data-route="section-1983"]').get_attribute("data-route-status") == "unavailable"
    no_axe_violations(page)
    page.get_by_role("button", name="Save and get a link").click()
    page.wait_for_url(re.compile(r"/s/[A-Za-z0-9_-]{16,}/"))
    link = page.locator("#share-link").input_value()
    other = page.context.new_page()
    other.goto(link)
    assert other.locator('[data-route="ftca"]').get_attribute("data-route-status") == ftca.get_attribute(
        "data-route-status"
    )
    assert other.locator("[data-route-status]").count() == page.locator("[data-route-status]").count()
    # the one expected error: the 400 for the question sent without an answer
    assert [e for e in page.errors if "status of 400" not in e] == [], page.errors


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/check/?asker=family&employer=immigration&officer=ice&harms=shot&died=yes",
        "/check/?asker=family&employer=immigration&officer=ice&harms=shot&died=yes&place=MN",
        "/guide/",
        "/guide/doctrines/qualified-immunity/",
        "/guide/routes/ftca/",
        "/guide/states/mn/",
        "/guide/myths/ice-absolute-immunity/",
        "/guide/glossary/",
        "/s/no-such-share/",
    ],
)
def test_other_pages_pass_axe(page, path, no_axe_violations):
    response = page.goto(path)
    no_axe_violations(page)
    expected = "status of 404" if response.status == 404 else None  # the missing-share page
    assert not [e for e in page.errors if not (expected and expected in e)], page.errors


def test_in_spanish_with_javascript_the_switch_follows_the_answers(page, no_axe_violations):
    """Español from the home page, then a question answered through htmx (no page load):
    the switch back to English carries the answers so far."""
    page.goto("/")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(re.compile(r"/es/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="Empezar ahora").click()
    page.wait_for_selector("#question-title")
    page.locator("input[name=asker][value=family]").check()
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_url(re.compile(r"/es/check/\?.*asker=family"))
    page.locator("input[name=employer][value=immigration]").check()
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_url(re.compile(r"/es/check/\?.*employer=immigration"))
    page.locator("input[name=officer][value=ice]").check()  # its label is content, translated there
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_url(re.compile(r"/es/check/\?.*officer=ice"))
    page.wait_for_function(
        "() => /^[^?]*\\/check\\/\\?.*officer=ice/.test(document.querySelector('a.language-switch').href)"
    )
    switch = page.locator("a.language-switch")
    assert switch.get_attribute("hreflang") == "en" and not switch.get_attribute("href").startswith("/es/")
    no_axe_violations(page)
    switch.click()
    page.wait_for_url(re.compile(r"/check/\?.*officer=ice"))
    assert "/es/" not in page.url and page.locator("html").get_attribute("lang") == "en"
    assert page.locator("input[name=harms]").count() > 0  # the next question, in English
