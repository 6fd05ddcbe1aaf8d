"""The redline: a diff of two versions of the content in the words a lawyer reads.

review.diff() says which fields of which items differ, in the document's own codes
(`default_status: unavailable`). This module says the same in the admin's labels and the
public's wording ("Default status: Likely closed → May be open"): long text as a word-level
redline with unchanged stretches collapsed, nothing cut off, and the parts that are lists of
records (a route's rules, a place's limitation periods) or a record (a route's deadline)
as small tables of what differs (issue 16).
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from liability.models import (
    Agency,
    Authority,
    ChoiceListField,
    Doctrine,
    Effect,
    Jurisdiction,
    LimitationPeriod,
    Myth,
    NoticeRule,
    OfficerKind,
    Route,
    Rule,
    SuitDeadline,
    Term,
)

from .review import Change

MODELS: dict[str, type[models.Model]] = {
    "authorities": Authority,
    "doctrines": Doctrine,
    "agencies": Agency,
    "officer_kinds": OfficerKind,
    "jurisdictions": Jurisdiction,
    "notices": NoticeRule,
    "suits": SuitDeadline,
    "routes": Route,
    "myths": Myth,
    "glossary": Term,
}
# The document's names that are not a model field's name.
NAMES = {
    "authorities": "Citations",
    "doctrines": "Doctrines it relies on",
    "first_steps": "First steps",
    "periods": "§ 1983 limitation periods",
    "rules": "Applicability rules",
    "deadline": "Deadline",
    "jurisdiction": "Place",
    "doctrine": "Doctrine",
}
# Nested records: the model whose labels and choices their fields use.
NESTED = {("routes", "rules"): Rule, ("jurisdictions", "periods"): LimitationPeriod}
DEADLINE_FIELDS = {"rule": "deadline_rule", "years": "deadline_years", "note": "deadline_note"}
ACTIONS = {"added": "New", "removed": "Removed", "changed": "Changed"}
CONTEXT_WORDS = 8  # unchanged words kept on each side of a change


@dataclass(frozen=True)
class Piece:
    """A stretch of a word-level redline: kept, deleted, inserted, or an elided gap."""

    op: str  # same | del | ins | gap
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    before: str
    after: str
    pieces: tuple[Piece, ...] = ()  # for text: the word-level redline

    @property
    def is_text(self) -> bool:
        return bool(self.pieces)


@dataclass(frozen=True)
class Table:
    """One record of a list (a rule, a period) or the deadline: the rows that differ."""

    title: str
    action: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Item:
    kind: str
    kind_label: str
    key: str
    label: str
    action: str
    action_label: str
    rows: tuple[Row, ...] = ()
    tables: tuple[Table, ...] = ()


def redline(changes: list[Change], before: dict, after: dict) -> list[Item]:
    """Every change, in plain words. `before` and `after` are the two documents, for names."""
    names = Names(before, after)
    items = []
    for change in changes:
        model = MODELS.get(change.kind, Jurisdiction)  # a kind added later reads with generic labels
        rows, tables = [], []
        for name, old, new in change.fields:
            if change.kind == "routes" and name == "deadline":
                tables.append(_deadline(old, new, names))
            elif (change.kind, name) in NESTED:
                tables.extend(_records(NESTED[change.kind, name], _label(model, name), old, new, names))
            else:
                rows.append(_row(model, name, old, new, names))
        items.append(
            Item(
                kind=change.kind,
                kind_label=capfirst(model._meta.verbose_name),
                key=change.key,
                label=change.label,
                action=change.action,
                action_label=_(ACTIONS[change.action]),
                rows=tuple(rows),
                tables=tuple(tables),
            )
        )
    return items


class Names:
    """What the document's slugs and codes stand for, from either version."""

    def __init__(self, before: dict, after: dict):
        self.names: dict[str, dict[str, str]] = {}
        for data in (before, after):
            for kind, key, label in (
                ("authorities", "slug", "citation"),
                ("doctrines", "slug", "name"),
                ("agencies", "slug", "name"),
                ("officer_kinds", "slug", "name"),
                ("jurisdictions", "code", "name"),
            ):
                for entry in data.get(kind, []):
                    self.names.setdefault(kind, {})[entry[key]] = entry[label]

    def of(self, kind: str, value: str) -> str:
        return self.names.get(kind, {}).get(value, value)


def _label(model: type[models.Model], name: str) -> str:
    if name in NAMES:
        return _(NAMES[name])
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except Exception:  # a document field with no model field of that name
        return capfirst(name.replace("_", " "))


def _row(model: type[models.Model], name: str, old, new, names: Names) -> Row:
    before, after = say(model, name, old, names), say(model, name, new, names)
    long = isinstance(old, str | list) or isinstance(new, str | list)
    pieces = words(before, after) if long and (len(before) > 40 or len(after) > 40 or "\n" in before + after) else ()
    return Row(_label(model, name), before, after, pieces)


def _deadline(old: dict | None, new: dict | None, names: Names) -> Table:
    old, new = old or {}, new or {}
    rows = []
    for name in dict.fromkeys([*old, *new]):
        if old.get(name) != new.get(name):
            rows.append(_row(Route, DEADLINE_FIELDS.get(name, name), old.get(name), new.get(name), names))
    return Table(_("Deadline"), "changed", tuple(rows))


def _records(model, title: str, old: list | None, new: list | None, names: Names) -> list[Table]:
    """A list of records compared position by position: each added, removed or changed one."""
    old, new = old or [], new or []
    tables = []
    for number in range(max(len(old), len(new))):
        a = old[number] if number < len(old) else None
        b = new[number] if number < len(new) else None
        if a == b:
            continue
        action = "added" if a is None else "removed" if b is None else "changed"
        rows = tuple(
            _row(model, name, (a or {}).get(name), (b or {}).get(name), names)
            for name in dict.fromkeys([*(a or {}), *(b or {})])
            if (a or {}).get(name) != (b or {}).get(name)
        )
        tables.append(Table(f"{title}: {number + 1} ({_(ACTIONS[action]).lower()})", action, rows))
    return tables


def say(model: type[models.Model], name: str, value, names: Names) -> str:
    """A value as the public or a lawyer would read it: labels, not codes."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in ("authorities",):
        return "; ".join(names.of("authorities", slug) for slug in value) or _("None")
    if name == "doctrines" and value and isinstance(value[0], dict):  # a route's doctrines and their effect
        return "; ".join(f"{names.of('doctrines', d['doctrine'])} ({Effect(d['effect']).label})" for d in value)
    if name in ("doctrines", "doctrine"):
        return "; ".join(names.of("doctrines", slug) for slug in ([value] if isinstance(value, str) else value))
    if name == "officer_kinds":
        return "; ".join(names.of("officer_kinds", slug) for slug in value) or _("Any")
    if name in ("jurisdictions", "jurisdiction"):
        codes = [value] if isinstance(value, str) else value
        return "; ".join(names.of("jurisdictions", code) for code in codes) or _("Any")
    if name == "agency":
        return names.of("agencies", value)
    if name == "first_steps":
        return "\n".join(value)
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        model_field = None
    if isinstance(model_field, ChoiceListField):
        labels = dict(model_field.item_choices)
        return "; ".join(str(labels.get(v, v)) for v in value) or _("Any")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


TOKENS = re.compile(r"\s+|[^\s]+")


def words(before: str, after: str) -> tuple[Piece, ...]:
    """A word-level redline of two texts, with long unchanged stretches collapsed to a few
    words either side of each change. A word or two left unchanged between two changes is
    folded into them, so a rewritten sentence reads as one deletion and one insertion."""
    a, b = TOKENS.findall(before if before != "—" else ""), TOKENS.findall(after if after != "—" else "")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    removed: list[str] = []
    added: list[str] = []

    def flush():
        if removed:
            pieces.append(Piece("del", "".join(removed)))
        if added:
            pieces.append(Piece("ins", "".join(added)))
        removed.clear()
        added.clear()

    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        first, last = number == 0, number == len(opcodes) - 1
        if op == "equal" and (first or last or i2 - i1 > 3):
            flush()
            pieces.extend(_collapsed(a[i1:i2], first=first, last=last))
        else:  # a change, or a short unchanged stretch between two changes
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    flush()
    return tuple(pieces)


def _collapsed(tokens: list[str], first: bool, last: bool) -> list[Piece]:
    keep = CONTEXT_WORDS * 2  # words and the spaces between them
    head = [] if first else tokens[:keep]
    tail = [] if last else tokens[-keep:]
    if len(tokens) <= len(head) + len(tail) + 2:
        return [Piece("same", "".join(tokens))]
    pieces = [Piece("same", "".join(head))] if head else []
    pieces.append(Piece("gap", "…"))
    if tail:
        pieces.append(Piece("same", "".join(tail)))
    return pieces
