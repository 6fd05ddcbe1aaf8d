"""Load the legal content that ships in liability/content/*.yaml.

Idempotent: the same files load once (a fingerprint is recorded), a missing row is
created, a row nobody has touched in the admin is brought up to date, and a row that
staff edited is left alone unless --overwrite is given. Every reference (an authority,
doctrine, officer kind or place named by slug) is checked before anything is written.
"""

import hashlib
from datetime import date
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from liability.models import (
    Agency,
    Authority,
    ContentRelease,
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

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


def read(directory: Path, kind: str) -> list:
    entries: list = []
    for path in sorted(directory.glob(f"{kind}*.yaml")):
        data = yaml.safe_load(path.read_text()) or []
        if not isinstance(data, list | dict):
            raise CommandError(f"{path.name}: expected a list of entries")
        entries.extend(data if isinstance(data, list) else [data])
    return entries


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

    def load(self, directory: Path) -> None:
        authorities = {}
        for entry in self.unique(read(directory, "authorities"), "slug", "authorities"):
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
        for entry in self.unique(read(directory, "doctrines"), "slug", "doctrines"):
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
        officers_file = {"agencies": [], "kinds": []}
        for part in read(directory, "officers"):
            for name in officers_file:
                officers_file[name].extend(part.get(name, []) if isinstance(part, dict) else [])
        agencies = {}
        for entry in self.unique(officers_file["agencies"], "slug", "agencies"):
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
        for entry in self.unique(officers_file["kinds"], "slug", "officer kinds"):
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
        for entry in self.unique(read(directory, "jurisdictions"), "code", "jurisdictions"):
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
        for entry in read(directory, "notices"):
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
        for order, entry in enumerate(self.unique(read(directory, "routes"), "slug", "routes")):
            self.load_route(entry, order, authorities, doctrines, officers, places)
        for order, entry in enumerate(self.unique(read(directory, "myths"), "slug", "myths")):
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
        for entry in self.unique(read(directory, "glossary"), "slug", "glossary"):
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

    @staticmethod
    def unique(entries: list, key: str, what: str) -> list:
        seen: dict = {}
        for entry in entries:
            if not isinstance(entry, dict) or key not in entry:
                raise CommandError(f"{what}: an entry without a {key}: {str(entry)[:80]}")
            if entry[key] in seen and seen[entry[key]] != entry:
                raise CommandError(f"{what}: {entry[key]} is defined twice, differently")
            seen[entry[key]] = entry
        return list(seen.values())

    @staticmethod
    def ref(table: dict, slug: str, entry: dict):
        if slug not in table:
            owner = entry.get("slug") or entry.get("code")
            raise CommandError(f"{owner} refers to {slug!r}, which is not defined in the content files")
        return table[slug]


class Command(BaseCommand):
    help = "Load the bundled legal content. Rows edited in the admin are kept unless --overwrite."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="Replace staff edits with the files' content.")
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="Where the YAML files are.")

    def handle(self, *args, overwrite: bool = False, dir: Path = CONTENT_DIR, **options):
        print_ = self.stdout.write
        stamp = fingerprint(dir)
        if not overwrite and ContentRelease.objects.filter(fingerprint=stamp).exists():
            print_("Content is up to date.")
            return
        loader = Loader(overwrite)
        try:
            with transaction.atomic():
                loader.load(dir)
                ContentRelease.objects.get_or_create(fingerprint=stamp)
        except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
            raise CommandError(f"The content files are not valid: {error!r}") from error
        counts = loader.counts
        print_(
            f"Content loaded ({date.today():%Y-%m-%d}): {counts['created']} created, "
            f"{counts['updated']} updated, {counts['kept']} unchanged or kept as staff edited them."
        )
