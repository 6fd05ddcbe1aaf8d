"""The bundled content: loads idempotently, keeps staff edits, and is complete and cited."""

import pytest
import yaml
from django.core.management import call_command

from liability.models import (
    Authority,
    Doctrine,
    Jurisdiction,
    OfficerKind,
    Route,
    Rule,
    RuleCitation,
)

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Authority, Doctrine, Jurisdiction, OfficerKind, Route, Rule)}


def test_loading_twice_changes_nothing():
    before = counts()
    names = dict(Route.objects.values_list("slug", "name"))
    call_command("load_content", verbosity=0)
    call_command("load_content", "--overwrite", verbosity=0)
    assert counts() == before
    assert dict(Route.objects.values_list("slug", "name")) == names


def test_staff_drafts_survive_new_files_unless_overwritten(tmp_path, django_user_model):
    from liability import publishing

    editor = django_user_model.objects.create_user("ed", password="a-long-password-7", is_staff=True)
    heck = Doctrine.objects.get(slug="heck-bar")
    heck.summary, heck._history_user = "Staff wording.", editor  # what an admin save records
    heck.save()
    data = publishing.read_files(publishing.CONTENT_DIR)
    for doctrine in data["doctrines"]:
        if doctrine["slug"] in ("heck-bar", "monell"):
            doctrine["summary"] = "The files' new wording."
    files = tmp_path / "files"
    files.mkdir()
    (files / "doctrines.yaml").write_text(yaml.safe_dump(data["doctrines"]))
    for kind, prefix in publishing.FILES.items():
        if kind != "doctrines":
            (files / f"{prefix}.yaml").write_text(yaml.safe_dump(data[kind]))
    (files / "officers.yaml").write_text(yaml.safe_dump({"agencies": data["agencies"], "kinds": data["officer_kinds"]}))

    call_command("load_content", "--dir", str(files), verbosity=0)
    assert Doctrine.objects.get(slug="heck-bar").summary == "Staff wording."  # a person's draft stays
    assert Doctrine.objects.get(slug="monell").summary == "The files' new wording."  # nobody's: the files' draft
    call_command("load_content", "--dir", str(files), "--overwrite", verbosity=0)
    assert Doctrine.objects.get(slug="heck-bar").summary == "The files' new wording."


def test_bad_reference_is_refused_before_anything_is_written(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "routes.yaml").write_text(
        "- slug: x\n  name: X\n  kind: civil\n  decider: you\n  summary: s\n  gets: g\n"
        "  default_status: available\n  default_reason: r\n  authorities: [no-such-authority]\n"
    )
    before = counts()
    with pytest.raises(CommandError, match="no-such-authority"):
        call_command("load_content", "--dir", str(tmp_path), verbosity=0)
    assert counts() == before


def test_required_content_is_present():
    routes = set(Route.objects.values_list("slug", flat=True))
    assert {
        "ftca",
        "bivens",
        "section-1983",
        "city-liability",
        "state-tort",
        "federal-prosecution-242",
        "state-prosecution-local",
        "state-prosecution-federal",
        "oversight-complaint",
    } <= routes
    doctrines = set(Doctrine.objects.values_list("slug", flat=True))
    assert {
        "qualified-immunity",
        "absolute-immunity",
        "supremacy-clause-immunity",
        "sovereign-immunity",
        "westfall-act",
        "ftca-exceptions",
        "bivens-new-context",
        "monell",
        "heck-bar",
    } <= doctrines
    assert Jurisdiction.objects.count() >= 51
    levels = set(OfficerKind.objects.values_list("level", flat=True))
    assert levels == {"federal", "state", "local", "hybrid", "unsure"}


def test_every_statement_has_a_citation():
    for route in Route.objects.prefetch_related("authorities"):
        assert route.authorities.exists(), route.slug
    for doctrine in Doctrine.objects.all():
        assert doctrine.authorities.exists(), doctrine.slug
    uncited = Rule.objects.exclude(pk__in=RuleCitation.objects.values("rule"))
    assert not uncited.exists(), [str(r) for r in uncited]
    for authority in Authority.objects.all():
        assert authority.url.startswith("https://") or authority.url.startswith("http://"), authority.slug


def test_every_jurisdiction_has_a_period_with_a_source():
    for place in Jurisdiction.objects.prefetch_related("periods"):
        periods = list(place.periods.all())
        assert periods, place.code
        assert all(p.source and p.statute and p.years for p in periods), place.code
