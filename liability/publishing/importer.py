"""The importer: content data (from the files, or an old version being restored) into the
working copy, one method per kind of content."""

from django.core.exceptions import ValidationError

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
    Rule,
    RuleCitation,
    SuitDeadline,
    Term,
)

from .document import KINDS


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
                    **_prefixed("minor", entry.get("minor"), ("majority", "years", "limit")),
                    **_prefixed("death", entry.get("death"), ("years", "who")),
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
        suits: dict[str, list] = {}
        for entry in data.get("suits", []):
            suits.setdefault(self.ref(places, entry["jurisdiction"], entry).code, []).append(entry)
        for code, entries in suits.items():
            place = places[code]
            if place.staff_edited_at and not self.overwrite:
                continue
            place.suit_deadlines.all().delete()
            for entry in entries:
                SuitDeadline.objects.create(
                    jurisdiction=place,
                    covers=entry.get("covers", "all"),
                    counts_from=entry.get("counts_from", "incident"),
                    years=entry.get("years"),
                    months=entry.get("months"),
                    statute=entry["statute"],
                    source=entry.get("source") or "",
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
                "deadline_after_denial_months": deadline.get("after_denial_months"),
                "deadline_from_case_end": bool(deadline.get("from_case_end", False)),
                "deadline_minor_note": (deadline.get("minor_note") or "").strip(),
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
                duty=list(spec.get("duty") or []),
                custody=list(spec.get("custody") or []),
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
        SuitDeadline.objects.exclude(jurisdiction__code__in={n["jurisdiction"] for n in data.get("suits", [])}).delete()
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


def _prefixed(prefix: str, spec: dict | None, numbers: tuple[str, ...]) -> dict:
    """A place's nested rule (its pause for a child, its wrongful-death rule) as the
    model's prefixed fields; an absent rule empties them."""
    spec = spec or {}
    fields = {f"{prefix}_{name}": spec.get(name) for name in numbers}
    texts = {f"{prefix}_{name}": (spec.get(name) or "").strip() for name in ("statute", "source", "note")}
    if f"{prefix}_who" in fields:
        texts[f"{prefix}_who"] = (spec.get("who") or "").strip()
    return fields | texts | {f"{prefix}_verified": bool(spec.get("verified", False))}
