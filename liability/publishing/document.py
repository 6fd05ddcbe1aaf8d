"""The content document: the legal content as plain data, in the content files' format.

One shape serves the YAML files under content/, a published version's JSON, export (the
working copy as data) and content_of (the reasoning's snapshot of that data).
"""

import hashlib
import json
from datetime import date
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
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

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
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

# The kinds of content, in load order, with the key that names an item of each.
KINDS = {
    "authorities": "slug",
    "doctrines": "slug",
    "agencies": "slug",
    "officer_kinds": "slug",
    "jurisdictions": "code",
    "notices": "key",
    "suits": "key",
    "routes": "slug",
    "myths": "slug",
    "glossary": "slug",
}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _cited(lookup: str, through: type[models.Model]) -> models.Prefetch:
    return models.Prefetch(lookup, through.objects.select_related("authority"))


def export() -> dict[str, list[dict]]:
    """The working copy as plain data, in the content files' format (dates as ISO text)."""
    return {
        "authorities": [
            {
                "slug": a.slug,
                "kind": a.kind,
                "title": a.title,
                "citation": a.citation,
                "url": a.url,
                "verified": a.verified,
                "note": a.note,
                "last_reviewed": _day(a.last_reviewed),
            }
            for a in Authority.objects.order_by("slug")
        ],
        "doctrines": [
            {
                "slug": d.slug,
                "name": d.name,
                "effect": d.effect,
                "summary": d.summary,
                "body": d.body,
                "authorities": [c.authority.slug for c in d.doctrinecitation_set.all()],
                "verified": d.verified,
                "last_reviewed": _day(d.last_reviewed),
            }
            for d in Doctrine.objects.order_by("slug").prefetch_related(
                _cited("doctrinecitation_set", DoctrineCitation)
            )
        ],
        "agencies": [
            {
                "slug": a.slug,
                "name": a.name,
                "department": a.department,
                "complaint_name": a.complaint_name,
                "complaint_url": a.complaint_url,
                "claims_office": a.claims_office,
                "claims_url": a.claims_url,
                "verified": a.verified,
            }
            for a in Agency.objects.order_by("slug")
        ],
        "officer_kinds": [
            {
                "slug": o.slug,
                "name": o.name,
                "level": o.level,
                "group": o.group,
                "hint": o.hint,
                "agency": o.agency.slug if o.agency else "",
                "order": o.order,
            }
            for o in OfficerKind.objects.order_by("order", "slug").select_related("agency")
        ],
        "jurisdictions": [
            {
                "code": j.code,
                "name": j.name,
                "kind": j.kind,
                "notes": j.notes,
                "periods": [
                    {
                        "years": p.years,
                        "statute": p.statute,
                        "source": p.source,
                        "applies_from": _day(p.applies_from),
                        "applies_until": _day(p.applies_until),
                        "verified": p.verified,
                        "note": p.note,
                    }
                    for p in j.periods.all()
                ],
                "minor": _nested(j, "minor", ("majority", "years", "limit")),
                "death": _nested(j, "death", ("years", "who")),
                "last_reviewed": _day(j.last_reviewed),
            }
            for j in Jurisdiction.objects.order_by("code").prefetch_related(
                # An explicit order, the same on every database (NULL sorts differently).
                models.Prefetch("periods", LimitationPeriod.objects.order_by(F("applies_from").asc(nulls_first=True)))
            )
        ],
        "notices": [
            {
                "key": f"{j.code}-{n.covers}-{n.days}",
                "jurisdiction": j.code,
                "covers": n.covers,
                "days": n.days,
                "statute": n.statute,
                "source": n.source,
                "verified": n.verified,
                "note": n.note,
            }
            for j in Jurisdiction.objects.order_by("code").prefetch_related(
                models.Prefetch("notice_rules", NoticeRule.objects.order_by("days", "covers", "statute"))
            )
            for n in j.notice_rules.all()
        ],
        "suits": [
            {
                "key": f"{j.code}-{n.covers}-{n.counts_from}-{n.years or 0}y{n.months or 0}m",
                "jurisdiction": j.code,
                "covers": n.covers,
                "counts_from": n.counts_from,
                "years": n.years,
                "months": n.months,
                "statute": n.statute,
                "source": n.source,
                "verified": n.verified,
                "note": n.note,
            }
            for j in Jurisdiction.objects.order_by("code").prefetch_related(
                models.Prefetch("suit_deadlines", SuitDeadline.objects.order_by("covers", "counts_from", "statute"))
            )
            for n in j.suit_deadlines.all()
        ],
        "routes": [_route(r) for r in Route.objects.order_by("order", "slug").prefetch_related(*ROUTE_PREFETCH)],
        "myths": [
            {
                "slug": m.slug,
                "question": m.question,
                "answer": m.answer,
                "body": m.body,
                "authorities": [c.authority.slug for c in m.mythcitation_set.all()],
                "doctrines": sorted(d.slug for d in m.doctrines.all()),
                "order": m.order,
                "verified": m.verified,
                "last_reviewed": _day(m.last_reviewed),
            }
            for m in Myth.objects.order_by("order", "slug").prefetch_related(
                _cited("mythcitation_set", MythCitation), "doctrines"
            )
        ],
        "glossary": [
            {
                "slug": t.slug,
                "term": t.term,
                "definition": t.definition,
                "doctrine": t.doctrine.slug if t.doctrine else "",
            }
            for t in Term.objects.order_by("slug").select_related("doctrine")
        ],
    }


ROUTE_PREFETCH = (
    "jurisdictions",
    _cited("routecitation_set", RouteCitation),
    models.Prefetch("routedoctrine_set", RouteDoctrine.objects.select_related("doctrine")),
    "rules__officer_kinds",
    "rules__jurisdictions",
    _cited("rules__rulecitation_set", RuleCitation),
)


def _route(r: Route) -> dict:
    citations = list(r.routecitation_set.all())
    return {
        "slug": r.slug,
        "name": r.name,
        "kind": r.kind,
        "decider": r.decider,
        "remedies": list(r.remedies),
        "summary": r.summary,
        "gets": r.gets,
        "first_steps": [line.strip() for line in r.first_steps.splitlines() if line.strip()],
        "deadline": {
            "rule": r.deadline_rule,
            "years": r.deadline_years,
            "note": r.deadline_note,
            "authorities": [c.authority.slug for c in citations if c.purpose == RouteCitation.Purpose.DEADLINE],
            "after_denial_months": r.deadline_after_denial_months,
            "from_case_end": r.deadline_from_case_end,
            "minor_note": r.deadline_minor_note,
        },
        "jurisdictions": sorted(j.code for j in r.jurisdictions.all()),
        "default_status": r.default_status,
        "default_reason": r.default_reason,
        "authorities": [c.authority.slug for c in citations if c.purpose == RouteCitation.Purpose.ROUTE],
        "doctrines": [{"doctrine": d.doctrine.slug, "effect": d.effect} for d in r.routedoctrine_set.all()],
        "rules": [
            {
                "status": rule.status,
                "reason": rule.reason,
                "authorities": [c.authority.slug for c in rule.rulecitation_set.all()],
                "officer_levels": list(rule.officer_levels),
                "officer_kinds": sorted(o.slug for o in rule.officer_kinds.all()),
                "harms": list(rule.harms),
                "harms_match": rule.harms_match,
                "jurisdictions": sorted(j.code for j in rule.jurisdictions.all()),
                "case_outcomes": list(rule.case_outcomes),
                "died": rule.died,
                "askers": list(rule.askers),
                "incident_from": _day(rule.incident_from),
                "incident_until": _day(rule.incident_until),
                "duty": list(rule.duty),
                "custody": list(rule.custody),
            }
            for rule in r.rules.all()
        ],
        "order": r.order,
        "verified": r.verified,
        "last_reviewed": _day(r.last_reviewed),
    }


def _nested(place: Jurisdiction, prefix: str, numbers: tuple[str, ...]) -> dict | None:
    """A place's pause for a child or its wrongful-death rule, or None if it has none."""
    fields = {name: getattr(place, f"{prefix}_{name}") for name in (*numbers, "statute", "source", "verified", "note")}
    return fields if fields["statute"] else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def content_of(data: dict[str, list[dict]]) -> law.Content:
    """The reasoning's snapshot of a published version (or of the working copy)."""
    return law.Content(
        routes=tuple(
            law.Route(
                slug=r["slug"],
                name=r["name"],
                kind=r["kind"],
                decider=r["decider"],
                remedies=tuple(r["remedies"]),
                summary=r["summary"],
                gets=r["gets"],
                first_steps=tuple(r["first_steps"]),
                deadline=law.DeadlineRule(
                    r["deadline"]["rule"],
                    r["deadline"]["years"],
                    r["deadline"]["note"],
                    tuple(r["deadline"]["authorities"]),
                    r["deadline"].get("after_denial_months"),
                    bool(r["deadline"].get("from_case_end")),
                    (r["deadline"].get("minor_note") or "").strip(),
                ),
                default_status=law.Status(r["default_status"]),
                default_reason=r["default_reason"],
                authorities=tuple(r["authorities"]),
                doctrines=tuple(law.RouteDoctrine(d["doctrine"], d["effect"]) for d in r["doctrines"]),
                rules=tuple(
                    law.Rule(
                        status=law.Status(rule["status"]),
                        reason=rule["reason"],
                        authorities=tuple(rule["authorities"]),
                        officer_levels=frozenset(rule["officer_levels"]),
                        officer_kinds=frozenset(rule["officer_kinds"]),
                        harms=frozenset(rule["harms"]),
                        harms_match=rule.get("harms_match", "any"),
                        jurisdictions=frozenset(rule["jurisdictions"]),
                        case_outcomes=frozenset(rule["case_outcomes"]),
                        died=rule["died"],
                        askers=frozenset(rule["askers"]),
                        incident_from=_date(rule["incident_from"]),
                        incident_until=_date(rule["incident_until"]),
                        duty=frozenset(rule.get("duty") or ()),
                        custody=frozenset(rule.get("custody") or ()),
                    )
                    for rule in r["rules"]
                ),
                jurisdictions=frozenset(r["jurisdictions"]),
                order=r["order"],
                verified=r["verified"],
            )
            for r in data["routes"]
        ),
        doctrines={
            d["slug"]: law.Doctrine(
                d["slug"], d["name"], d["effect"], d["summary"], d["verified"], tuple(d["authorities"])
            )
            for d in data["doctrines"]
        },
        authorities={
            a["slug"]: law.Authority(a["slug"], a["kind"], a["title"], a["citation"], a["url"], a["verified"])
            for a in data["authorities"]
        },
        jurisdictions={
            j["code"]: law.Jurisdiction(
                j["code"],
                j["name"],
                tuple(
                    law.Period(
                        p["years"],
                        p["statute"],
                        p["source"],
                        p["verified"],
                        _date(p["applies_from"]),
                        _date(p["applies_until"]),
                        p["note"],
                    )
                    for p in j["periods"]
                ),
                tuple(
                    law.Notice(n["days"], n["covers"], n["statute"], n["source"], n["verified"], n["note"])
                    for n in data["notices"]
                    if n["jurisdiction"] == j["code"]
                ),
                tuple(
                    law.SuitDeadline(
                        n["covers"],
                        n.get("counts_from") or "incident",
                        n.get("years"),
                        n.get("months"),
                        n["statute"],
                        n.get("source") or "",
                        bool(n.get("verified")),
                        (n.get("note") or "").strip(),
                    )
                    for n in data.get("suits", [])
                    if n["jurisdiction"] == j["code"]
                ),
                _minor(j.get("minor")),
                _death(j.get("death")),
            )
            for j in data["jurisdictions"]
        },
        officer_kinds={
            o["slug"]: law.OfficerKind(o["slug"], o["name"], o["level"], o["group"], o["hint"], o["agency"])
            for o in data["officer_kinds"]
        },
        agencies={
            a["slug"]: law.Agency(
                a["slug"],
                a["name"],
                a["department"],
                a["complaint_name"],
                a["complaint_url"],
                a["claims_office"],
                a["claims_url"],
                a["verified"],
            )
            for a in data["agencies"]
        },
    )


def read_yaml(path: Path):
    """Safe YAML, with libyaml's C parser where it is installed (ten times faster)."""
    return yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_files(directory: Path) -> dict[str, list[dict]]:
    """The content files as data, in the shape export() produces."""
    data: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for kind, prefix in FILES.items():
        for path in sorted(directory.glob(f"{prefix}*.yaml")):
            entries = read_yaml(path) or []
            if not isinstance(entries, list):
                raise ValidationError(f"{path.name}: expected a list of entries")
            data[kind].extend(entries)
    for path in sorted(directory.glob("officers*.yaml")):
        part = read_yaml(path) or {}
        data["agencies"].extend(part.get("agencies", []))
        data["officer_kinds"].extend(part.get("kinds", []))
    return data


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


def _minor(spec: dict | None) -> law.MinorRule | None:
    if not spec or spec.get("majority") is None:
        return None
    return law.MinorRule(
        spec["majority"],
        spec.get("years"),
        spec["statute"],
        spec.get("source") or "",
        bool(spec.get("verified")),
        (spec.get("note") or "").strip(),
        spec.get("limit"),
    )


def _death(spec: dict | None) -> law.DeathRule | None:
    if not spec or not spec.get("statute"):
        return None
    return law.DeathRule(
        spec.get("years"),
        (spec.get("who") or "").strip(),
        spec["statute"],
        spec.get("source") or "",
        bool(spec.get("verified")),
        (spec.get("note") or "").strip(),
    )
