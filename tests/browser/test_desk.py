"""A paralegal's week at the editors' desk, in a real browser (issue 16): two editors
draft, one marks ready, the Publisher sends one back and publishes the other alone, the
public sees only that; the diff shows only what changed, in words; saving unchanged shows
no change; a comparison of two chosen versions and a restore work."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_SUMMARY = "If you were convicted, a court may not hear a claim that says the conviction was wrong."


def staff(django_user_model):
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Editor").exists():  # transactional tests flush the migration's groups
        from importlib import import_module

        from django.apps import apps

        import_module("liability.migrations.0004_editor_and_publisher_groups").create_groups(apps, None)
    for name, group in (("eve", "Editor"), ("ann", "Editor"), ("pat", "Publisher")):
        user = django_user_model.objects.create_user(name, password=f"a-long-password-{name}", is_staff=True)
        user.groups.add(Group.objects.get(name=group))


def signed_in(browser, live_server, name):
    from tests.conftest import with_axe

    page = with_axe(browser.new_context(base_url=live_server.url)).new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", f"a-long-password-{name}")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def open_doctrine(page, name):
    page.goto("/admin/liability/doctrine/")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_selector("#id_summary_en")


def test_a_paralegals_week(page, browser, live_server, django_user_model, no_axe_violations):
    staff(django_user_model)
    eve = signed_in(browser, live_server, "eve")
    no_axe_violations(eve)  # the desk
    assert "Review and publish (0)" in eve.content()

    # Saving a doctrine unchanged (the browser sends its text boxes' line breaks as \r\n) drafts nothing.
    open_doctrine(eve, "Heck bar (when you were convicted)")
    eve.locator("input[name=_save]").click()
    eve.wait_for_url(re.compile(r"/admin/liability/doctrine/$"))
    eve.goto("/admin/")
    assert "You have no unpublished drafts." in eve.content()

    # Eve drafts a clearer summary; the reading grade follows her typing.
    open_doctrine(eve, "Heck bar (when you were convicted)")
    eve.fill("#id_summary_en", NEW_SUMMARY)
    eve.wait_for_selector("#id_summary_en_live_grade:has-text('Reading grade as you type')")
    assert re.search(r"about \d+\.\d\b", eve.locator("#id_summary_en_live_grade").inner_text())
    eve.locator("input[name=_continue]").click()
    eve.wait_for_selector("text=Draft: differs from version 1")
    # (axe is not run on the whole change form: Django's tabular inlines leave their order and
    # delete boxes unlabelled, which is Django's markup, not the desk's.)
    eve.fill("#id_ready_comment", "Checked against Heck v. Humphrey.")
    eve.get_by_role("button", name="Mark ready for review").click()
    eve.wait_for_selector("text=Marked ready for review")

    # Ann drafts a half-finished sentence in another doctrine and marks it ready too.
    ann = signed_in(browser, live_server, "ann")
    open_doctrine(ann, "Suing a city or county (Monell rule)")
    ann.fill("#id_summary_en", "TODO ask whether the cap still applies and")
    ann.locator("input[name=_continue]").click()
    ann.wait_for_selector("text=Draft: differs from version 1")
    ann.get_by_role("button", name="Mark ready for review").click()
    ann.wait_for_selector("text=Marked ready for review")

    # The Publisher's desk shows both, and links straight to review.
    pat = signed_in(browser, live_server, "pat")
    assert "Review and publish (2)" in pat.content()
    pat.get_by_role("link", name="Review and publish (2)").click()
    pat.wait_for_selector("text=Ready for review (2)")
    no_axe_violations(pat)
    redline = pat.locator(".redline-item", has_text="Heck bar")
    assert "Summary" in redline.inner_text()
    # Only what changed is listed: the summary, and the review marks the save cleared because
    # a verified text changed without a new check.
    labels = redline.locator("tbody th").all_inner_texts()
    assert labels[0] == "Summary" and set(labels[1:]) <= {"Verified", "Last reviewed"}, labels
    added = " ".join(redline.locator(".redline-words ins").all_inner_texts())
    removed = " ".join(redline.locator(".redline-words del").all_inner_texts())
    assert "court" in added and "hear" in added and "sue" in removed  # word by word…
    assert "convicted" not in added + removed  # …with the unchanged words left plain
    assert "None" not in redline.inner_text() and "True" not in redline.inner_text()

    # Pat sends Ann's draft back with a comment.
    pat.get_by_text("Send an item back to its editor").click()
    pat.get_by_label("What must change in “Suing a city or county (Monell rule)”").fill("Finish the sentence.")
    pat.get_by_role("button", name="Send “Suing a city or county (Monell rule)” back").click()
    pat.wait_for_selector("text=Sent back to the editor.")

    # …and publishes Eve's alone.
    assert pat.get_by_role("checkbox", name="Heck bar (when you were convicted)").is_checked()
    pat.fill("#id_review_note", "The Heck summary checked against Heck v. Humphrey, 512 U.S. 477.")
    if pat.locator("input[name=acknowledge]").count():
        pat.locator("input[name=acknowledge]").check()
    pat.get_by_role("button", name="Publish", exact=True).click()
    pat.wait_for_url(re.compile(r"/admin/liability/contentversion/\d+/change/"))
    assert "Published version 2." in pat.content()

    # The public sees exactly that.
    page.goto("/guide/doctrines/heck-bar/")
    assert NEW_SUMMARY in page.content()
    page.goto("/guide/doctrines/monell/")
    assert "TODO" not in page.content()

    # Ann's desk says what to change.
    ann.goto("/admin/")
    assert "Sent back to you" in ann.content() and "Finish the sentence." in ann.content()

    # A comparison of two chosen versions.
    pat.goto("/admin/liability/contentversion/compare/")
    pat.select_option("#id_a", "1")
    pat.select_option("#id_b", "2")
    pat.get_by_role("button", name="Compare").click()
    pat.wait_for_url(re.compile(r"a=1&b=2"))
    assert "Heck bar" in pat.content() and "Monell" not in pat.locator("#content-main").inner_text()
    no_axe_violations(pat)

    # A restore of version 1 makes drafts, marked ready for another Publisher to review.
    pat.goto("/admin/liability/contentversion/1/restore/")
    pat.get_by_role("button", name="Restore version 1 as drafts").click()
    pat.wait_for_selector("text=Restored from version 1.")
    open_doctrine(pat, "Heck bar (when you were convicted)")
    assert "Draft: differs from version 2" in pat.content()
    page.goto("/guide/doctrines/heck-bar/")
    assert NEW_SUMMARY in page.content()  # restoring publishes nothing
