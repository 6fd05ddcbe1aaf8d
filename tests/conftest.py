from datetime import date

import pytest
from django.core.management import call_command

from liability import flow, law
from liability.questionnaire import Choice

TODAY = date(2026, 11, 27)


def pytest_configure(config):
    """Tests run with DEBUG off but without collectstatic: serve static files by name."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
        "exact": True,
        "case_outcome": "none",
        "wants": frozenset({"money"}),
    } | fields
    return law.Facts(**values)


def make_flow(officers=("ice", "city-police", "unsure"), places=("MN", "TX")):
    return flow.build([Choice(o, o) for o in officers], [Choice(p, p) for p in places])
