"""Content stays as reviewed: the holes of issue 13, each tried the way staff and operators
really act (the admin's own forms, load_content as a deploy runs it)."""

import html
import io
import shutil

import pytest
import yaml
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from modeltranslation.translator import translator

from liability import publishing
from liability.models import ContentVersion, Doctrine, Route, Rule, Share, Term
from tests.admin.forms import publish_form, read_form

pytestmark = pytest.mark.django_db


def staff(django_user_model, name: str, group: str | None = None, **extra):
    user = django_user_model.objects.create_user(name, password=f"a-long-password-{name}", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def eve(django_user_model):
    return staff(django_user_model, "eve", "Editor")


@pytest.fixture
def pat(django_user_model):
    return staff(django_user_model, "pat", "Publisher")


@pytest.fixture
def quinn(django_user_model):
    return staff(django_user_model, "quinn", "Publisher")


def change_url(obj) -> str:
    return reverse(f"admin:liability_{obj._meta.model_name}_change", args=[obj.pk])


def open_form(client, obj) -> dict:
    """GET the admin change page and read its form, as a browser holds it."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    return read_form(page.text, f"{obj._meta.model_name}_form")


def submit(client, obj, form: dict, **changes):
    # A translated text is posted as its English: the admin shows <field>_en and <field>_es.
    options = translator.get_options_for_model(type(obj)) if type(obj) in translator.get_registered_models() else None
    english = set(options.fields) if options else set()
    return client.post(change_url(obj), form | {f"{k}_en" if k in english else k: v for k, v in changes.items()})


def write_files(directory, data: dict) -> None:
    """Content data as content files, the way export_content writes them."""
    files = {prefix: data[kind] for kind, prefix in publishing.FILES.items()}
    files["officers"] = {"agencies": data["agencies"], "kinds": data["officer_kinds"]}
    for prefix, entries in files.items():
        (directory / f"{prefix}.yaml").write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True))


def bundled_with(tmp_path, change=None):
    """The bundled content files, with `change(data)` applied: a deploy with new files."""
    data = publishing.read_files(publishing.CONTENT_DIR)
    if change:
        change(data)
    write_files(tmp_path, data)
    return tmp_path


def new_glossary_line(data):
    data["glossary"][0]["definition"] = "A new definition shipped in the files."


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


# 1. A deploy never publishes over staff.


def test_a_rule_deleted_in_the_admin_stays_deleted_after_a_file_load(django_user_model, pat, tmp_path):
    boss = staff(django_user_model, "boss", is_superuser=True)
    rules = list(Rule.objects.filter(route__slug="ftca"))
    gone = rules[-1]
    deleted = boss.post(reverse("admin:liability_rule_delete", args=[gone.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    version = publishing.publish(pat.user, "The last FTCA rule was wrong; checked.")
    assert version.number == 2

    load("--dir", str(bundled_with(tmp_path, new_glossary_line)))

    assert not Rule.objects.filter(pk=gone.pk).exists()
    assert Rule.objects.filter(route__slug="ftca").count() == len(rules) - 1
    assert publishing.latest().number == 2  # nothing published by nobody
    assert Term.objects.get(slug=publishing.export()["glossary"][0]["slug"]).definition.startswith("A new definition")
    assert [c.key for c in publishing.diff(publishing.latest().data, publishing.export())] == [
        publishing.export()["glossary"][0]["slug"]
    ]


def test_files_arrive_as_drafts_once_staff_have_published(eve, pat, tmp_path):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    assert submit(eve, doctrine, open_form(eve, doctrine), summary="Staff wording.").status_code == 302
    publishing.publish(pat.user, "Checked against Heck v. Humphrey.")
    versions = ContentVersion.objects.count()

    out = load("--dir", str(bundled_with(tmp_path, new_glossary_line)))

    assert ContentVersion.objects.count() == versions
    assert "as drafts" in out
    assert Doctrine.objects.get(slug="heck-bar").summary == "Staff wording."  # the published staff edit stays
    assert not ContentVersion.objects.filter(published_by=None, number__gt=1).exists()


def test_a_staff_draft_is_kept_and_a_reviewer_may_take_the_files_version(eve, pat, tmp_path):
    doctrine = Doctrine.objects.get(slug="monell")
    shipped = doctrine.summary
    submit(eve, doctrine, open_form(eve, doctrine), summary="Eve's draft.")

    def files_change_monell(data):
        next(d for d in data["doctrines"] if d["slug"] == "monell")["summary"] = "The files' new wording."

    out = load("--dir", str(bundled_with(tmp_path, files_change_monell)))
    assert "1 kept" in out
    assert Doctrine.objects.get(slug="monell").summary == "Eve's draft."
    assert shipped != "Eve's draft."

    page = pat.get(reverse("admin:liability_publish"))
    assert "The content files have another version" in page.text and "Monell" in page.text
    taken = pat.post(reverse("admin:liability_take_files"), {"item": "doctrines/monell"})
    assert taken.status_code == 302
    assert Doctrine.objects.get(slug="monell").summary == "The files' new wording."
    assert publishing.latest().number == 1  # still a draft, to review and publish


def test_publish_from_files_is_explicit_and_records_the_operator(tmp_path, eve):
    out = load("--dir", str(bundled_with(tmp_path, new_glossary_line)), "--publish")
    version = publishing.latest()
    assert "Published as version 2" in out
    assert version.number == 2 and version.published_by is None and version.source == "files"
    assert "operator" in version.review_note
    # with a staff draft waiting, publishing from the files is refused: it would publish it unreviewed
    doctrine = Doctrine.objects.get(slug="heck-bar")
    submit(eve, doctrine, open_form(eve, doctrine), summary="Unreviewed words.")
    (tmp_path / "later").mkdir()
    later = bundled_with(tmp_path / "later", lambda d: d["glossary"][1].update(definition="Other."))
    with pytest.raises(CommandError, match="drafts"):
        load("--dir", str(later), "--publish")
    assert publishing.latest().number == 2


def test_import_counts_tell_the_truth(tmp_path):
    shutil.copytree(publishing.CONTENT_DIR, tmp_path / "same")
    (tmp_path / "same" / "glossary.yaml").write_text(
        (tmp_path / "same" / "glossary.yaml").read_text() + "\n# a comment\n"
    )
    out = load("--dir", str(tmp_path / "same"))
    assert "0 created, 0 updated" in out and "unchanged" in out
    rules = list(Rule.objects.values_list("pk", flat=True))
    (tmp_path / "one").mkdir()
    out = load("--dir", str(bundled_with(tmp_path / "one", new_glossary_line)))
    assert "0 created, 1 updated" in out
    assert list(Rule.objects.values_list("pk", flat=True)) == rules  # no rule rewritten


# 2. Every person who changed an item since the last version counts.


def test_a_publisher_cannot_publish_their_own_change_after_someone_else_edited_the_item(pat, eve, quinn):
    rule = Rule.objects.filter(route__slug="ftca").first()
    assert submit(pat, rule, open_form(pat, rule), reason="Pat's unreviewed rule change.").status_code == 302
    route = Route.objects.get(slug="ftca")
    assert submit(eve, route, open_form(eve, route), summary="Eve's clearer summary.").status_code == 302

    refused = pat.post(reverse("admin:liability_publish"), publish_form(pat), follow=True)
    assert "second person must review" in refused.text
    assert publishing.latest().number == 1
    published = quinn.post(reverse("admin:liability_publish"), publish_form(quinn))
    assert published.status_code == 302
    assert publishing.latest().published_by == quinn.user and not publishing.latest().override


def test_every_editor_is_listed_on_the_review_page(pat, eve):
    route = Route.objects.get(slug="ftca")
    submit(pat, route, open_form(pat, route), gets="Pat's words.")
    submit(eve, route, open_form(eve, route), deadline_note="Eve's words.")
    page = pat.get(reverse("admin:liability_publish")).text
    assert "eve" in page and "pat" in page


# 3. Atomic publish and restore; concurrent publishes.


def test_a_failed_restore_changes_nothing(eve, pat, monkeypatch):
    first = publishing.latest()
    doctrine = Doctrine.objects.get(slug="heck-bar")
    submit(eve, doctrine, open_form(eve, doctrine), summary="Second wording.")
    publishing.publish(pat.user, "Reworded.")
    before = publishing.export()

    def cut(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(publishing.Loader, "prune", cut)
    with pytest.raises(ConnectionError):
        publishing.restore(first, pat.user)
    assert publishing.export() == before


def test_two_publishers_at_once_get_a_message_not_a_server_error(eve, pat, quinn, monkeypatch):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    submit(eve, doctrine, open_form(eve, doctrine), summary="Words to publish.")
    pats, quinns = publish_form(pat), publish_form(quinn)
    assert pat.post(reverse("admin:liability_publish"), pats).status_code == 302
    second = quinn.post(reverse("admin:liability_publish"), quinns, follow=True)
    assert second.status_code == 200
    assert "Someone else just published" in second.text
    assert ContentVersion.objects.count() == 2


def test_a_version_number_taken_meanwhile_is_refused_cleanly(eve, pat, monkeypatch):
    from liability.publishing import versions

    doctrine = Doctrine.objects.get(slug="heck-bar")
    submit(eve, doctrine, open_form(eve, doctrine), summary="Words to publish.")
    stale = publishing.latest()
    ContentVersion.objects.create(number=2, data=stale.data, fingerprint="x", review_note="published meanwhile")
    publishing.mark_ready(None, ("doctrines", "heck-bar"), "")
    monkeypatch.setattr(versions, "latest", lambda: stale)  # read before the other publish committed
    form = {"review_note": "mine", "items": "doctrines:heck-bar", "acknowledge": "1"}
    page = pat.post(reverse("admin:liability_publish"), form, follow=True)
    assert page.status_code == 200 and "Someone else just published" in page.text
    assert ContentVersion.objects.count() == 2


# 4. Shares' answers.


def test_only_a_role_with_its_own_permission_reads_shares_answers(client, eve, pat, django_user_model):
    from tests.web.test_share import ICE_FAMILY, dict_pairs

    client.post("/share/", dict_pairs(ICE_FAMILY))
    share = Share.objects.get()
    for nosy in (eve, pat):
        assert nosy.get(reverse("admin:liability_share_changelist")).status_code == 403
        assert nosy.get(reverse("admin:liability_share_change", args=[share.pk])).status_code == 403
        assert "Saved results" not in nosy.get(reverse("admin:index")).text
    reader = staff(django_user_model, "rita", "Share reader")
    assert reader.get(reverse("admin:liability_share_changelist")).status_code == 200
    assert "ice" in reader.get(reverse("admin:liability_share_change", args=[share.pk])).text
    assert Permission.objects.filter(codename="view_share_answers").exists()


# 5. No silent overwrite.


def test_two_staff_editing_different_fields_of_one_route_both_keep_their_edits(eve, pat):
    route = Route.objects.get(slug="ftca")
    eves, pats = open_form(eve, route), open_form(pat, route)
    assert submit(eve, route, eves, gets="Eve's new gets.").status_code == 302
    assert submit(pat, route, pats, deadline_note="Pat's new deadline note.").status_code == 302
    route.refresh_from_db()
    assert route.gets == "Eve's new gets." and route.deadline_note == "Pat's new deadline note."


def test_a_save_over_a_newer_revision_of_the_same_field_is_refused_keeping_the_typed_text(eve, pat):
    route = Route.objects.get(slug="ftca")
    eves, pats = open_form(eve, route), open_form(pat, route)
    assert submit(eve, route, eves, gets="Eve's new gets.").status_code == 302
    refused = submit(pat, route, pats, gets="Pat's competing gets.")
    assert refused.status_code == 200
    page = html.unescape(refused.text)
    assert "eve saved Gets [en] at" in page  # the English of "gets" (its Spanish is Gets [es])
    assert "Pat's competing gets." in page  # the typed text is still in the form
    route.refresh_from_db()
    assert route.gets == "Eve's new gets."


def test_a_stale_form_does_not_undo_another_persons_citation_change(eve, pat):
    from liability.models import Authority

    doctrine = Doctrine.objects.get(slug="heck-bar")
    eves, pats = open_form(eve, doctrine), open_form(pat, doctrine)
    cited = set(doctrine.doctrinecitation_set.values_list("authority_id", flat=True))
    other = Authority.objects.exclude(pk__in=cited).first()
    assert submit(eve, doctrine, eves, **{"doctrinecitation_set-0-authority": str(other.pk)}).status_code == 302
    refused = submit(pat, doctrine, pats, summary="Pat's summary over a stale form.")
    assert refused.status_code == 200
    assert "eve changed these rows" in html.unescape(refused.text)
    assert other.pk in set(doctrine.doctrinecitation_set.values_list("authority_id", flat=True))
    assert Doctrine.objects.get(pk=doctrine.pk).summary != "Pat's summary over a stale form."


def test_a_citation_added_meanwhile_survives_a_stale_save_of_another_field(eve, pat):
    from liability.models import Authority

    doctrine = Doctrine.objects.get(slug="heck-bar")
    eves, pats = open_form(eve, doctrine), open_form(pat, doctrine)
    count = int(eves["doctrinecitation_set-TOTAL_FORMS"])
    other = Authority.objects.exclude(pk__in=doctrine.doctrinecitation_set.values("authority")).first()
    added = {
        "doctrinecitation_set-TOTAL_FORMS": str(count + 1),
        f"doctrinecitation_set-{count}-authority": str(other.pk),
        f"doctrinecitation_set-{count}-doctrine": str(doctrine.pk),
        f"doctrinecitation_set-{count}-order": "9",
    }
    assert submit(eve, doctrine, eves, **added).status_code == 302
    assert submit(pat, doctrine, pats, summary="Pat's summary.").status_code == 302
    assert doctrine.doctrinecitation_set.filter(authority=other).exists()
    assert Doctrine.objects.get(pk=doctrine.pk).summary == "Pat's summary."


def test_a_save_writes_only_the_changed_fields(eve):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    route = Route.objects.get(slug="ftca")
    form = open_form(eve, route)
    with CaptureQueriesContext(connection) as queries:
        assert submit(eve, route, form, summary="Only the summary.").status_code == 302
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "liability_route"')]
    assert updates and all('"gets"' not in sql for sql in updates)


# 6. Publish exactly what was reviewed.


def test_a_late_edit_is_not_published_with_what_was_reviewed(eve, pat, django_user_model):
    doctrine = Doctrine.objects.get(slug="heck-bar")
    submit(eve, doctrine, open_form(eve, doctrine), summary="Reviewed words.")
    reviewed = publish_form(pat)
    # A late edit of the reviewed item: nothing is published, and the page says which.
    submit(eve, doctrine, open_form(eve, doctrine), summary="A late edit nobody reviewed.")
    refused = pat.post(reverse("admin:liability_publish"), reviewed, follow=True)
    assert "changed since you opened this page" in refused.text and "Heck bar" in refused.text
    assert publishing.latest().number == 1
    # A late edit of another item: the reviewed item is published alone (issue 16's selection).
    submit(eve, doctrine, open_form(eve, doctrine), summary="Reviewed words.")
    reviewed = publish_form(pat)
    late = Doctrine.objects.get(slug="monell")
    submit(eve, late, open_form(eve, late), summary="A late edit nobody reviewed.")
    assert pat.post(reverse("admin:liability_publish"), reviewed).status_code == 302
    published = {d["slug"]: d["summary"] for d in publishing.latest().data["doctrines"]}
    assert published["heck-bar"] == "Reviewed words." and "late edit" not in published["monell"]


# 7. Restore.


def test_restore_shows_what_it_will_change_and_keeps_other_peoples_drafts(eve, pat, quinn):
    first = publishing.latest()
    heck = Doctrine.objects.get(slug="heck-bar")
    submit(eve, heck, open_form(eve, heck), summary="Second wording.")
    publishing.publish(pat.user, "Reworded.")
    monell = Doctrine.objects.get(slug="monell")
    submit(eve, monell, open_form(eve, monell), summary="Eve's unpublished draft.")

    preview = quinn.get(reverse("admin:liability_restore", args=[first.number]))
    assert "Second wording." in preview.text  # what it will change
    assert "Monell" in preview.text and "eve" in preview.text  # the drafts it would discard, and whose
    restored = quinn.post(reverse("admin:liability_restore", args=[first.number]), {})
    assert restored.status_code == 302
    assert Doctrine.objects.get(slug="heck-bar").summary == next(
        d["summary"] for d in first.data["doctrines"] if d["slug"] == "heck-bar"
    )
    assert Doctrine.objects.get(slug="monell").summary == "Eve's unpublished draft."  # another's draft is kept


def test_restore_removes_items_added_since_and_keeps_ids_and_history(eve, pat):
    first = publishing.latest()
    route = Route.objects.get(slug="ftca")
    rule_ids = list(route.rules.values_list("pk", flat=True))
    submit(eve, route, open_form(eve, route), summary="A newer summary.")
    term = Term.objects.create(slug="new-term", term="new term", definition="Added after version 1.")
    publishing.publish(pat.user, "Added a term.")
    histories = sum(model.history.count() for model in (Route, Rule, Doctrine, Term))

    publishing.restore(first, pat.user)

    assert not Term.objects.filter(pk=term.pk).exists()
    assert list(route.rules.values_list("pk", flat=True)) == rule_ids
    written = sum(model.history.count() for model in (Route, Rule, Doctrine, Term)) - histories
    assert written == 2  # the route's summary and the removed term, nothing else
    assert publishing.diff(first.data, publishing.export()) == []


def test_the_restoring_publisher_may_publish_a_version_two_people_reviewed_with_a_reason(eve, pat, quinn):
    first_reviewed = publishing.latest()
    heck = Doctrine.objects.get(slug="heck-bar")
    submit(eve, heck, open_form(eve, heck), summary="Eve's wording.")
    reviewed = publishing.publish(pat.user, "Reworded, checked.")  # eve wrote, pat reviewed
    submit(eve, heck, open_form(eve, heck), summary="A worse wording.")
    publishing.publish(pat.user, "Reworded again.")

    publishing.restore(reviewed, quinn.user)
    with pytest.raises(publishing.PublishRefused, match="second person"):
        publishing.publish(quinn.user, "Back to version 2.")
    version = publishing.publish(quinn.user, "Back to version 2.", restored_reason="Version 3 broke the summary.")
    assert version.restored_from == reviewed.number and "Version 3 broke" in version.review_note
    assert first_reviewed.number == 1


def test_a_restore_of_an_unreviewed_version_still_needs_a_second_person(pat, quinn, django_user_model):
    boss = staff(django_user_model, "boss", is_superuser=True)
    heck = Doctrine.objects.get(slug="heck-bar")
    submit(boss, heck, open_form(boss, heck), summary="Boss's own words.")
    overridden = publishing.publish(boss.user, "Urgent.", override=True)
    submit(pat, heck, open_form(pat, heck), summary="Pat's words.")
    publishing.publish(quinn.user, "Checked.")
    publishing.restore(overridden, pat.user)
    with pytest.raises(publishing.PublishRefused, match="second person"):
        publishing.publish(pat.user, "Back.", restored_reason="Because.")
