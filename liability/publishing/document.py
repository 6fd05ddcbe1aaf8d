"""The content document: the legal content as plain data, in the content files' format.

One shape serves the YAML files under content/, a published version's JSON, export (the
working copy as data) and content_of (the reasoning's snapshot of that data).
"""

import dataclasses
import hashlib
import json
import typing
from datetime import date
from pathlib import Path

import yaml
from django.db import models
from django.db.models import F

from liability import law
from liability.models import (
    Agency,
    Authority,
    Doctrine,
    DoctrineCitation,
    Jurisdiction,
    LimitationPeriod,
    Myth,
    MythCitation,
    NoticeRule,
    OfficerKind,
    Route,
    RouteCitation,
    RouteDoctrine,
    RuleCitation,
    SuitDeadline,
    Term,
)

from . import schema
from .schema import KINDS

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
# kind -> the prefix of its files (officer kinds and agencies share officers*.yaml)
FILES = {
    "authorities": "authorities",
    "doctrines": "doctrines",
    "jurisdictions": "jurisdictions",
    "notices": "notices",
    "suits": "suits",
    "routes": "routes",
    "myths": "myths",
    "glossary": "glossary",
}


def row_data(item: type[schema.Item], row: models.Model, **linked) -> dict:
    """A row as the schema's item: every column field by its name (a reference by the
    other item's key), and the linked fields as given."""
    data = {}
    for name, field in item.model_fields.items():
        if name in linked:
            data[name] = linked[name]
            continue
        # English by name: the plain attribute of a translated field follows the active language.
        value = getattr(row, english(item, name))
        if ref := schema.ref_of(field):
            value = getattr(value, schema.KINDS[ref.kind]) if value else ""
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        data[name] = value
    return data


def english(item: type[schema.Item], name: str) -> str:
    """The column holding a field's English: `<name>_en` where the field has Spanish beside it."""
    return f"{name}_en" if f"{name}_es" in item.model_fields else name


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _cited(lookup: str, through: type[models.Model]) -> models.Prefetch:
    return models.Prefetch(lookup, through.objects.select_related("authority"))


def _slugs(citations) -> list[str]:
    return [c.authority.slug for c in citations]


ROUTE_PREFETCH = (
    "jurisdictions",
    _cited("routecitation_set", RouteCitation),
    models.Prefetch("routedoctrine_set", RouteDoctrine.objects.select_related("doctrine")),
    "rules__officer_kinds",
    "rules__jurisdictions",
    _cited("rules__rulecitation_set", RuleCitation),
)


def route_data(r: Route) -> dict:
    citations = list(r.routecitation_set.all())
    return row_data(
        schema.Route,
        r,
        first_steps=lines(r.first_steps_en),
        first_steps_es=lines(r.first_steps_es),
        deadline={
            "rule": r.deadline_rule,
            "years": r.deadline_years,
            "note": r.deadline_note_en,
            "note_es": r.deadline_note_es,
            "authorities": _slugs(c for c in citations if c.purpose == RouteCitation.Purpose.DEADLINE),
            "after_denial_months": r.deadline_after_denial_months,
            "from_case_end": r.deadline_from_case_end,
            "minor_note": r.deadline_minor_note_en,
            "minor_note_es": r.deadline_minor_note_es,
        },
        jurisdictions=sorted(j.code for j in r.jurisdictions.all()),
        authorities=_slugs(c for c in citations if c.purpose == RouteCitation.Purpose.ROUTE),
        doctrines=[row_data(schema.RouteDoctrine, link) for link in r.routedoctrine_set.all()],
        rules=[
            row_data(
                schema.Rule,
                rule,
                authorities=_slugs(rule.rulecitation_set.all()),
                officer_kinds=sorted(o.slug for o in rule.officer_kinds.all()),
                jurisdictions=sorted(j.code for j in rule.jurisdictions.all()),
            )
            for rule in r.rules.all()
        ],
    )


def jurisdiction_data(j: Jurisdiction) -> dict:
    return row_data(schema.Jurisdiction, j, periods=[row_data(schema.Period, p) for p in j.periods.all()])


def doctrine_data(d: Doctrine) -> dict:
    return row_data(schema.Doctrine, d, authorities=_slugs(d.doctrinecitation_set.all()))


def myth_data(m: Myth) -> dict:
    return row_data(
        schema.Myth,
        m,
        authorities=_slugs(m.mythcitation_set.all()),
        doctrines=sorted(d.slug for d in m.doctrines.all()),
        jurisdictions=sorted(j.code for j in m.jurisdictions.all()),
    )


# Each kind: its rows (with what its linked fields need, in a few queries), and the data of a row.
ROWS = {
    "authorities": (lambda: Authority.objects.all(), lambda a: row_data(schema.Authority, a)),
    "doctrines": (
        lambda: Doctrine.objects.prefetch_related(_cited("doctrinecitation_set", DoctrineCitation)),
        doctrine_data,
    ),
    "agencies": (lambda: Agency.objects.all(), lambda a: row_data(schema.Agency, a)),
    "officer_kinds": (lambda: OfficerKind.objects.select_related("agency"), lambda o: row_data(schema.OfficerKind, o)),
    "jurisdictions": (
        lambda: Jurisdiction.objects.prefetch_related(
            # An explicit order, the same on every database (NULL sorts differently).
            models.Prefetch("periods", LimitationPeriod.objects.order_by(F("applies_from").asc(nulls_first=True), "id"))
        ),
        jurisdiction_data,
    ),
    "notices": (
        lambda: NoticeRule.objects.select_related("jurisdiction"),
        lambda n: row_data(schema.Notice, n, key=""),
    ),
    "suits": (
        lambda: SuitDeadline.objects.select_related("jurisdiction"),
        lambda n: row_data(schema.Suit, n, key=""),
    ),
    "routes": (lambda: Route.objects.prefetch_related(*ROUTE_PREFETCH), route_data),
    "myths": (
        lambda: Myth.objects.prefetch_related(_cited("mythcitation_set", MythCitation), "doctrines", "jurisdictions"),
        myth_data,
    ),
    "glossary": (lambda: Term.objects.select_related("doctrine"), lambda t: row_data(schema.Term, t)),
}


def export() -> dict[str, list[dict]]:
    """The working copy as plain data, in the schema's shape and order (dates as ISO text).
    Drafts may be unfinished, so only the shape is checked here; publish checks the rest."""
    return schema.dump(
        schema.parse({kind: [data(row) for row in rows()] for kind, (rows, data) in ROWS.items()}, strict=False)
    )


def _law(cls, item, **given):
    """A law.py object from a schema item: every field law.py declares, by the same name
    (lists become tuples or sets as law.py declares them)."""
    values = {}
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in given:
            values[f.name] = given[f.name]
        elif hasattr(item, f.name):
            value = getattr(item, f.name)
            kind = typing.get_origin(hints[f.name]) or hints[f.name]
            if kind in (tuple, frozenset) and isinstance(value, list):
                value = kind(value)
            elif kind is law.Status:
                value = law.Status(value)
            values[f.name] = value
    return cls(**values)


def _prefixed(cls, item, prefix: str):
    """A place's pause for a child or wrongful-death rule, from its `<prefix>_` fields."""
    return cls(**{f.name: getattr(item, f"{prefix}_{f.name}") for f in dataclasses.fields(cls)})


def content_of(data: dict[str, list[dict]]) -> law.Content:
    """The reasoning's snapshot of a published version (or of the working copy)."""
    doc = schema.parse(data, strict=False)
    notices: dict[str, list] = {}
    for n in doc["notices"]:
        notices.setdefault(n.jurisdiction, []).append(_law(law.Notice, n))
    suits: dict[str, list] = {}
    for n in doc["suits"]:
        suits.setdefault(n.jurisdiction, []).append(_law(law.SuitDeadline, n))
    return law.Content(
        routes=tuple(
            _law(
                law.Route,
                r,
                deadline=_law(law.DeadlineRule, r.deadline),
                doctrines=tuple(_law(law.RouteDoctrine, d) for d in r.doctrines),
                rules=tuple(_law(law.Rule, rule) for rule in r.rules),
            )
            for r in doc["routes"]
        ),
        doctrines={d.slug: _law(law.Doctrine, d) for d in doc["doctrines"]},
        authorities={a.slug: _law(law.Authority, a) for a in doc["authorities"]},
        jurisdictions={
            j.code: _law(
                law.Jurisdiction,
                j,
                periods=tuple(_law(law.Period, p) for p in j.periods),
                notices=tuple(notices.get(j.code, ())),
                suits=tuple(suits.get(j.code, ())),
                minor=_prefixed(law.MinorRule, j, "minor") if j.minor_majority is not None else None,
                death=_prefixed(law.DeathRule, j, "death") if j.death_statute else None,
            )
            for j in doc["jurisdictions"]
        },
        officer_kinds={o.slug: _law(law.OfficerKind, o) for o in doc["officer_kinds"]},
        agencies={a.slug: _law(law.Agency, a) for a in doc["agencies"]},
        myths=tuple(_law(law.Myth, m) for m in doc["myths"]),
    )


def read_yaml(path: Path):
    """Safe YAML, with libyaml's C parser where it is installed (ten times faster)."""
    return yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_files(directory: Path) -> dict[str, list[dict]]:
    """The content files as checked data, in the schema's shape: a malformed file raises
    ContentError naming the file, the item and the field."""
    raw: dict[str, list] = {kind: [] for kind in KINDS}
    where: dict[str, str] = {}
    problems = []
    for kind, prefix in [*FILES.items(), ("agencies", "officers"), ("officer_kinds", "officers")]:
        for path in sorted(directory.glob(f"{prefix}*.yaml")):
            try:
                entries = read_yaml(path) or []
            except yaml.YAMLError as error:
                problems.append(f"{path.name}: not valid YAML: {error}")
                continue
            if prefix == "officers" and isinstance(entries, dict):
                entries = entries.get("agencies" if kind == "agencies" else "kinds") or []
            if not isinstance(entries, list):
                problems.append(f"{path.name}: expected a list of {kind.replace('_', ' ')}")
                continue
            raw[kind].extend(entries)
            where[kind] = ", ".join(filter(None, [where.get(kind), path.name]))
    if problems:
        raise schema.ContentError(problems)
    return schema.normalize(raw, where)


def files_fingerprint(directory: Path) -> str:
    """Of the content files as they are on disk: load_content records it so the same files load once."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def document_fingerprint(data: dict[str, list[dict]]) -> str:
    """Of everything published, explanations and glossary included (a result's own version,
    law.Content.result_fingerprint, leaves out what cannot change a result). Pages cached per server
    are keyed with it, so any published change shows at once."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
