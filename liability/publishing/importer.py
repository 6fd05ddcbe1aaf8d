"""The importer: content data (from the files, or an old version being restored) into the
working copy, one method per kind of content.

Every item is checked against the schema first (nothing is written if anything is
wrong), then compared with its row: an equal item writes nothing, a different one
updates its row in place (only the fields that differ, so ids and history survive), and
the counts say which happened."""

from collections import Counter

from django.db import models

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
)

from . import schema
from .document import ROWS
from .schema import KINDS


class Loader:
    """Writes content items into the working copy.

    `keep(kind, row)` says whether a row differing from the data is kept as it is (a staff
    draft the data must not overwrite); by default nothing is kept. `user` is recorded in
    the history of every row written (None: the files)."""

    def __init__(self, keep=None, user=None):
        self.keep = keep or (lambda kind, row: False)
        self.user = user
        self.counts: Counter = Counter()  # created, updated, unchanged, kept, removed
        self.rows: dict[str, dict[str, models.Model]] = {}  # kind -> key -> row, for references
        self.written: list[tuple[str, str]] = []  # (kind, key) of every item written

    def load(self, data: dict[str, list[dict]], where: dict[str, str] | str = "") -> None:
        document = schema.parse(data, where)
        for kind, items in document.items():
            rows, as_data = ROWS[kind]
            existing = {getattr(row, KINDS[kind]) if kind != "notices" else _notice_key(row): row for row in rows()}
            self.rows[kind] = dict(existing)
            for item in items:
                row = existing.get(item.ident())
                if row is not None and schema.parse({kind: [as_data(row)]}, strict=False)[kind][0] == item:
                    self.counts["unchanged"] += 1
                    continue
                if row is not None and self.keep(kind, row.jurisdiction if kind == "notices" else row):
                    self.counts["kept"] += 1
                    continue
                self.counts["updated" if row else "created"] += 1
                self.written.append((kind, item.ident()))
                self.rows[kind][item.ident()] = getattr(self, f"load_{kind}")(item, row)
            if kind == "notices":  # a place's notice windows are the data's, unless the place is kept
                wanted = {item.ident() for item in items}
                for key, row in existing.items():
                    if key not in wanted and not self.keep("jurisdictions", row.jurisdiction):
                        self._stamp(row)
                        row.delete()
                        self.counts["removed"] += 1

    def prune(self, data: dict[str, list[dict]]) -> None:
        """Delete what `data` does not have, dependents first (restoring an old version)."""
        keep = {kind: {item[key] for item in data.get(kind, [])} for kind, key in KINDS.items()}
        for kind in reversed(KINDS):
            rows, _ = ROWS[kind]
            for row in rows():
                key = _notice_key(row) if kind == "notices" else getattr(row, KINDS[kind])
                if key not in keep[kind]:
                    self._stamp(row)
                    row.delete()
                    self.counts["removed"] += 1
                    self.written.append((kind, key))

    # Writing one row: only the fields that differ.

    def _stamp(self, row):
        row._history_user = self.user

    def columns(self, item: schema.Item) -> dict:
        """The item's column fields as model values (a reference as the row it names)."""
        values = {}
        for name in type(item).columns():
            value = getattr(item, name)
            if ref := schema.ref_of(type(item).model_fields[name]):
                value = self.rows[ref.kind][value] if value else None
            values[name] = value
        return values

    def write(self, model, row, fields: dict, **parent):
        """Create the row, or update the fields that differ; returns the row."""
        if hasattr(model, "staff_edited_at"):
            fields = fields | {"staff_edited_at": None}  # the data's version, not a staff draft
        if row is None:
            row = model(**parent, **fields)
            self._stamp(row)
            row.save()
            return row
        changed = [name for name, value in fields.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, fields[name])
            self._stamp(row)
            row.save(update_fields=changed)
        return row

    @staticmethod
    def cite(through, owner: dict, slugs: list[str], authorities: dict, current: list, **extra) -> None:
        """Make a statement's citations these, in this order (rewritten only if they differ)."""
        if [c.authority.slug for c in current] == slugs:
            return
        through.objects.filter(pk__in=[c.pk for c in current]).delete()
        through.objects.bulk_create(
            through(**owner, authority=authorities[slug], order=i, **extra) for i, slug in enumerate(slugs)
        )

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
        self.cite(DoctrineCitation, {"doctrine": doctrine}, item.authorities, self.rows["authorities"], current)
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

    def load_routes(self, item, row):
        deadline = item.deadline
        route = self.write(
            Route,
            row,
            self.columns(item)
            | {
                "first_steps": "\n".join(item.first_steps),
                "deadline_rule": deadline.rule,
                "deadline_years": deadline.years,
                "deadline_note": deadline.note,
            },
        )
        authorities, places = self.rows["authorities"], self.rows["jurisdictions"]
        self.link(route.jurisdictions, [places[code] for code in item.jurisdictions])
        current = list(route.routecitation_set.select_related("authority")) if row else []
        for purpose, slugs in (("route", item.authorities), ("deadline", deadline.authorities)):
            mine = [c for c in current if c.purpose == purpose]
            self.cite(RouteCitation, {"route": route}, list(dict.fromkeys(slugs)), authorities, mine, purpose=purpose)
        links = list(route.routedoctrine_set.all()) if row else []
        wanted = [(self.rows["doctrines"][d.doctrine], d.effect) for d in item.doctrines]
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
            self.link(rule.officer_kinds, [self.rows["officer_kinds"][slug] for slug in spec.officer_kinds])
            self.link(rule.jurisdictions, [places[code] for code in spec.jurisdictions])
            current = list(rule.rulecitation_set.select_related("authority")) if i < len(rules) else []
            self.cite(RuleCitation, {"rule": rule}, list(dict.fromkeys(spec.authorities)), authorities, current)
        for surplus in rules[len(item.rules) :]:
            self._stamp(surplus)
            surplus.delete()
        return route

    def load_myths(self, item, row):
        myth = self.write(ROWS_MODEL["myths"], row, self.columns(item))
        current = list(myth.mythcitation_set.select_related("authority")) if row else []
        slugs = list(dict.fromkeys(item.authorities))
        self.cite(MythCitation, {"myth": myth}, slugs, self.rows["authorities"], current)
        self.link(myth.doctrines, [self.rows["doctrines"][slug] for slug in item.doctrines])
        return myth

    def load_glossary(self, item, row):
        return self.write(ROWS_MODEL["glossary"], row, self.columns(item))


def _notice_key(row: NoticeRule) -> str:
    return f"{row.jurisdiction.code}-{row.covers}-{row.days}"


ROWS_MODEL = {kind: rows().model for kind, (rows, _data) in ROWS.items()}
