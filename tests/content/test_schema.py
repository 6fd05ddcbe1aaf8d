"""The content schema (liability/publishing/schema.py) is the one declaration of the
content's shape: files, import, export, the checks before publishing and the public JSON
all follow it, a malformed file is refused naming the file, the item and the field, and
nothing is written."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liability import publishing
from liability.models import ContentVersion, Doctrine, Route, Rule
from liability.publishing import schema

pytestmark = pytest.mark.django_db

ROUTE = (
    "- slug: x\n  name: X\n  kind: civil\n  decider: you\n  summary: s\n  gets: g\n"
    "  default_status: available\n  default_reason: r\n  authorities: [usc-42-1983]\n"
)


def rows():
    return (Route.objects.count(), Rule.objects.count(), Doctrine.objects.count(), ContentVersion.objects.count())


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (ROUTE.replace("kind: civil", "kind: civill"), ["routes.yaml", "'x'", "field kind", "'civill'"]),
        (ROUTE + "  rules:\n    - status: open\n      reason: r\n", ["routes.yaml", "'x'", "rules[1].status"]),
        (ROUTE + "  rules:\n    - status: available\n      reasn: r\n", ["'x'", "rules[1]", "reasn"]),
        (ROUTE + "  deadline: {rule: fixed, years: two}\n", ["'x'", "field deadline.years"]),
        (ROUTE + "  last_reviewed: yesterday\n", ["'x'", "field last_reviewed"]),
        (ROUTE.replace("  name: X\n", ""), ["'x'", "field name", "Field required"]),
        (ROUTE.replace("usc-42-1983", "no-such-authority"), ["'x'", "field authorities", "'no-such-authority'"]),
        ("- slug: x\n  name: [unclosed\n", ["routes.yaml", "not valid YAML"]),
        ("slug: x\n", ["routes.yaml", "expected a list"]),
    ],
)
def test_a_malformed_file_names_file_item_and_field_and_writes_nothing(tmp_path, text, named):
    (tmp_path / "routes.yaml").write_text(text)
    before = rows()
    with pytest.raises(CommandError) as refused:
        call_command("load_content", "--dir", str(tmp_path), verbosity=0)
    for words in named:
        assert words in str(refused.value)
    assert "nothing was written" in str(refused.value)
    assert rows() == before


def test_every_problem_is_reported_at_once():
    with pytest.raises(schema.ContentError) as refused:
        schema.parse({"doctrines": [{"slug": "a", "name": "A"}, {"slug": "b", "summary": "s", "body": "b"}]}, "d.yaml")
    assert len(refused.value.problems) == 3  # a: summary and body; b: name
    assert all(p.startswith("d.yaml: doctrines '") for p in refused.value.problems)


def test_export_covers_every_schema_field_in_order():
    data = publishing.export()
    for kind, item in schema.SCHEMA.items():
        assert data[kind], kind
        assert list(data[kind][0]) == list(item.model_fields), kind


def test_an_old_version_without_a_later_field_still_loads_diffs_and_restores(publisher):
    """Versions published before a field existed lack it: they read with its default."""
    old = publishing.latest().data
    for route in old["routes"]:
        for rule in route["rules"]:
            if rule["harms_match"] == "any":
                del rule["harms_match"]  # as versions published before migration 0006 were
        del route["last_reviewed"]
    version = ContentVersion.objects.create(number=99, data=old, fingerprint="old", review_note="old shape")
    assert publishing.published()[0]["routes"][0]["rules"][0]["harms_match"] == "any"
    changes = publishing.diff(old, publishing.export())
    assert {(c.kind, f[0]) for c in changes for f in c.fields} == {("routes", "last_reviewed")}
    publishing.restore(version)
    assert Route.objects.filter(last_reviewed__isnull=False).count() == 0


@pytest.fixture
def publisher(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("schema-publisher", password="a-long-password-9", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    return user
