"""Drafts, review and publishing, history and restore, export and import."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from liability import publishing
from liability.models import ContentVersion, Doctrine

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
    ]
    exported = publishing.latest().data
    assert publishing.read_files(tmp_path) == exported
    # loading the exported files over a changed working copy gives the same content back
    Doctrine.objects.filter(slug="monell").update(summary="Changed.")
    call_command("load_content", "--dir", str(tmp_path), "--overwrite", verbosity=0)
    assert publishing.export() == exported


def test_a_translated_field_replaces_the_english_one_for_that_language():
    data = {"doctrines": [{"slug": "x", "summary": "In English.", "summary_es": "En español.", "body": "Body."}]}
    assert publishing.localize(data, "es") == {"doctrines": [{"slug": "x", "summary": "En español.", "body": "Body."}]}
    assert publishing.localize({"doctrines": [{"summary": "Only English."}]}, "es") == {
        "doctrines": [{"summary": "Only English."}]
    }
