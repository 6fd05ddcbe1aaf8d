"""Drafts and published versions of the legal content.

The content tables are the editors' working copy: every edit in the admin is a draft.
Publishing freezes the whole working copy into a ContentVersion (the same data as the
YAML files under content/, as JSON), reviewed by a second person. The public site reads
only the latest published version, so a draft is invisible until it is published, and
each published version can be compared with another or restored as a new draft.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import get_language

from . import flow, law
from .models import (
    Agency,
    Authority,
    ContentVersion,
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
    Rule,
    RuleCitation,
    Term,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# Which files hold which kind: every file whose name starts with the prefix is read.
FILES = {
    "authorities": "authorities",
    "doctrines": "doctrines",
    "jurisdictions": "jurisdictions",
    "notices": "notices",
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
            }
            for rule in r.rules.all()
        ],
        "order": r.order,
        "verified": r.verified,
        "last_reviewed": _day(r.last_reviewed),
    }


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


@dataclass(frozen=True)
class Change:
    """One item that differs between two versions, field by field."""

    kind: str
    key: str
    label: str
    action: str  # added | removed | changed
    fields: tuple[tuple[str, object, object], ...]  # (field, before, after)


def diff(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> list[Change]:
    changes = []
    for kind, key in KINDS.items():
        old = {item[key]: item for item in before.get(kind, [])}
        new = {item[key]: item for item in after.get(kind, [])}
        for name in sorted(old.keys() | new.keys()):
            a, b = old.get(name), new.get(name)
            if a == b:
                continue
            action = "added" if a is None else "removed" if b is None else "changed"
            fields = tuple(
                (field, (a or {}).get(field), (b or {}).get(field))
                for field in dict.fromkeys([*(a or {}), *(b or {})])
                if (a or {}).get(field) != (b or {}).get(field)
            )
            label = (
                (b or a).get("name")
                or (b or a).get("title")
                or (b or a).get("question")
                or (b or a).get("term")
                or name
            )
            changes.append(Change(kind, name, str(label), action, fields))
    return changes


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


def fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Loader:
    def __init__(self, overwrite: bool):
        self.overwrite = overwrite
        self.counts = {"created": 0, "updated": 0, "kept": 0}

    def upsert(self, model, key: dict, fields: dict):
        """Create, update, or keep a staff-edited row; returns (row, written)."""
        row = model.objects.filter(**key).first()
        if row is None:
            self.counts["created"] += 1
            return model.objects.create(**key, **fields), True
        if row.staff_edited_at and not self.overwrite:
            self.counts["kept"] += 1
            return row, False
        changed = any(getattr(row, name) != value for name, value in fields.items())
        for name, value in fields.items():
            setattr(row, name, value)
        row.staff_edited_at = None
        row.save()
        self.counts["updated" if changed else "kept"] += 1
        return row, True

    def load(self, data: dict[str, list[dict]]) -> None:
        authorities = {}
        for entry in self.unique(data["authorities"], "slug", "authorities"):
            authorities[entry["slug"]], _ = self.upsert(
                Authority,
                {"slug": entry["slug"]},
                {
                    "kind": entry["kind"],
                    "title": entry["title"],
                    "citation": entry["citation"],
                    "url": entry["url"],
                    "verified": bool(entry.get("verified", False)),
                    "note": entry.get("note") or "",
                    "last_reviewed": entry.get("last_reviewed"),
                },
            )
        doctrines = {}
        for entry in self.unique(data["doctrines"], "slug", "doctrines"):
            doctrine, written = self.upsert(
                Doctrine,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "effect": entry.get("effect", "depends"),
                    "summary": entry["summary"].strip(),
                    "body": entry["body"].strip(),
                    "verified": bool(entry.get("verified", False)),
                    "last_reviewed": entry.get("last_reviewed"),
                },
            )
            doctrines[entry["slug"]] = doctrine
            if written:
                doctrine.doctrinecitation_set.all().delete()
                for order, slug in enumerate(entry.get("authorities", [])):
                    DoctrineCitation.objects.create(
                        doctrine=doctrine, authority=self.ref(authorities, slug, entry), order=order
                    )
        agencies = {}
        for entry in self.unique(data["agencies"], "slug", "agencies"):
            agencies[entry["slug"]], _ = self.upsert(
                Agency,
                {"slug": entry["slug"]},
                {
                    name: entry.get(name) or ""
                    for name in ("name", "department", "complaint_name", "complaint_url", "claims_office", "claims_url")
                }
                | {"verified": bool(entry.get("verified", False))},
            )
        officers = {}
        for entry in self.unique(data["officer_kinds"], "slug", "officer kinds"):
            officers[entry["slug"]], _ = self.upsert(
                OfficerKind,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "level": entry["level"],
                    "group": entry.get("group") or entry["level"],
                    "hint": entry.get("hint") or "",
                    "agency": self.ref(agencies, entry["agency"], entry) if entry.get("agency") else None,
                    "order": entry.get("order", 0),
                },
            )
        places = {}
        for entry in self.unique(data["jurisdictions"], "code", "jurisdictions"):
            place, written = self.upsert(
                Jurisdiction,
                {"code": entry["code"]},
                {
                    "name": entry["name"],
                    "kind": entry.get("kind", "state"),
                    "notes": (entry.get("notes") or "").strip(),
                    "last_reviewed": entry.get("last_reviewed"),
                },
            )
            places[entry["code"]] = place
            if written:
                place.periods.all().delete()
                for period in entry.get("periods", []):
                    LimitationPeriod.objects.create(
                        jurisdiction=place,
                        years=period["years"],
                        statute=period["statute"],
                        source=period["source"],
                        applies_from=period.get("applies_from"),
                        applies_until=period.get("applies_until"),
                        verified=bool(period.get("verified", False)),
                        note=period.get("note") or "",
                    )
        notices: dict[str, list] = {}
        for entry in data["notices"]:
            notices.setdefault(self.ref(places, entry["jurisdiction"], entry).code, []).append(entry)
        for code, entries in notices.items():
            place = places[code]
            if place.staff_edited_at and not self.overwrite:
                continue
            place.notice_rules.all().delete()
            for entry in entries:
                NoticeRule.objects.create(
                    jurisdiction=place,
                    covers=entry.get("covers", "all"),
                    days=entry["days"],
                    statute=entry["statute"],
                    source=entry["source"],
                    verified=bool(entry.get("verified", False)),
                    note=(entry.get("note") or "").strip(),
                )
        for order, entry in enumerate(self.unique(data["routes"], "slug", "routes")):
            self.load_route(entry, order, authorities, doctrines, officers, places)
        for order, entry in enumerate(self.unique(data["myths"], "slug", "myths")):
            myth, written = self.upsert(
                Myth,
                {"slug": entry["slug"]},
                {
                    "question": entry["question"],
                    "answer": entry["answer"].strip(),
                    "body": entry["body"].strip(),
                    "order": entry.get("order", order),
                    "verified": bool(entry.get("verified", False)),
                    "last_reviewed": entry.get("last_reviewed"),
                },
            )
            if written:
                myth.mythcitation_set.all().delete()
                for i, slug in enumerate(dict.fromkeys(entry.get("authorities", []))):
                    MythCitation.objects.create(myth=myth, authority=self.ref(authorities, slug, entry), order=i)
                myth.doctrines.set([self.ref(doctrines, slug, entry) for slug in entry.get("doctrines", [])])
        for entry in self.unique(data["glossary"], "slug", "glossary"):
            self.upsert(
                Term,
                {"slug": entry["slug"]},
                {
                    "term": entry["term"],
                    "definition": entry["definition"].strip(),
                    "doctrine": self.ref(doctrines, entry["doctrine"], entry) if entry.get("doctrine") else None,
                },
            )

    def load_route(self, entry, order, authorities, doctrines, officers, places) -> None:
        deadline = entry.get("deadline") or {}
        route, written = self.upsert(
            Route,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "kind": entry["kind"],
                "decider": entry["decider"],
                "remedies": list(entry.get("remedies", [])),
                "summary": entry["summary"].strip(),
                "gets": entry["gets"].strip(),
                "first_steps": "\n".join(step.strip() for step in entry.get("first_steps", [])),
                "deadline_rule": deadline.get("rule", "none"),
                "deadline_years": deadline.get("years"),
                "deadline_note": (deadline.get("note") or "").strip(),
                "default_status": entry["default_status"],
                "default_reason": entry["default_reason"].strip(),
                "order": entry.get("order", order),
                "verified": bool(entry.get("verified", False)),
                "last_reviewed": entry.get("last_reviewed"),
            },
        )
        if not written:
            return
        route.jurisdictions.set([self.ref(places, code, entry) for code in entry.get("jurisdictions", [])])
        route.routecitation_set.all().delete()
        for purpose, slugs in (("route", entry.get("authorities", [])), ("deadline", deadline.get("authorities", []))):
            for i, slug in enumerate(dict.fromkeys(slugs)):
                RouteCitation.objects.create(
                    route=route, authority=self.ref(authorities, slug, entry), purpose=purpose, order=i
                )
        route.routedoctrine_set.all().delete()
        for i, link in enumerate(entry.get("doctrines", [])):
            RouteDoctrine.objects.create(
                route=route,
                doctrine=self.ref(doctrines, link["doctrine"], entry),
                effect=link.get("effect", "depends"),
                order=i,
            )
        route.rules.all().delete()
        for i, spec in enumerate(entry.get("rules", [])):
            rule = Rule.objects.create(
                route=route,
                status=spec["status"],
                reason=spec["reason"].strip(),
                officer_levels=list(spec.get("officer_levels") or []),
                harms=list(spec.get("harms") or []),
                harms_match=spec.get("harms_match") or "any",
                case_outcomes=list(spec.get("case_outcomes") or []),
                died=spec.get("died") or "",
                askers=list(spec.get("askers") or []),
                incident_from=spec.get("incident_from"),
                incident_until=spec.get("incident_until"),
                order=i,
            )
            rule.officer_kinds.set([self.ref(officers, slug, entry) for slug in spec.get("officer_kinds") or []])
            rule.jurisdictions.set([self.ref(places, code, entry) for code in spec.get("jurisdictions") or []])
            for slug in dict.fromkeys(spec.get("authorities") or []):
                RuleCitation.objects.create(rule=rule, authority=self.ref(authorities, slug, entry))

    def prune(self, data: dict[str, list[dict]]) -> None:
        """Delete what `data` does not have, dependents first (restoring an old version)."""
        keep = {kind: {item[key] for item in data.get(kind, [])} for kind, key in KINDS.items()}
        NoticeRule.objects.exclude(jurisdiction__code__in={n["jurisdiction"] for n in data.get("notices", [])}).delete()
        Term.objects.exclude(slug__in=keep["glossary"]).delete()
        Myth.objects.exclude(slug__in=keep["myths"]).delete()
        Route.objects.exclude(slug__in=keep["routes"]).delete()
        OfficerKind.objects.exclude(slug__in=keep["officer_kinds"]).delete()
        Agency.objects.exclude(slug__in=keep["agencies"]).delete()
        Jurisdiction.objects.exclude(code__in=keep["jurisdictions"]).delete()
        Doctrine.objects.exclude(slug__in=keep["doctrines"]).delete()
        Authority.objects.exclude(slug__in=keep["authorities"]).delete()

    @staticmethod
    def unique(entries: list, key: str, what: str) -> list:
        seen: dict = {}
        for entry in entries:
            if not isinstance(entry, dict) or key not in entry:
                raise ValidationError(f"{what}: an entry without a {key}: {str(entry)[:80]}")
            if entry[key] in seen and seen[entry[key]] != entry:
                raise ValidationError(f"{what}: {entry[key]} is defined twice, differently")
            seen[entry[key]] = entry
        return list(seen.values())

    @staticmethod
    def ref(table: dict, slug: str, entry: dict):
        if slug not in table:
            owner = entry.get("slug") or entry.get("code")
            raise ValidationError(f"{owner} refers to {slug!r}, which is not defined in the content files")
        return table[slug]


class PublishRefused(Exception):
    """Publishing broke the review rule; the message says why, for the admin to show."""


class NothingToPublish(PublishRefused):
    """The drafts already match the published content."""


def latest() -> "ContentVersion | None":
    return ContentVersion.objects.order_by("-number").first()


_cache: dict[tuple[int, str, str], tuple[dict, law.Content]] = {}


def localize(value, language: str):
    """The same data with each text in `language` where a translation exists: a field
    `summary_es` beside `summary` (the shape Spanish content will take) replaces it."""
    if isinstance(value, list):
        return [localize(item, language) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: value.get(f"{key}_{language}") or localize(item, language)
        for key, item in value.items()
        if key.rsplit("_", 1)[-1] != language
    }


def published(request=None) -> tuple[dict[str, list[dict]], law.Content]:
    """The latest published content, in the active language: its data and its snapshot.
    A version never changes, so its parsed snapshot is kept per process; one small query
    per request finds the latest (keyed with the fingerprint, as numbers can be reused by
    rolled-back transactions)."""
    if request is not None and hasattr(request, "_published_content"):
        return request._published_content  # one look for the latest version per request
    language = (get_language() or "en").split("-")[0]
    row = ContentVersion.objects.order_by("-number").values_list("number", "fingerprint").first()
    if row is None:
        empty = {kind: [] for kind in KINDS}
        return empty, content_of(empty)
    key = (*row, language)
    if key not in _cache:
        data = ContentVersion.objects.get(number=row[0]).data
        if language != "en":
            data = localize(data, language)
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = (data, content_of(data))
    if request is not None:
        request._published_content = _cache[key]
        request._published_fingerprint = row[1]
    return _cache[key]


def published_fingerprint(request) -> str:
    """The latest published version's data_fingerprint(): what keys cached pages."""
    published(request)
    return getattr(request, "_published_fingerprint", "")  # "" while nothing is published


def last_editors(changes: Iterable[Change]) -> dict[tuple[str, str], object]:
    """Who last edited each changed item in the admin (None: loaded from the files).
    One history query per kind of item, however many items changed."""
    # (kind) -> history records that count as edits of an item of that kind, and the
    # lookup that names the item: a rule edit is an edit of its route, a notice rule
    # is edited with its place.
    sources = {
        "authorities": [(Authority.history, "slug")],
        "doctrines": [(Doctrine.history, "slug")],
        "agencies": [(Agency.history, "slug")],
        "officer_kinds": [(OfficerKind.history, "slug")],
        "jurisdictions": [(Jurisdiction.history, "code")],
        "notices": [(Jurisdiction.history, "code")],
        "routes": [(Route.history, "slug"), (Rule.history, "route__slug")],
        "myths": [(Myth.history, "slug")],
        "glossary": [(Term.history, "slug")],
    }
    wanted: dict[str, dict[str, str]] = {}  # kind -> item name in history -> change key
    for change in changes:
        name = change.key.split("-")[0] if change.kind == "notices" else change.key
        wanted.setdefault(change.kind, {})[name] = change.key
    latest: dict[tuple[str, str], tuple] = {}  # (kind, key) -> (history_date, user id)
    for kind, names in wanted.items():
        for history, lookup in sources.get(kind, []):
            rows = history.filter(**{f"{lookup}__in": list(names)}).values_list(lookup, "history_date", "history_user")
            for item, when, user in rows:
                key = (kind, names[item])
                if key not in latest or latest[key][0] <= when:
                    latest[key] = (when, user)
    users = get_user_model().objects.in_bulk({user for _when, user in latest.values() if user})
    return {(c.kind, c.key): users.get(latest.get((c.kind, c.key), (None, None))[1]) for c in changes}


def problems(data: dict[str, list[dict]]) -> list[str]:
    """What would make published content unsafe: a statement without a citation, a rule
    that points at nothing, a reference to an item that does not exist."""
    found = []
    authorities = {a["slug"] for a in data["authorities"]}
    doctrines = {d["slug"] for d in data["doctrines"]}
    places = {j["code"] for j in data["jurisdictions"]}
    kinds = {o["slug"] for o in data["officer_kinds"]}
    for kind, label in (("doctrines", "name"), ("routes", "name"), ("myths", "question")):
        for item in data[kind]:
            if not item["authorities"]:
                found.append(f"{item[label]}: cites no authority.")
            missing = set(item["authorities"]) - authorities
            if missing:
                found.append(f"{item[label]}: cites {', '.join(sorted(missing))}, which does not exist.")
    for route in data["routes"]:
        if not route["default_reason"].strip():
            found.append(f"{route['name']}: has no default reason.")
        if set(route["jurisdictions"]) - places:
            found.append(f"{route['name']}: is limited to a place that does not exist.")
        for link in route["doctrines"]:
            if link["doctrine"] not in doctrines:
                found.append(f"{route['name']}: relies on {link['doctrine']}, which does not exist.")
        for number, rule in enumerate(route["rules"], 1):
            where = f"{route['name']}, rule {number}"
            if not rule["reason"].strip():
                found.append(f"{where}: has no reason for the public.")
            if not rule["authorities"]:
                found.append(f"{where}: cites no authority.")
            if set(rule["officer_kinds"]) - kinds or set(rule["jurisdictions"]) - places:
                found.append(f"{where}: points at an officer kind or place that does not exist.")
    return found


def data_fingerprint(data: dict[str, list[dict]]) -> str:
    """Of everything published, explanations and glossary included (a result's own version,
    law.Content.version, leaves out what cannot change a result). Pages cached per server
    are keyed with it, so any published change shows at once."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def publish(user, note: str, *, override: bool = False) -> "ContentVersion":
    """Freeze the working copy as the next published version, if the review rule allows:
    a publisher other than the last editor of every changed item, with a review note.
    A superuser may override the second-person rule; the version records it."""
    current = latest()
    data = export()
    changes = diff(current.data if current else {}, data)
    if current and not changes:
        raise NothingToPublish("There is nothing to publish: the drafts match the published content.")
    if unsafe := problems(data):
        raise PublishRefused("Fix these first: " + " ".join(unsafe[:10]))
    if user is not None:
        if not user.has_perm("liability.publish_contentversion"):
            raise PublishRefused("Only a Publisher can publish.")
        if not note.strip():
            raise PublishRefused("Write a review note: what changed, and what you checked.")
        editors = last_editors(changes)
        own = [c.label for c in changes if editors.get((c.kind, c.key)) == user]
        if own and not (override and user.is_superuser):
            raise PublishRefused(
                "A second person must review your own changes before they are published: " + ", ".join(own[:5])
            )
        override = bool(own) and override
    return ContentVersion.objects.create(
        number=(current.number + 1) if current else 1,
        data=data,
        fingerprint=data_fingerprint(data),
        published_by=user,
        review_note=note,
        override=override,
        changes=[{"kind": c.kind, "key": c.key, "label": c.label, "action": c.action} for c in changes],
    )


def restore(version: "ContentVersion") -> None:
    """Make an old version the working copy again, as drafts to review and publish."""
    loader = Loader(overwrite=True)
    loader.load(version.data)
    loader.prune(version.data)


def has_drafts() -> bool:
    current = latest()
    return current is None or bool(diff(current.data, export()))


SCENARIOS_FILE = Path(__file__).resolve().parent / "scenarios.yaml"


@dataclass(frozen=True)
class Impact:
    story: str
    route: str
    before: str  # a status, or "" where the route was not shown
    after: str


def impact(before: law.Content, after: law.Content, today: date) -> list[Impact]:
    """Which scenarios of the project's suite would change outcome between two contents."""
    from urllib.parse import parse_qs

    scenarios = read_yaml(SCENARIOS_FILE) if SCENARIOS_FILE.exists() else []
    changed = []
    for scenario in scenarios:
        answers = parse_qs(scenario["answers"])
        results = []
        for content in (before, after):
            step = flow.build_for(content).resolve(answers, today)  # the path a person takes
            statuses = {}
            if step.is_complete:
                assessment = law.assess(flow.facts_of(step, content, today), content, today)
                statuses = {r.slug: r.status.value for r in assessment.routes}
            results.append(statuses)
        for route in sorted(results[0].keys() | results[1].keys()):
            if results[0].get(route) != results[1].get(route):
                changed.append(Impact(scenario["story"], route, results[0].get(route, ""), results[1].get(route, "")))
    return changed
