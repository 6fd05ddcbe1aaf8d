"""The editors' workflow in the admin: preview, review and publish, history, stale
content, validation, and safety (sanitised Markdown, throttled logins)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from liability import publishing
from liability.models import ContentVersion, Doctrine, Rule

pytestmark = pytest.mark.django_db


def staff_user(django_user_model, name: str, group: str):
    user = django_user_model.objects.create_user(name, password=f"a-long-password-{name}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(staff_user(django_user_model, "eve", "Editor"))
    return client


@pytest.fixture
def publisher(django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(staff_user(django_user_model, "pat", "Publisher"))
    return other


def doctrine_form(doctrine: Doctrine, summary: str, delete_citations: bool = False) -> dict:
    """The admin change form for a doctrine, as a browser would post it."""
    citations = list(doctrine.doctrinecitation_set.all())
    form = {
        "name": doctrine.name,
        "effect": doctrine.effect,
        "summary": summary,
        "body": doctrine.body,
        "verified": "on" if doctrine.verified else "",
        "last_reviewed": "2026-11-27",
        "doctrinecitation_set-TOTAL_FORMS": str(len(citations)),
        "doctrinecitation_set-INITIAL_FORMS": str(len(citations)),
        "doctrinecitation_set-MIN_NUM_FORMS": "1",
        "doctrinecitation_set-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(citations):
        form |= {
            f"doctrinecitation_set-{i}-id": str(c.pk),
            f"doctrinecitation_set-{i}-doctrine": str(doctrine.pk),
            f"doctrinecitation_set-{i}-authority": str(c.authority_id),
            f"doctrinecitation_set-{i}-order": str(c.order),
        }
        if delete_citations:
            form[f"doctrinecitation_set-{i}-DELETE"] = "on"
    return form


def edit_summary_in_admin(client, slug: str, summary: str):
    doctrine = Doctrine.objects.get(slug=slug)
    return client.post(reverse("admin:liability_doctrine_change", args=[doctrine.pk]), doctrine_form(doctrine, summary))


def test_editor_drafts_and_a_second_person_publishes(editor, publisher, client):
    response = edit_summary_in_admin(editor, "heck-bar", "A clearer summary of the Heck rule.")
    assert response.status_code == 302, response.text[:3000]
    assert "A clearer summary" not in client.get("/guide/doctrines/heck-bar/").text  # still a draft
    page = editor.get(reverse("admin:liability_publish"))
    assert "A clearer summary of the Heck rule." in page.text and "eve" in page.text
    assert 'name="review_note"' not in page.text  # an Editor cannot publish
    refused = editor.post(reverse("admin:liability_publish"), {"review_note": "mine"})
    assert ContentVersion.objects.count() == 1 and refused.status_code == 200
    published = publisher.post(reverse("admin:liability_publish"), {"review_note": "Checked against Heck v. Humphrey."})
    assert published.status_code == 302
    version = publishing.latest()
    assert version.number == 2 and version.published_by.username == "pat"
    assert "A clearer summary of the Heck rule." in client.get("/guide/doctrines/heck-bar/").text


def test_publisher_cannot_publish_own_edit(publisher):
    assert edit_summary_in_admin(publisher, "heck-bar", "My own words.").status_code == 302
    page = publisher.post(reverse("admin:liability_publish"), {"review_note": "Looks right to me."}, follow=True)
    assert "second person must review" in page.text
    assert ContentVersion.objects.count() == 1


def test_publish_page_lists_scenarios_that_would_change(editor, publisher):
    rule = Rule.objects.filter(route__slug="ftca", status="available").first()
    rule.status = "unavailable"
    rule.save()
    page = publisher.get(reverse("admin:liability_publish"))
    assert "Scenarios whose outcome would change" in page.text
    assert "ftca" in page.text and "unavailable" in page.text


def test_version_history_diff_and_restore(editor, publisher):
    edit_summary_in_admin(editor, "heck-bar", "Second wording.")
    publisher.post(reverse("admin:liability_publish"), {"review_note": "ok"})
    version = publishing.latest()
    page = publisher.get(reverse("admin:liability_contentversion_change", args=[version.pk]))
    assert "Second wording." in page.text and "<del>" in page.text
    first = ContentVersion.objects.get(number=1)
    restore = publisher.post(reverse("admin:liability_restore", args=[1]))
    assert restore.status_code == 302
    assert Doctrine.objects.get(slug="heck-bar").summary == next(
        d["summary"] for d in first.data["doctrines"] if d["slug"] == "heck-bar"
    )
    assert publishing.latest().number == 2  # restored as drafts only


def test_staff_preview_shows_drafts_and_is_marked(editor):
    edit_summary_in_admin(editor, "supremacy-clause-immunity", "A preview-only summary.")
    answers = "officer=ice&harms=shot&died=yes&asker=family&place=MN&date=2026-01-07&wants=money"
    preview = editor.get(f"/preview/result/?{answers}")
    assert preview.status_code == 200
    assert "A preview-only summary." in preview.text and "Staff preview" in preview.text
    assert "Save and get a link" not in preview.text
    assert 'action="/preview/check/"' in editor.get("/preview/check/").text
    from django.test import Client

    anonymous = Client()
    public = anonymous.get(f"/result/?{answers}")
    assert "A preview-only summary." not in public.text and "Staff preview" not in public.text
    assert anonymous.get("/preview/check/").status_code == 302  # to the admin login


def test_citations_are_required_in_the_admin(editor):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    citations = doctrine.doctrinecitation_set.count()
    form = doctrine_form(doctrine, doctrine.summary, delete_citations=True)
    response = editor.post(reverse("admin:liability_doctrine_change", args=[doctrine.pk]), form)
    assert response.status_code == 200
    assert "Cite at least one authority" in response.text
    assert doctrine.doctrinecitation_set.count() == citations


def test_reading_grade_is_shown_beside_the_summary(editor):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    page = editor.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk]))
    assert "Reading grade of the summary" in page.text
    doctrine.summary = (
        "Notwithstanding jurisprudential considerations, constitutional adjudication necessitates "
        "comprehensive evaluation of institutional responsibilities and administrative accountability."
    )
    doctrine.save()
    assert "above grade 9" in editor.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk])).text


def test_stale_and_unverified_content_view(publisher):
    Doctrine.objects.filter(slug="monell").update(last_reviewed="2020-01-01")
    page = publisher.get(reverse("admin:liability_stale"))
    assert page.status_code == 200
    assert "Monell" in page.text
    assert "Authorities not verified" in page.text


def test_markdown_from_staff_cannot_inject_script(client, django_user_model):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    doctrine.body = 'Fine text.\n\n<script>alert(1)</script><img src=x onerror="alert(2)"> [link](javascript:alert(3))'
    doctrine.save()
    publishing.publish(None, "test")
    html = client.get("/guide/doctrines/heck-bar/").text
    assert "Fine text." in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


def test_admin_logins_are_throttled(client, django_user_model):
    django_user_model.objects.create_user("target", password="the-right-password-1", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/?next=/admin/", {"username": "target", "password": "wrong"})
    locked = client.post("/admin/login/?next=/admin/", {"username": "target", "password": "the-right-password-1"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_rules_pointing_at_nothing_or_uncited_cannot_be_published(publisher):
    from liability.models import OfficerKind, RuleCitation

    rule = Rule.objects.filter(route__slug="section-1983").first()
    RuleCitation.objects.filter(rule=rule).delete()
    page = publisher.get(reverse("admin:liability_publish"))
    assert "cites no authority" in page.text
    with pytest.raises(publishing.PublishRefused, match="cites no authority"):
        publishing.publish(None, "system")
    # an officer kind that rules name cannot be deleted (it would widen those rules)
    ice = OfficerKind.objects.get(slug="ice")
    assert ice.rules.exists()
    assert publisher.get(reverse("admin:liability_officerkind_delete", args=[ice.pk])).status_code == 403
