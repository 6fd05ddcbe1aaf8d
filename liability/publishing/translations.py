"""Spanish beside the English: which Spanish a public page may show, and what needs a translator.

Every translated field `x` has a sibling `x_es` (schema.py), and each item an `es_reviewed`
stamp per field: the fingerprints of the English and the Spanish a translator reviewed
together (the admin's "Spanish reviewed" box writes it). A field's Spanish is

- missing:    no Spanish yet;
- unreviewed: Spanish written (a draft, or edited since its review) but never confirmed;
- stale:      reviewed, but its English has changed since (on save, import or restore alike:
              the stamp no longer matches, so no one has to remember to mark it);
- current:    reviewed, and neither text has changed since.

A Spanish page shows only current Spanish. Anything else is shown as its English, marked
(`English`): a legal statement a translator has not confirmed is never passed off as Spanish
that says the same as the English. Nothing here reads the database: it works on a published
version's data, so the public read path stays one query per page.
"""

import copy
import hashlib
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext

from liability import law

from . import schema
from .document import content_of

LANGUAGE = "es"
MISSING, UNREVIEWED, STALE, CURRENT = "missing", "unreviewed", "stale", "current"
STATES = {
    MISSING: "No Spanish yet",
    UNREVIEWED: "Spanish not reviewed",
    STALE: "English changed since the Spanish was reviewed",
    CURRENT: "Spanish reviewed",
}


class English(str):
    """English text on a Spanish page, in place of Spanish that is missing, unreviewed or
    stale. Templates print it as the English in `<span lang="en">` (WCAG 3.1.2, language of
    parts) with a visible "not yet translated" note, through `__html__`, so every
    `{{ text }}` marks it with no template change; filters that build HTML (markdown,
    link_terms) keep the mark too. Plain text (a page title, a calendar file) gets the
    English alone."""

    __slots__ = ()

    def __html__(self) -> str:
        return marked(str.__str__(self))  # str.__str__: the bare text, without this mark

    # `{% translate text %}` (content labels such as an officer kind's name go through it)
    # escapes "%" with replace(), looks the text up with gettext() and renders it with str():
    # keep the mark through all three, so the page still marks it.
    def __str__(self) -> str:
        return self

    def replace(self, old, new, count=-1) -> "English":
        return English(str.replace(self, old, new, count))

    def __deepcopy__(self, memo) -> "English":
        return self  # immutable, like str: dataclasses.asdict copies every text of a snapshot


def marked(html_or_text: str, block: bool = False) -> str:
    """The English (text, or HTML already made safe) marked as not yet translated."""
    tag = "div" if block else "span"
    return format_html(
        '<{} lang="en" class="untranslated">{}</{}> <span class="untranslated-note">({})</span>',
        tag,
        html_or_text,
        tag,
        gettext("Not yet translated into Spanish"),
    )


def digest(text: str | list[str] | None) -> str:
    """A fingerprint of a text as published (first steps: their lines, one a line)."""
    if isinstance(text, list):
        text = "\n".join(text)
    return hashlib.sha256((text or "").strip().encode()).hexdigest()[:12]


def stamp(english: str | list[str], spanish: str | list[str]) -> dict[str, str]:
    """What "Spanish reviewed" records for one field: the two texts reviewed together."""
    return {"en": digest(english), "es": digest(spanish)}


def state(english, spanish, reviewed: dict | None) -> str:
    """The state of one field's Spanish; "" where there is no English to translate."""
    if not english:
        return ""
    if not spanish:
        return MISSING
    if not reviewed or reviewed.get("es") != digest(spanish):
        return UNREVIEWED
    if reviewed.get("en") != digest(english):
        return STALE
    return CURRENT


def translated(item: type[schema.Item]) -> list[str]:
    """The fields of a kind that have Spanish beside them."""
    return [name for name in item.model_fields if f"{name}_es" in item.model_fields]


def _nested(field) -> type[schema.Item] | None:
    annotation = field.annotation
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    return annotation if isinstance(annotation, type) and issubclass(annotation, schema.Item) else None


@dataclass(frozen=True)
class Field:
    """One translated field of one item, where it is, and the state of its Spanish."""

    kind: str
    key: str
    label: str  # the item, as the review page names it
    path: str  # e.g. "summary", "rules[2].reason", "deadline.note"
    owner: dict  # the dict holding it (the item, or a nested rule, period or deadline)
    name: str
    state: str


def fields(data: dict[str, list[dict]]) -> Iterator[Field]:
    """Every translated field with English, in every item of a version's data."""
    for kind, item in schema.SCHEMA.items():
        for entry in data.get(kind) or []:
            key, label = str(entry.get(item.KEY, "")), str(entry.get(item.LABEL, "") or entry.get(item.KEY, ""))
            for path, owner, name, reviewed in _walk(item, entry, {}, ""):
                found = state(owner.get(name), owner.get(f"{name}_es"), reviewed)
                if found:
                    yield Field(kind, key, label, path, owner, name, found)


def _walk(item: type[schema.Item], entry: dict, stamps: dict, prefix: str):
    """(path, owner, name, stamp) per translated field. An item with its own `es_reviewed`
    (a route, a rule, a period) keeps its stamps; a nested part without one (a route's
    deadline) is stamped on its parent as `<part>_<field>`, the admin's column name."""
    own = "es_reviewed" in item.model_fields
    reviewed = (entry.get("es_reviewed") or {}) if own else stamps
    for name in translated(item):
        yield f"{prefix}{name}", entry, name, reviewed.get(name if own else f"{prefix.rstrip('.')}_{name}")
    for name, field in item.model_fields.items():
        part = _nested(field)
        value = entry.get(name)
        if part is None or not value:
            continue
        if isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, dict):
                    yield from _walk(part, child, reviewed, f"{prefix}{name}[{i + 1}].")
        elif isinstance(value, dict):
            yield from _walk(part, value, reviewed, f"{prefix}{name}.")


def localize(data: dict[str, list[dict]], language: str) -> dict[str, list[dict]]:
    """A version's data as a page in `language` shows it: in Spanish, each translated field
    is its current Spanish, or else its English marked as `English`. Other languages: as is."""
    if language != LANGUAGE:
        return data
    data = copy.deepcopy(data)
    for f in fields(data):
        english = f.owner[f.name]
        if f.state == CURRENT:
            f.owner[f.name] = f.owner[f"{f.name}_es"]
        elif isinstance(english, list):
            f.owner[f.name] = [English(line) for line in english]
        else:
            f.owner[f.name] = English(english)
    return data


def pending(data: dict[str, list[dict]]) -> list[Field]:
    """What needs a translator: every field whose Spanish is not current."""
    return [f for f in fields(data) if f.state != CURRENT]


def counts(data: dict[str, list[dict]]) -> dict[str, int]:
    """How many items are in each state, an item counted once at its worst field's state
    (stale, then unreviewed, then missing), plus "items" (all with something to translate)."""
    order = [STALE, UNREVIEWED, MISSING, CURRENT]
    worst: dict[tuple[str, str], str] = {}
    for f in fields(data):
        key = (f.kind, f.key)
        if key not in worst or order.index(f.state) < order.index(worst[key]):
            worst[key] = f.state
    found = Counter(worst.values())
    return {"items": len(worst), **{s: found.get(s, 0) for s in order}}


def content_in(data: dict[str, list[dict]], language: str) -> law.Content:
    """The reasoning's snapshot of data localized for `language`. Its fingerprint names the
    language: Spanish with nothing reviewed reads the same as the English, but is marked,
    and what is kept per fingerprint (the questionnaire built from it) must not be shared."""
    content = content_of(data)
    if language != "en":
        marked_fingerprint = hashlib.sha256(f"{content.result_fingerprint}:{language}".encode()).hexdigest()[:16]
        content.__dict__["result_fingerprint"] = marked_fingerprint  # a cached_property on a frozen dataclass
    return content


def keep_marks(result: dict) -> dict:
    """A result about to be stored as JSON (a share) names the texts it showed in English,
    since JSON keeps no marks: opening the share marks them again (restore_marks)."""
    found: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, English):
            found.add(str.__str__(value))
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list | tuple):
            for v in value:
                collect(v)

    collect(result)
    return {**result, "shown_in_english": sorted(found)} if found else result


def restore_marks(result: dict) -> dict:
    """A stored result with the texts it showed in English marked again."""
    english = set(result.get("shown_in_english") or ())
    if not english:
        return result

    def mark(value):
        if isinstance(value, str):
            return English(value) if value in english else value
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    return mark(result)
