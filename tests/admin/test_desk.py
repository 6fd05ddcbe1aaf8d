"""The editors' desk (issue 16): the admin home, the per-item review workflow, the redline
a lawyer reads, previews of the drafts and the small traps of the change forms."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from liability import publishing
from liability.models import ContentVersion, Doctrine, ReviewRequest, Route
from liability.publishing.redline import words
from tests.admin.test_publishing import doctrine_form, edit_summary_in_admin, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(django_user_model):
    client = Client()
    client.force_login(staff_user(django_user_model, "eve", "Editor"))
    return client


@pytest.fixture
def publisher_client(django_user_model):
    client = Client()
    client.force_login(staff_user(django_user_model, "pat", "Publisher"))
    return client


def test_saving_an_item_unchanged_from_a_browser_shows_no_change_in_review(editor_client):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    form = doctrine_form(doctrine, doctrine.summary.replace("\n", "\r\n"))
    form["body_en"] = doctrine.body_en.replace("\n", "\r\n")  # browsers send a text box's line breaks so
    form["last_reviewed"] = str(doctrine.last_reviewed or "")
    response = editor_client.post(reverse("admin:liability_doctrine_change", args=[doctrine.pk]), form)
    assert response.status_code == 302, response.text[:2000]
    assert "\r" not in Doctrine.objects.get(slug="heck-bar").body
    assert not publishing.has_drafts()
    assert "No differences" in editor_client.get(reverse("admin:liability_compare") + "?a=1&b=drafts").text


def test_the_redline_uses_labels_and_public_wording(editor_client):
    route = Route.objects.get(slug="ftca")
    route.default_status = "available" if route.default_status != "available" else "unavailable"
    route.deadline_years = 7
    route.save()
    rule = route.rules.first()
    rule.reason += " One more sentence."
    rule.save()
    page = editor_client.get(reverse("admin:liability_compare") + "?a=1&b=drafts").text
    assert "Default status" in page and "May be open" in page and "Likely closed" in page
    assert "default_status" not in page and "unavailable" not in page
    assert "Deadline years" in page and "<h4>Deadline</h4>" in page
    assert "Applicability rules: 1 (changed)" in page and "<ins> One more sentence.</ins>" in page
    assert "None" not in page and "True" not in page


def test_word_level_redline_collapses_unchanged_text_and_cuts_nothing_off():
    long = " ".join(f"word{n}" for n in range(400))
    pieces = words(long, long.replace("word350", "changed350").replace("word399", "end"))
    assert ("del", "word350") in [(p.op, p.text) for p in pieces]
    assert ("ins", "changed350") in [(p.op, p.text) for p in pieces]
    assert pieces[0].op == "gap"  # 340 unchanged words before the change: collapsed
    assert pieces[-1] == ("ins", "end") or pieces[-1].text == "end"  # a change at the very end shows
    assert "word200" not in "".join(p.text for p in pieces)
    rewritten = words("If you were convicted you may not sue.", "A clearer summary.")
    assert [p.op for p in rewritten] == ["del", "ins"]  # one deletion, one insertion


def test_any_two_versions_can_be_compared(editor_client, publisher_client):
    edit_summary_in_admin(editor_client, "heck-bar", "Second wording.")
    from django.contrib.auth import get_user_model

    pat = get_user_model().objects.get(username="pat")
    publishing.publish(pat, "Checked.")
    Doctrine.objects.filter(slug="monell").update(summary="Third wording.")
    publishing.publish(pat, "Checked again.")
    page = publisher_client.get(reverse("admin:liability_compare"), {"a": "1", "b": "3"}).text
    assert "Second wording." in page and "Third wording." in page
    page = publisher_client.get(reverse("admin:liability_compare"), {"a": "2", "b": "3"}).text
    assert "Third wording." in page and "Second wording." not in page
    assert publisher_client.get(reverse("admin:liability_compare"), {"a": "x", "b": "99"}).status_code == 200


def test_the_admin_home_is_a_desk_with_the_pending_count(editor_client, publisher_client):
    edit_summary_in_admin(editor_client, "heck-bar", "A draft from eve.")
    home = editor_client.get(reverse("admin:index")).text
    assert "Review and publish (0)" in home and reverse("admin:liability_publish") in home
    assert "My drafts" in home and "Heck bar" in home and "Being drafted" in home
    ready = editor_client.post(
        reverse("admin:liability_ready"), {"kind": "doctrines", "key": "heck-bar", "comment": "Checked Heck."}
    )
    assert ready.status_code == 302
    home = publisher_client.get(reverse("admin:index")).text
    assert "Review and publish (1)" in home and "Ready for review" in home and "Checked Heck." in home
    assert "You have no unpublished drafts." in home  # pat drafted nothing


def test_a_draft_waiting_more_than_a_week_is_flagged(editor_client):
    edit_summary_in_admin(editor_client, "heck-bar", "An old draft.")
    from datetime import timedelta

    from django.utils import timezone

    Doctrine.history.filter(slug="heck-bar").update(history_date=timezone.now() - timedelta(days=9))
    assert "over 7 days" in editor_client.get(reverse("admin:index")).text
    assert "over 7 days" in editor_client.get(reverse("admin:liability_stale")).text


def test_an_edit_after_marking_ready_needs_marking_again(editor_client):
    edit_summary_in_admin(editor_client, "heck-bar", "Ready words.")
    editor_client.post(reverse("admin:liability_ready"), {"kind": "doctrines", "key": "heck-bar", "comment": ""})
    assert [d.ready for d in publishing.drafts()] == [True]
    edit_summary_in_admin(editor_client, "heck-bar", "Changed after marking.")
    (draft,) = publishing.drafts()
    assert not draft.ready and draft.outdated is not None


def test_a_publisher_sends_an_item_back_with_a_comment(editor_client, publisher_client):
    edit_summary_in_admin(editor_client, "heck-bar", "TODO ask whether the cap applies and")
    editor_client.post(
        reverse("admin:liability_ready"), {"kind": "doctrines", "key": "heck-bar", "comment": "First go."}
    )
    refused = editor_client.post(
        reverse("admin:liability_send_back"), {"kind": "doctrines", "key": "heck-bar", "reply": "x"}
    )
    assert refused.status_code == 302 and ReviewRequest.objects.get().state == "ready"  # an editor cannot
    publisher_client.post(
        reverse("admin:liability_send_back"), {"kind": "doctrines", "key": "heck-bar", "reply": "Finish the sentence."}
    )
    request = ReviewRequest.objects.get()
    assert request.state == "sent_back" and request.reply == "Finish the sentence."
    home = editor_client.get(reverse("admin:index")).text
    assert "Sent back to you" in home and "Finish the sentence." in home


def test_each_change_form_says_whether_its_draft_differs(editor_client):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    url = reverse("admin:liability_doctrine_change", args=[doctrine.pk])
    assert "Same as published version 1" in editor_client.get(url).text
    edit_summary_in_admin(editor_client, "heck-bar", "A new summary.")
    page = editor_client.get(url).text
    assert "Draft: differs from version 1" in page and "Mark ready for review" in page
    assert 'href="/preview/guide/doctrines/heck-bar/"' in page and "Preview draft" in page


def test_guide_pages_can_be_previewed_over_the_drafts(editor_client):
    edit_summary_in_admin(editor_client, "heck-bar", "A preview-only summary of Heck.")
    public = Client().get("/guide/doctrines/heck-bar/").text
    assert "A preview-only summary of Heck." not in public
    preview = editor_client.get("/preview/guide/doctrines/heck-bar/").text
    assert "A preview-only summary of Heck." in preview and "Staff preview" in preview
    assert Client().get("/preview/guide/doctrines/heck-bar/").status_code == 302  # staff only
    for address in (
        "/preview/guide/routes/ftca/",
        "/preview/guide/states/mn/",
        "/preview/guide/myths/ice-absolute-immunity/",
    ):
        assert editor_client.get(address).status_code == 200, address


def test_delete_refusals_name_and_link_each_blocker_once(editor_client):
    from liability.models import Authority

    authority = Authority.objects.get(slug="graham-v-connor")
    page = editor_client.get(reverse("admin:liability_authority_delete", args=[authority.pk])).text
    doctrines = list(authority.doctrines.all())
    assert doctrines
    for doctrine in doctrines:
        link = reverse("admin:liability_doctrine_change", args=[doctrine.pk])
        assert page.count(f'href="{link}"') == 1, doctrine
    assert "Doctrine citation" not in page


def test_saving_a_rule_returns_to_its_route(editor_client):
    rule = Route.objects.get(slug="ftca").rules.first()
    page = editor_client.get(reverse("admin:liability_rule_change", args=[rule.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {
        "officer_levels": rule.officer_levels,
        "harms": rule.harms,
        "case_outcomes": rule.case_outcomes,
        "askers": rule.askers,
        "officer_kinds": [o.pk for o in rule.officer_kinds.all()],
        "jurisdictions": [j.pk for j in rule.jurisdictions.all()],
    }
    citations = list(rule.rulecitation_set.all())
    data |= {
        "rulecitation_set-TOTAL_FORMS": str(len(citations)),
        "rulecitation_set-INITIAL_FORMS": str(len(citations)),
        "rulecitation_set-MIN_NUM_FORMS": "1",
        "rulecitation_set-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(citations):
        data |= {
            f"rulecitation_set-{i}-id": c.pk,
            f"rulecitation_set-{i}-rule": rule.pk,
            f"rulecitation_set-{i}-authority": c.authority_id,
            f"rulecitation_set-{i}-order": c.order,
        }
    response = editor_client.post(reverse("admin:liability_rule_change", args=[rule.pk]), data)
    assert response.status_code == 302, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', response.text)
    assert response["Location"] == reverse("admin:liability_route_change", args=[rule.route_id])
    assert not publishing.has_drafts()  # saved unchanged: nothing to review


def test_a_slug_can_be_corrected_until_first_published(editor_client):
    doctrine = Doctrine.objects.create(slug="qualifed-imunity", name="Draft", effect="depends", summary="S.", body="B.")
    page = editor_client.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk])).text
    assert 'name="slug"' in page
    published = Doctrine.objects.get(slug="heck-bar")
    assert 'name="slug"' not in editor_client.get(reverse("admin:liability_doctrine_change", args=[published.pk])).text


def test_changing_verified_text_clears_verified_unless_reconfirmed(editor_client):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    Doctrine.objects.filter(pk=doctrine.pk).update(verified=True, last_reviewed="2026-11-01")
    doctrine.refresh_from_db()
    url = reverse("admin:liability_doctrine_change", args=[doctrine.pk])
    form = doctrine_form(doctrine, "New words.") | {"verified": "on", "last_reviewed": "2026-11-01"}
    page = editor_client.post(url, form, follow=True)
    doctrine.refresh_from_db()
    assert not doctrine.verified and doctrine.last_reviewed is None
    assert "were cleared" in page.text
    Doctrine.objects.filter(pk=doctrine.pk).update(verified=True, last_reviewed="2026-11-01")
    form = doctrine_form(doctrine, "Newer words.") | {
        "verified": "on",
        "last_reviewed": "2026-11-01",
        "reconfirm": "on",
    }
    editor_client.post(url, form)
    doctrine.refresh_from_db()
    assert doctrine.verified and str(doctrine.last_reviewed) == "2026-11-01"


def test_date_fields_carry_no_timezone_note_and_notes_say_who_reads_them(editor_client):
    from liability.models import Jurisdiction

    page = editor_client.get(
        reverse("admin:liability_jurisdiction_change", args=[Jurisdiction.objects.get(code="MN").pk])
    )
    assert 'class="timezonewarning"' in page.text  # the empty placeholder the admin's script respects
    assert "Notes for the state&#x27;s page (public)" in page.text or "Notes for the state's page (public)" in page.text
    assert "Note with this period (public)" in page.text


def test_reading_grade_is_rounded_and_a_warning_not_an_error(editor_client):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    Doctrine.objects.filter(pk=doctrine.pk).update(
        summary="Notwithstanding jurisprudential considerations, constitutional adjudication necessitates "
        "comprehensive evaluation of institutional responsibilities."
    )
    page = editor_client.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk])).text
    import re

    grade = re.search(r'<span class="grade-warning">([\d.]+) ⚠', page)
    assert grade and len(grade.group(1).split(".")[-1]) == 1
    assert "liability/grade.js" in page


def publish_form(client, items, note="Checked against the sources."):
    """The review page's publish form as the page gave it, with these items ticked."""
    from tests.admin.forms import read_form

    form = read_form(client.get(reverse("admin:liability_publish")).text, "publish_form")
    return form | {"items": items, "review_note": note, "acknowledge": "1"}


def test_a_publisher_publishes_a_selection_of_ready_items_only(django_user_model, editor_client, publisher_client):
    other = Client()
    other.force_login(staff_user(django_user_model, "ann", "Editor"))
    edit_summary_in_admin(editor_client, "heck-bar", "Eve finished this summary.")
    edit_summary_in_admin(other, "monell", "TODO ask whether the cap still applies and")
    edit_summary_in_admin(other, "qualified-immunity", "Ann finished this summary.")
    for client, key in ((editor_client, "heck-bar"), (other, "qualified-immunity")):
        client.post(reverse("admin:liability_ready"), {"kind": "doctrines", "key": key, "comment": "Done."})
    page = publisher_client.get(reverse("admin:liability_publish")).text
    assert "Ready for review (2)" in page and "Drafts not ready yet (1)" in page
    assert 'value="doctrines:monell"' not in page  # a draft nobody marked ready cannot be ticked
    response = publisher_client.post(
        reverse("admin:liability_publish"), publish_form(publisher_client, ["doctrines:heck-bar"])
    )
    assert response.status_code == 302
    public = Client()
    assert "Eve finished this summary." in public.get("/guide/doctrines/heck-bar/").text
    assert "Ann finished this summary." not in public.get("/guide/doctrines/qualified-immunity/").text
    assert "TODO ask" not in public.get("/guide/doctrines/monell/").text
    assert publishing.latest().changes == [
        {"kind": "doctrines", "key": "heck-bar", "label": "Heck bar (when you were convicted)", "action": "changed"}
    ]
    remaining = {d.key: d.ready for d in publishing.drafts()}
    assert remaining == {"monell": False, "qualified-immunity": True}  # still drafts, still marked


def test_warnings_must_be_acknowledged_and_the_note_is_kept(editor_client, publisher_client):
    hard = (
        "Notwithstanding jurisprudential considerations, constitutional adjudication necessitates "
        "comprehensive evaluation of institutional responsibilities and administrative accountability."
    )
    edit_summary_in_admin(editor_client, "heck-bar", hard)
    Doctrine.objects.filter(slug="heck-bar").update(verified=False)
    editor_client.post(reverse("admin:liability_ready"), {"kind": "doctrines", "key": "heck-bar"})
    page = publisher_client.get(reverse("admin:liability_publish")).text
    assert "reads at grade" in page and "not verified" in page and "I have read the 2 warnings" in page
    form = publish_form(publisher_client, ["doctrines:heck-bar"], note="My careful review note.")
    del form["acknowledge"]
    refused = publisher_client.post(reverse("admin:liability_publish"), form)
    assert refused.status_code == 200 and publishing.latest().number == 1
    assert "My careful review note.</textarea>" in refused.text  # the note survives a refusal
    assert "tick “I have read the warnings”" in refused.text


def test_a_deadline_without_a_citation_is_refused(editor_client, publisher_client):
    from liability.models import RouteCitation

    RouteCitation.objects.filter(route__slug="ftca", purpose="deadline").delete()
    publishing.mark_ready(None, ("routes", "ftca"), "")
    page = publisher_client.get(reverse("admin:liability_publish")).text
    assert "a deadline that cites no authority" in page
    with pytest.raises(publishing.PublishRefused, match="deadline that cites no authority"):
        publishing.publish(None, "system", items=[("routes", "ftca")])


def test_verified_text_changed_without_a_new_review_is_a_warning():
    published = publishing.latest().data
    working = publishing.export()
    route = next(r for r in working["routes"] if r["slug"] == "ftca")
    route["summary"] += " Changed."
    route["verified"] = True
    old = next(r for r in published["routes"] if r["slug"] == "ftca")
    old["verified"] = True
    assert any("still marked verified" in w for w in publishing.warnings(published, working))


def test_try_a_situation_shows_the_drafted_result_beside_the_published(editor_client, publisher_client):
    route = Route.objects.get(slug="section-1983")
    route.rules.all().delete()
    route.default_status = "unavailable"
    route.save()
    page = publisher_client.get(
        reverse("admin:liability_publish"), {"officer": "city-police", "place": "MN", "harms": "force"}
    ).text
    assert "Each route, now and with the drafts" in page
    start = page.index(f'<th scope="row">{route.name}')
    row = page[start : start + 300]
    assert "May be open" in row and "<strong>Likely closed ⚠</strong>" in row
    assert (
        publisher_client.get(
            reverse("admin:liability_publish"), {"officer": "nobody", "place": "ZZ", "harms": "x"}
        ).status_code
        == 200
    )


def test_a_new_route_no_scenario_names_is_pointed_out(publisher_client):
    from tests.admin.test_publishing import staff_user  # noqa: F401

    route = Route.objects.get(slug="ftca")
    route.pk, route.slug, route.name = None, "new-route", "A brand new route"
    route.save()
    publishing.mark_ready(None, ("routes", "new-route"), "")
    page = publisher_client.get(reverse("admin:liability_publish")).text
    assert "No scenario in scenarios.yaml names A brand new route" in page


def test_a_restore_is_ready_for_review_and_publishes_back(editor_client, publisher_client, django_user_model):
    edit_summary_in_admin(editor_client, "heck-bar", "Second wording.")
    editor_client.post(reverse("admin:liability_ready"), {"kind": "doctrines", "key": "heck-bar"})
    publisher_client.post(reverse("admin:liability_publish"), publish_form(publisher_client, ["doctrines:heck-bar"]))
    assert publishing.latest().number == 2
    restored = editor_client.post(reverse("admin:liability_restore", args=[1]))
    assert restored.status_code == 302
    (draft,) = publishing.drafts()
    assert draft.ready and "Restored from version 1" in draft.request.comment
    publisher_client.post(reverse("admin:liability_publish"), publish_form(publisher_client, ["doctrines:heck-bar"]))
    assert publishing.latest().number == 3 and not publishing.diff(
        ContentVersion.objects.get(number=1).data, publishing.latest().data
    )


def test_discard_my_changes_puts_back_the_published_item_only(editor_client):
    edit_summary_in_admin(editor_client, "heck-bar", "A draft to throw away.")
    edit_summary_in_admin(editor_client, "monell", "A draft to keep.")
    editor_client.post(reverse("admin:liability_ready"), {"kind": "doctrines", "key": "heck-bar"})
    doctrine = Doctrine.objects.get(slug="heck-bar")
    page = editor_client.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk])).text
    assert "Discard my changes" in page
    response = editor_client.post(reverse("admin:liability_discard"), {"kind": "doctrines", "key": "heck-bar"})
    assert response["Location"] == reverse("admin:liability_doctrine_change", args=[doctrine.pk])
    assert [d.key for d in publishing.drafts()] == ["monell"]
    assert Doctrine.objects.get(slug="monell").summary == "A draft to keep."
    assert not ReviewRequest.objects.exists()
    new = Doctrine.objects.create(slug="brand-new", name="New", effect="depends", summary="S.", body="B.")
    editor_client.post(reverse("admin:liability_discard"), {"kind": "doctrines", "key": new.slug})
    assert not Doctrine.objects.filter(slug="brand-new").exists()  # never published: discarding deletes it
