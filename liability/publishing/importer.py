"""The importer: content data (from the files, or an old version being restored) into the
working copy, one method per kind of content.

Every item is checked against the schema first (nothing is written if anything is
wrong), then compared with its row: an equal item writes nothing, a different one
updates its row in place (only the fields that differ, so ids and history survive), and
the counts say which happened."""

from collections import Counter

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from liability.models import (
    DoctrineCitation,
    LimitationPeriod,
    MythCitation,
    NoticeRule,
    Route,
    RouteCitation,
    RouteDoctrine,
    Rule,
    RuleCitation,
    SuitDeadline,
)

from . import schema
from .document import ROWS, english
from .schema import KINDS


def write_all(kind, key, wanted, current) -> str:
    return "write"


class Loader:
    """Writes content items into the working copy.

    `decide(kind, key, wanted, current)` says what to do with an item whose row differs
    from the data (`wanted` and `current` are schema items, or None where the data or the
    working copy lacks it): "write" it, "kept" (a staff draft the data must not
    overwrite), or "unchanged" (not this load's business). `user` and `reason` go into the
    history of every row written (user None: the files)."""

    def __init__(self, decide=write_all, user=None, reason: str = ""):
        self.decide = decide
        self.user = user
        self.reason = reason
        self.counts: Counter = Counter()  # created, updated, unchanged, kept, removed
        self.rows: dict[str, dict[str, models.Model]] = {}  # kind -> key -> row, for references
        self.written: list[tuple[str, str]] = []  # (kind, key) of every item written
        self.kept: list[tuple[str, str]] = []  # (kind, key) of every item kept as it was
        self.current: dict[str, dict[str, schema.Item]] = {}  # kind -> key -> the working copy's item

    def _current(self, kind: str) -> dict[str, models.Model]:
        rows, as_data = ROWS[kind]
        existing = {_key(kind, row): row for row in rows()}
        parsed = schema.parse({kind: [as_data(row) for row in existing.values()]}, strict=False)[kind]
        self.current[kind] = {item.ident(): item for item in parsed}
        return existing

    def load(self, data: dict[str, list[dict]], where: dict[str, str] | str = "") -> None:
        document = schema.parse(data, where)
        for kind, items in document.items():
            existing = self._current(kind)
            self.rows[kind] = dict(existing)
            for item in items:
                key = item.ident()
                row, now = existing.get(key), self.current[kind].get(key)
                if now == item:
                    self.counts["unchanged"] += 1
                    continue
                verdict = self.decide(kind, key, item, now)
                if verdict != "write":
                    self.counts[verdict] += 1
                    if verdict == "kept":
                        self.kept.append((kind, key))
                    continue
                self.counts["updated" if row else "created"] += 1
                self.written.append((kind, key))
                self.rows[kind][key] = getattr(self, f"load_{kind}")(item, row)

    def prune(self, data: dict[str, list[dict]]) -> None:
        """Delete what `data` does not have (as `decide` allows), dependents first."""
        keep = {kind: {item[key] for item in data.get(kind, [])} for kind, key in KINDS.items()}
        for kind in reversed(KINDS):
            existing = self._current(kind)
            for key, row in existing.items():
                if key in keep[kind]:
                    continue
                verdict = self.decide(kind, key, None, self.current[kind].get(key))
                if verdict != "write":
                    if verdict == "kept":
                        self.counts["kept"] += 1
                        self.kept.append((kind, key))
                    continue
                self._stamp(row)
                try:
                    with transaction.atomic():
                        row.delete()
                except ProtectedError as error:
                    raise schema.ContentError(
                        [f"{kind} {key!r} cannot be removed: {len(error.protected_objects)} other items still name it."]
                    ) from error
                self.counts["removed"] += 1
                self.written.append((kind, key))

    # Writing one row: only the fields that differ.

    def _stamp(self, row):
        row._history_user = self.user
        if self.reason:
            row._change_reason = self.reason

    def columns(self, item: schema.Item) -> dict:
        """The item's column fields as model values (a reference as the row it names)."""
        values = {}
        for name in type(item).columns():
            value = getattr(item, name)
            if ref := schema.ref_of(type(item).model_fields[name]):
                value = self.ref(ref.kind, value, item) if value else None
            values[english(type(item), name)] = value  # English by name, whatever the active language
        return values

    def write(self, model, row, fields: dict, **parent):
        """Create the row, or update the fields that differ; returns the row."""
        if hasattr(model, "staff_edited_at"):  # a person's restore is their edit; the files are nobody's
            fields = fields | {"staff_edited_at": timezone.now() if self.user else None}
        if row is None:
            row = model(**parent, **fields)
            self._stamp(row)
            row.save()
            return row
        changed = [name for name, value in fields.items() if getattr(row, name) != value and name != "staff_edited_at"]
        changed += ["staff_edited_at"] if changed and "staff_edited_at" in fields else []
        if changed:
            for name in changed:
                setattr(row, name, fields[name])
            self._stamp(row)
            row.save(update_fields=changed)
        return row

    def refs(self, kind: str, keys: list[str], owner: schema.Item) -> list:
        return [self.ref(kind, key, owner) for key in dict.fromkeys(keys)]

    @staticmethod
    def cite(through, owner: dict, authorities: list, current: list, **extra) -> None:
        """Make a statement's citations these, in this order (rewritten only if they differ)."""
        if [c.authority_id for c in current] == [a.pk for a in authorities]:
            return
        through.objects.filter(pk__in=[c.pk for c in current]).delete()
        through.objects.bulk_create(
            through(**owner, authority=authority, order=i, **extra) for i, authority in enumerate(authorities)
        )

    def ref(self, kind: str, key: str, owner: schema.Item):
        """The row an item names; one kept deleted in the working copy cannot be named."""
        try:
            return self.rows[kind][key]
        except KeyError:
            raise schema.ContentError(
                [f"{owner.ident()!r} names {kind.replace('_', ' ')} {key!r}, which staff deleted in the admin."]
            ) from None

    @staticmethod
    def link(manager, rows: list) -> None:
        if {r.pk for r in manager.all()} != {r.pk for r in rows}:
            manager.set(rows)

    # One method per kind.

    def load_authorities(self, item, row):
        return self.write(ROWS_MODEL["authorities"], row, self.columns(item))

    def load_doctrines(self, item, row):
        doctrine = self.write(ROWS_MODEL["doctrines"], row, self.columns(item))
        current = list(doctrine.doctrinecitation_set.select_related("authority")) if row else []
        self.cite(DoctrineCitation, {"doctrine": doctrine}, self.refs("authorities", item.authorities, item), current)
        return doctrine

    def load_agencies(self, item, row):
        return self.write(ROWS_MODEL["agencies"], row, self.columns(item))

    def load_officer_kinds(self, item, row):
        return self.write(ROWS_MODEL["officer_kinds"], row, self.columns(item))

    def load_jurisdictions(self, item, row):
        place = self.write(ROWS_MODEL["jurisdictions"], row, self.columns(item))
        periods = list(place.periods.order_by(models.F("applies_from").asc(nulls_first=True), "id")) if row else []
        for i, period in enumerate(item.periods):
            self.write(
                LimitationPeriod, periods[i] if i < len(periods) else None, self.columns(period), jurisdiction=place
            )
        LimitationPeriod.objects.filter(pk__in=[p.pk for p in periods[len(item.periods) :]]).delete()
        return place

    def load_notices(self, item, row):
        return self.write(NoticeRule, row, self.columns(item))

    def load_suits(self, item, row):
        return self.write(SuitDeadline, row, self.columns(item))

    def load_routes(self, item, row):
        deadline = item.deadline
        route = self.write(
            Route,
            row,
            self.columns(item)
            | {
                "first_steps_en": "\n".join(item.first_steps),
                "first_steps_es": "\n".join(item.first_steps_es),
                "deadline_rule": deadline.rule,
                "deadline_years": deadline.years,
                "deadline_note_en": deadline.note,
                "deadline_note_es": deadline.note_es,
                "deadline_after_denial_months": deadline.after_denial_months,
                "deadline_from_case_end": deadline.from_case_end,
                "deadline_minor_note_en": deadline.minor_note,
                "deadline_minor_note_es": deadline.minor_note_es,
            },
        )
        self.link(route.jurisdictions, self.refs("jurisdictions", item.jurisdictions, item))
        current = list(route.routecitation_set.select_related("authority")) if row else []
        for purpose, slugs in (("route", item.authorities), ("deadline", deadline.authorities)):
            mine = [c for c in current if c.purpose == purpose]
            self.cite(RouteCitation, {"route": route}, self.refs("authorities", slugs, item), mine, purpose=purpose)
        links = list(route.routedoctrine_set.all()) if row else []
        wanted = [(self.ref("doctrines", d.doctrine, item), d.effect) for d in item.doctrines]
        if [(link.doctrine_id, link.effect) for link in links] != [(d.pk, effect) for d, effect in wanted]:
            RouteDoctrine.objects.filter(route=route).delete()
            RouteDoctrine.objects.bulk_create(
                RouteDoctrine(route=route, doctrine=d, effect=effect, order=i) for i, (d, effect) in enumerate(wanted)
            )
        # Rules are matched by position and updated in place: their ids and history survive.
        rules = list(route.rules.all()) if row else []
        for i, spec in enumerate(item.rules):
            rule = self.write(
                Rule, rules[i] if i < len(rules) else None, self.columns(spec) | {"order": i}, route=route
            )
            self.link(rule.officer_kinds, self.refs("officer_kinds", spec.officer_kinds, item))
            self.link(rule.jurisdictions, self.refs("jurisdictions", spec.jurisdictions, item))
            current = list(rule.rulecitation_set.select_related("authority")) if i < len(rules) else []
            self.cite(RuleCitation, {"rule": rule}, self.refs("authorities", spec.authorities, item), current)
        for surplus in rules[len(item.rules) :]:
            self._stamp(surplus)
            surplus.delete()
        return route

    def load_myths(self, item, row):
        myth = self.write(ROWS_MODEL["myths"], row, self.columns(item))
        current = list(myth.mythcitation_set.select_related("authority")) if row else []
        self.cite(MythCitation, {"myth": myth}, self.refs("authorities", item.authorities, item), current)
        self.link(myth.doctrines, self.refs("doctrines", item.doctrines, item))
        self.link(myth.jurisdictions, self.refs("jurisdictions", item.jurisdictions, item))
        return myth

    def load_glossary(self, item, row):
        return self.write(ROWS_MODEL["glossary"], row, self.columns(item))


def _key(kind: str, row) -> str:
    if kind == "notices":
        return f"{row.jurisdiction.code}-{row.covers}-{row.days}"
    if kind == "suits":
        days = f"{row.days}d" if row.days else ""  # as schema.Suit names it
        return f"{row.jurisdiction.code}-{row.covers}-{row.counts_from}-{row.years or 0}y{row.months or 0}m{days}"
    return getattr(row, KINDS[kind])


ROWS_MODEL = {kind: rows().model for kind, (rows, _data) in ROWS.items()}
