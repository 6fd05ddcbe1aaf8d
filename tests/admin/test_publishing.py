"""Drafts, review and publishing, history and restore, export and import, and the editors'
workflow in the admin: preview, review, stale content, validation and safety (sanitised
Markdown, throttled logins)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from liability import publishing
from liability.models import ContentVersion, Doctrine, Rule
from tests.admin.forms import publish_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user("publisher", password="a-long-password-2", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    return user


def edit_doctrine(user, summary: str) -> Doctrine:
    doctrine = Doctrine.objects.get(slug="qualified-immunity")
    doctrine.summary = summary
    doctrine._history_user = user  # what the admin's middleware records for a request
    doctrine.save()
    return doctrine


def test_the_bundled_content_is_published_once_loaded():
    assert ContentVersion.objects.count() == 1
    assert not publishing.has_drafts()


def test_a_draft_is_invisible_to_the_public_until_published(client, editor, publisher):
    edit_doctrine(editor, "A draft summary nobody has reviewed.")
    assert publishing.has_drafts()
    page = client.get("/guide/doctrines/qualified-immunity/")
    assert "A draft summary nobody has reviewed." not in page.text
    publishing.publish(publisher, "Checked against Pearson v. Callahan.")
    assert "A draft summary nobody has reviewed." in client.get("/guide/doctrines/qualified-immunity/").text


def test_an_editor_cannot_publish_and_nobody_publishes_their_own_change(editor, publisher):
    edit_doctrine(editor, "Editor's words.")
    with pytest.raises(publishing.PublishRefused, match="Only a Publisher"):
        publishing.publish(editor, "note")
    edit_doctrine(publisher, "Publisher's own words.")
    with pytest.raises(publishing.PublishRefused, match="second person"):
        publishing.publish(publisher, "note")


def test_publishing_needs_a_review_note(editor, publisher):
    edit_doctrine(editor, "Words.")
    with pytest.raises(publishing.PublishRefused, match="review note"):
        publishing.publish(publisher, "   ")


def test_superuser_override_is_recorded(django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "a-long-password-3")
    edit_doctrine(boss, "Urgent correction.")
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(boss, "Urgent fix of a wrong deadline.")
    version = publishing.publish(boss, "Urgent fix of a wrong deadline.", override=True)
    assert version.override and version.published_by == boss
    assert version.changes == [
        {"kind": "doctrines", "key": "qualified-immunity", "label": "Qualified immunity", "action": "changed"}
    ]


def test_history_diff_and_restore(editor, publisher):
    first = publishing.latest()
    edit_doctrine(editor, "Second wording.")
    second = publishing.publish(publisher, "Reworded.")
    changes = publishing.diff(first.data, second.data)
    assert [(c.kind, c.key, c.action) for c in changes] == [("doctrines", "qualified-immunity", "changed")]
    field, before, after = changes[0].fields[0]
    assert field == "summary" and after == "Second wording." and before != after
    publishing.restore(first)
    assert publishing.has_drafts()
    assert Doctrine.objects.get(slug="qualified-immunity").summary == before
    assert publishing.latest() == second  # restoring makes drafts; it publishes nothing
    third = publishing.publish(publisher, "Back to the first wording.")
    assert publishing.diff(first.data, third.data) == []


def test_export_then_import_is_lossless(tmp_path, settings):
    call_command("export_content", "--dir", str(tmp_path), verbosity=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "authorities.yaml",
        "doctrines.yaml",
        "glossary.yaml",
        "jurisdictions.yaml",
        "myths.yaml",
        "notices.yaml",
        "officers.yaml",
        "routes.yaml",
        "suits.yaml",
    ]
    exported = publishing.latest().data
    assert publishing.read_files(tmp_path) == exported
    # loading the exported files over a changed working copy gives the same content back
    Doctrine.objects.filter(slug="monell").update(summary="Changed.")
    call_command("load_content", "--dir", str(tmp_path), "--overwrite", verbosity=0)
    assert publishing.export() == exported


def staff_user(django_user_model, name: str, group: str):
    user = django_user_model.objects.create_user(name, password=f"a-long-password-{name}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(staff_user(django_user_model, "eve", "Editor"))
    return client


@pytest.fixture
def publisher_client(django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(staff_user(django_user_model, "pat", "Publisher"))
    return other


def doctrine_form(doctrine: Doctrine, summary: str, delete_citations: bool = False) -> dict:
    """The admin change form for a doctrine, as a browser would post it."""
    citations = list(doctrine.doctrinecitation_set.all())
    form = {
        # The English and the Spanish of each text, as the admin shows them (liability/translation.py).
        "name_en": doctrine.name_en,
        "name_es": doctrine.name_es or "",
        "effect": doctrine.effect,
        "summary_en": summary,
        "summary_es": doctrine.summary_es or "",
        "body_en": doctrine.body_en,
        "body_es": doctrine.body_es or "",
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


def mark_ready(client, kind: str, key: str, comment: str = ""):
    """What an editor's "Mark ready for review" button sends, from the item's change form."""
    return client.post(reverse("admin:liability_ready"), {"kind": kind, "key": key, "comment": comment})


def test_editor_drafts_and_a_second_person_publishes(editor_client, publisher_client, client):
    response = edit_summary_in_admin(editor_client, "heck-bar", "A clearer summary of the Heck rule.")
    assert response.status_code == 302, response.text[:3000]
    assert "A clearer summary" not in client.get("/guide/doctrines/heck-bar/").text  # still a draft
    assert mark_ready(editor_client, "doctrines", "heck-bar").status_code == 302
    page = editor_client.get(reverse("admin:liability_publish"))
    assert "A clearer summary of the Heck rule." in page.text and "eve" in page.text
    assert 'name="review_note"' not in page.text  # an Editor cannot publish
    refused = editor_client.post(
        reverse("admin:liability_publish"), {"review_note": "mine", "items": "doctrines:heck-bar"}
    )
    assert ContentVersion.objects.count() == 1 and refused.status_code == 200
    published = publisher_client.post(
        reverse("admin:liability_publish"),
        publish_form(publisher_client, "Checked against Heck v. Humphrey.") | {"acknowledge": "1"},
    )
    assert published.status_code == 302
    version = publishing.latest()
    assert version.number == 2 and version.published_by.username == "pat"
    assert "A clearer summary of the Heck rule." in client.get("/guide/doctrines/heck-bar/").text


def test_publisher_cannot_publish_own_edit(publisher_client):
    assert edit_summary_in_admin(publisher_client, "heck-bar", "My own words.").status_code == 302
    mark_ready(publisher_client, "doctrines", "heck-bar")
    page = publisher_client.post(
        reverse("admin:liability_publish"),
        publish_form(publisher_client, "Looks right to me.") | {"acknowledge": "1"},
        follow=True,
    )
    assert "second person must review" in page.text
    assert ContentVersion.objects.count() == 1


def test_publish_page_lists_scenarios_that_would_change(editor_client, publisher_client):
    rule = Rule.objects.filter(route__slug="ftca", status="available").first()
    rule.status = "unavailable"
    rule.save()
    mark_ready(editor_client, "routes", "ftca")
    page = publisher_client.get(reverse("admin:liability_publish"))
    assert "Scenarios whose outcome would change" in page.text
    assert "Federal Tort Claims Act" in page.text and "Likely closed" in page.text


def test_version_history_diff_and_restore(editor_client, publisher_client):
    edit_summary_in_admin(editor_client, "heck-bar", "Second wording.")
    mark_ready(editor_client, "doctrines", "heck-bar")
    publisher_client.post(
        reverse("admin:liability_publish"), publish_form(publisher_client, "ok") | {"acknowledge": "1"}
    )
    version = publishing.latest()
    assert version.number == 2
    page = publisher_client.get(reverse("admin:liability_contentversion_change", args=[version.pk]))
    assert "Second wording." in page.text and "<del>" in page.text
    first = ContentVersion.objects.get(number=1)
    restore = publisher_client.post(reverse("admin:liability_restore", args=[1]))
    assert restore.status_code == 302
    assert Doctrine.objects.get(slug="heck-bar").summary == next(
        d["summary"] for d in first.data["doctrines"] if d["slug"] == "heck-bar"
    )
    assert publishing.latest().number == 2  # restored as drafts only


def test_staff_preview_shows_drafts_and_is_marked(editor_client):
    edit_summary_in_admin(editor_client, "supremacy-clause-immunity", "A preview-only summary.")
    answers = "asker=family&employer=immigration&officer=ice&harms=shot&died=yes&place=MN&date=2026-01-07&duty=on&claim=none&wants=money"
    preview = editor_client.get(f"/preview/result/?{answers}")
    assert preview.status_code == 200
    assert "A preview-only summary." in preview.text and "Staff preview" in preview.text
    assert "Save and get a link" not in preview.text
    assert 'action="/preview/check/"' in editor_client.get("/preview/check/").text
    from django.test import Client

    anonymous = Client()
    public = anonymous.get(f"/result/?{answers}")
    assert "A preview-only summary." not in public.text and "Staff preview" not in public.text
    assert anonymous.get("/preview/check/").status_code == 302  # to the admin login


def test_citations_are_required_in_the_admin(editor_client):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    citations = doctrine.doctrinecitation_set.count()
    form = doctrine_form(doctrine, doctrine.summary, delete_citations=True)
    response = editor_client.post(reverse("admin:liability_doctrine_change", args=[doctrine.pk]), form)
    assert response.status_code == 200
    assert "Cite at least one authority" in response.text
    assert doctrine.doctrinecitation_set.count() == citations


def test_reading_grade_is_shown_beside_the_summary(editor_client):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    page = editor_client.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk]))
    assert "Reading grade of the summary" in page.text
    doctrine.summary = (
        "Notwithstanding jurisprudential considerations, constitutional adjudication necessitates "
        "comprehensive evaluation of institutional responsibilities and administrative accountability."
    )
    doctrine.save()
    assert "above grade 9" in editor_client.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk])).text


def test_stale_and_unverified_content_view(publisher_client):
    Doctrine.objects.filter(slug="monell").update(last_reviewed="2020-01-01")
    page = publisher_client.get(reverse("admin:liability_stale"))
    assert page.status_code == 200
    assert "Monell" in page.text
    assert "Authorities not verified" in page.text


def test_markdown_from_staff_cannot_inject_script(client, django_user_model):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    doctrine.body = 'Fine text.\n\n<script>alert(1)</script><img src=x onerror="alert(2)"> [link](javascript:alert(3))'
    doctrine.save()
    publishing.publish(None, "test", source="files")
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


def test_rules_pointing_at_nothing_or_uncited_cannot_be_published(publisher_client):
    from liability.models import OfficerKind, RuleCitation

    rule = Rule.objects.filter(route__slug="section-1983").first()
    RuleCitation.objects.filter(rule=rule).delete()
    publishing.mark_ready(None, ("routes", "section-1983"), "")
    page = publisher_client.get(reverse("admin:liability_publish"))
    assert "cites no authority" in page.text
    with pytest.raises(publishing.PublishRefused, match="cites no authority"):
        publishing.publish(None, "system", source="files")
    # an officer kind that rules name cannot be deleted (it would widen those rules): the
    # delete page says which rules, and deleting is refused
    ice = OfficerKind.objects.get(slug="ice")
    assert ice.rules.exists()
    page = publisher_client.get(reverse("admin:liability_officerkind_delete", args=[ice.pk]))
    assert reverse("admin:liability_rule_change", args=[ice.rules.first().pk]) in page.text
    publisher_client.post(reverse("admin:liability_officerkind_delete", args=[ice.pk]), {"post": "yes"})
    assert OfficerKind.objects.filter(slug="ice").exists()
