"""Review: what changed between two versions of the content, who changed it, whether it is
safe to publish, and which scenarios of the suite would change outcome."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.contrib.auth import get_user_model

from liability import law, questions
from liability.models import Agency, Authority, Doctrine, Jurisdiction, Myth, OfficerKind, Route, Rule, Term

from . import schema
from .document import read_yaml


@dataclass(frozen=True)
class Change:
    """One item that differs between two versions, field by field."""

    kind: str
    key: str
    label: str
    action: str  # added | removed | changed
    fields: tuple[tuple[str, object, object], ...]  # (field, before, after)


def same_lines(value):
    """A value with every text's line breaks as \n. Browsers send \r\n; a version published
    before the admin normalised them (issue 16) must not show a change nobody made."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, list):
        return [same_lines(v) for v in value]
    if isinstance(value, dict):
        return {k: same_lines(v) for k, v in value.items()}
    return value


def diff(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> list[Change]:
    """What differs between two versions of the content, item by item and field by field.
    Both sides are read through the schema first, so an old version (saved before a field
    existed, or in another order) differs only where its content does."""
    before, after = (schema.dump(schema.parse(side, strict=False)) if side else {} for side in (before, after))
    changes = []
    before, after = same_lines(before), same_lines(after)
    for kind, item in schema.SCHEMA.items():
        old = {entry[item.KEY]: entry for entry in before.get(kind, [])}
        new = {entry[item.KEY]: entry for entry in after.get(kind, [])}
        for name in sorted(old.keys() | new.keys()):
            a, b = old.get(name), new.get(name)
            if a == b:
                continue
            action = "added" if a is None else "removed" if b is None else "changed"
            fields = tuple(
                (field, (a or {}).get(field), (b or {}).get(field))
                for field in item.model_fields
                if (a or {}).get(field) != (b or {}).get(field)
            )
            changes.append(Change(kind, name, str((b or a).get(item.LABEL) or name), action, fields))
    return changes


@dataclass(frozen=True)
class Edit:
    """One save or deletion of an item (or of a part edited with it) in the working copy."""

    user: object  # None: the content files or a script
    when: datetime
    reason: str  # simple_history's change reason: "restore of version N" for a restore


# kind -> the history that records edits of an item of that kind, and the lookup that
# names the item: a rule edit is an edit of its route, a notice rule is edited with its place.
HISTORIES = {
    "authorities": [(Authority, "slug")],
    "doctrines": [(Doctrine, "slug")],
    "agencies": [(Agency, "slug")],
    "officer_kinds": [(OfficerKind, "slug")],
    "jurisdictions": [(Jurisdiction, "code")],
    "notices": [(Jurisdiction, "code")],
    "suits": [(Jurisdiction, "code")],
    "routes": [(Route, "slug"), (Rule, "route__slug")],
    "myths": [(Myth, "slug")],
    "glossary": [(Term, "slug")],
}


def _history_name(kind: str, key: str) -> str:
    return key.split("-")[0] if kind in ("notices", "suits") else key  # edited with its place


def edits(since: datetime | None, items: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], list[Edit]]:
    """Every edit since `since` (the last published version), oldest first, of the given
    (kind, key) items, or of every item when `items` is None. One query per history."""
    wanted: dict[str, dict[str, list[str]]] | None = None
    if items is not None:
        wanted = {}
        for kind, key in items:
            wanted.setdefault(kind, {}).setdefault(_history_name(kind, key), []).append(key)
    found: dict[tuple[str, str], list[Edit]] = {}
    users = {}
    rows = []
    for kind, sources in HISTORIES.items():
        if wanted is not None and kind not in wanted:
            continue
        for model, lookup in sources:
            history = model.history.all()
            if since is not None:
                history = history.filter(history_date__gt=since)
            if wanted is not None:
                history = history.filter(**{f"{lookup}__in": list(wanted[kind])})
            for name, when, order, user, reason in history.values_list(
                lookup, "history_date", "history_id", "history_user", "history_change_reason"
            ):
                keys = wanted[kind].get(name, []) if wanted is not None else [name]
                rows.extend((kind, key, when, order, user, reason or "") for key in keys)
                users[user] = None
    users = get_user_model().objects.in_bulk([u for u in users if u])
    # Saves at the same instant keep the order they were made in (history ids grow).
    for kind, key, when, _order, user, reason in sorted(rows, key=lambda row: (row[2], row[3])):
        found.setdefault((kind, key), []).append(Edit(users.get(user), when, reason))
    return found


def staff_drafted(since: datetime | None) -> set[tuple[str, str]]:
    """The items a person edited since the last published version (notices by their place:
    ("notices", code)). Their drafts are kept when files load or a version is restored."""
    return {item for item, found in edits(since).items() if any(e.user for e in found)}


def last_editors(changes: Iterable[Change], since: datetime | None = None) -> dict[tuple[str, str], object]:
    """Who last edited each changed item in the admin (None: loaded from the files)."""
    found = edits(since, [(c.kind, c.key) for c in changes])
    return {(c.kind, c.key): (found.get((c.kind, c.key)) or [Edit(None, None, "")])[-1].user for c in changes}


def editors(changes: Iterable[Change], since: datetime | None) -> dict[tuple[str, str], list]:
    """Every person who changed each item since the last published version, in order."""
    found = edits(since, [(c.kind, c.key) for c in changes])
    return {
        (c.kind, c.key): list(dict.fromkeys(e.user for e in found.get((c.kind, c.key), []) if e.user)) for c in changes
    }


def problems(data: dict[str, list[dict]]) -> list[str]:
    """What would make published content unsafe, from the schema's checks: a statement
    without a citation or without words, a reference to an item that does not exist, a
    value that is not one of its choices."""
    try:
        schema.parse(data, "", publish=True)
    except schema.ContentError as error:
        return error.problems
    return []


SCENARIOS_FILE = Path(__file__).resolve().parent.parent / "scenarios.yaml"


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
            step = questions.build_for(content).resolve(answers, today)  # the path a person takes
            statuses = {}
            if step.is_complete:
                assessment = law.assess(questions.facts_of(step, content, today), content, today)
                statuses = {r.slug: r.status.value for r in assessment.routes}
            results.append(statuses)
        for route in sorted(results[0].keys() | results[1].keys()):
            if results[0].get(route) != results[1].get(route):
                changed.append(Impact(scenario["story"], route, results[0].get(route, ""), results[1].get(route, "")))
    return changed


def uncovered_routes(changes: list[Change]) -> list[str]:
    """The new or changed routes no scenario of the suite names: "no scenario changes
    outcome" says nothing about them (issue 16)."""
    scenarios = read_yaml(SCENARIOS_FILE) if SCENARIOS_FILE.exists() else []
    named = {slug for s in scenarios for field in ("open", "limited", "closed") for slug in (s.get(field) or [])}
    return [c.label for c in changes if c.kind == "routes" and c.action != "removed" and c.key not in named]


@dataclass(frozen=True)
class Outcome:
    route: str  # its name
    before: str  # a status, or "" where the route is not shown
    after: str


def situation(before: law.Content, after: law.Content, answers: dict[str, list[str]], today: date) -> list[Outcome]:
    """One situation a Publisher tries (officer, place, what happened; the rest assumed: the
    person, an adult, survived and asks for themself; a month ago; the officer on duty; not
    held, not charged, no claim sent yet; every remedy wanted), and each
    route's status over the published content and over the drafts, side by side."""
    assumed = {
        "died": ["no"],
        "asker": ["self"],
        "date": [date.fromordinal(today.toordinal() - 30).isoformat()],
        "charged": ["none"],
        "role": ["unsure"],
        "duty": ["on"],
        "minor": ["21plus"],
        "custody": ["no"],
        "claim": ["none"],
        "wants": [w.value for w in questions.WANTS],
    }
    results, names = [], {}
    for content in (before, after):
        step = questions.build_for(content).resolve(assumed | answers, today)
        statuses = {}
        if step.is_complete:
            for route in law.assess(questions.facts_of(step, content, today), content, today).routes:
                statuses[route.slug] = route.status.value
                names[route.slug] = route.name
        results.append(statuses)
    return [
        Outcome(names[slug], results[0].get(slug, ""), results[1].get(slug, ""))
        for slug in dict.fromkeys([*results[1], *results[0]])
    ]


READING_GRADE_LIMIT = 9
# The texts the public reads first, held to the reading grade: (kind, field), and for a
# route its rules' reasons.
PLAIN_TEXTS = {
    "doctrines": ("summary",),
    "routes": ("summary", "default_reason"),
    "myths": ("answer",),
    "glossary": ("definition",),
}
# The fields whose change is a change of the law an item states (its wording for the public
# and its legal effect), as against its order, review date or staff note.
LEGAL_FIELDS = {
    "authorities": ("citation", "url", "kind", "title"),
    "doctrines": ("summary", "body", "effect", "authorities"),
    "routes": (
        "summary",
        "gets",
        "first_steps",
        "deadline",
        "default_status",
        "default_reason",
        "rules",
        "authorities",
    ),
    "myths": ("answer", "body", "authorities", "doctrines"),
    "jurisdictions": ("notes", "periods"),
}


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text, to one decimal."""
    import textstat

    return round(textstat.flesch_kincaid_grade(text), 1) if text.strip() else 0.0


def warnings(published: dict, proposed: dict) -> list[str]:
    """What a Publisher must see and acknowledge before publishing `proposed` over
    `published` (issue 16): public text above the reading grade, items resting on facts not
    yet verified, and items whose legal text changed while "Verified" and "Last reviewed"
    stayed as they were."""
    found = []
    for change in diff(published, proposed):
        if change.action == "removed":
            continue
        kind, key = change.kind, change.key
        new = next(e for e in proposed[kind] if e[schema.KINDS[kind]] == key)
        old = next((e for e in published.get(kind, []) if e[schema.KINDS[kind]] == key), {})
        texts = [(field, new.get(field) or "") for field in PLAIN_TEXTS.get(kind, ())]
        if kind == "routes":
            texts += [(f"rule {n}", rule["reason"]) for n, rule in enumerate(new["rules"], 1)]
        old_texts = {field: old.get(field) for field in PLAIN_TEXTS.get(kind, ())}
        old_texts |= {f"rule {n}": rule["reason"] for n, rule in enumerate(old.get("rules", []), 1)}
        for field, text in texts:
            if text != old_texts.get(field) and (grade := reading_grade(text)) > READING_GRADE_LIMIT:
                found.append(
                    f"{change.label}: the {field.replace('_', ' ')} reads at grade {grade} (aim for 9 or below)."
                )
        unverified = [
            what
            for what, entry in (
                ("it", new),
                *((f"its {p['years']}-year period", p) for p in new.get("periods", [])),
                *(
                    (f"its {n['days']}-day notice window", n)
                    for n in proposed["notices"]
                    if kind == "jurisdictions" and n["jurisdiction"] == key
                ),
                *(
                    (f"its deadline to sue under {d['statute']}", d)
                    for d in proposed.get("suits", [])
                    if kind == "jurisdictions" and d["jurisdiction"] == key
                ),
            )
            if "verified" in entry and not entry["verified"]
        ]
        if unverified:
            found.append(
                f"{change.label}: {', '.join(unverified)} not verified; the public will see “needs confirmation”."
            )
        legal = [f for f, _before, _after in change.fields if f in LEGAL_FIELDS.get(kind, ())]
        if old and legal and new.get("verified") and new.get("last_reviewed") == old.get("last_reviewed"):
            found.append(
                f"{change.label}: its text changed ({', '.join(legal)}) but it is still marked verified, "
                f"last reviewed {new.get('last_reviewed') or 'never'}, as before the change."
            )
    return found
