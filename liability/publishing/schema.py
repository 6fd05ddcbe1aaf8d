"""The content schema: the one declaration of what each kind of content holds.

Everything else is derived from these classes: the content files are read through them
(a malformed file fails naming the file, the item and the field, before anything is
written), the importer and the export write and read their plain fields by the names
declared here, the checks before publishing are their `publish` validators, the public
JSON (a published version's data) is their dump, the reasoning's snapshot (content_of)
takes the fields law.py declares by the same names, and the benchmark's content grower
renames the references declared here.

Adding a field to a kind: add it below with a default (old published versions lack it),
add the model field of the same name and its migration. A plain value (text, number,
date, flag, a list of choices) then flows through files, export, import, diff and the
public JSON with no other edit; see content/README.md.

Pydantic (v2) because it gives, for free, what a hand-written checker would have to
grow: typed fields with defaults, nested items, and errors that carry the location of
the bad field, which is how a lawyer finds the line to fix. It is well kept and fast
(the whole bundled content validates in milliseconds).
"""

import typing
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, model_validator
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError

from liability import questions

STRICT = "strict"  # context flag: files and restores, where every value must be one we know
PUBLISH = "publish"  # context flag: the checks before publishing (citations, no empty text)


class ContentError(ValueError):
    """Content that does not fit the schema; the message names where and what."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""))


# Field markers, read by the importer, the export and the checks.


class Ref:
    """The field names items of another kind by their key (a slug, or a place's code)."""

    def __init__(self, kind: str):
        self.kind = kind


class Linked:
    """The field is stored in related rows, not in a column of the same name: the kind's
    own import and export code handles it (citations, links, nested items)."""


def ref_of(field) -> Ref | None:
    """The Ref marker of a field that names one other item (a foreign key), if it is one."""
    if typing.get_origin(field.annotation) is list:
        return None
    return next((m for m in field.metadata if isinstance(m, Ref)), None)


def _flag(info: ValidationInfo, name: str) -> bool:
    return bool(info.context and info.context.get(name))


def one_of(*choices):
    allowed = {value for value, _label in choices}

    def check(value, info: ValidationInfo):
        if not _flag(info, STRICT):
            return value
        for item in value if isinstance(value, list) else [value]:
            if item not in allowed and item != "":
                raise PydanticCustomError(
                    "choice",
                    "{value} is not one of {allowed}",
                    {"value": repr(item), "allowed": ", ".join(sorted(allowed))},
                )
        return value

    return AfterValidator(check)


def _public_text(value: str, info: ValidationInfo) -> str:
    if _flag(info, PUBLISH) and not value.strip():
        raise PydanticCustomError("blank", "is empty: the public needs words here")
    return value


def _cited(value: list[str], info: ValidationInfo) -> list[str]:
    if _flag(info, PUBLISH) and not value:
        raise PydanticCustomError("uncited", "cites no authority")
    return value


Text = Annotated[str, AfterValidator(_public_text)]  # public text that must not be empty once published
Citations = Annotated[list[str], Ref("authorities"), AfterValidator(_cited)]  # at least one, once published
Sources = Annotated[list[str], Ref("authorities")]  # may be empty
# Spanish: a field `x` with a sibling `x_es` has Spanish beside its English (liability/translation.py
# declares the same fields). `es_reviewed` holds, per field, the fingerprints of the English and
# Spanish a translator reviewed together (see publishing/translations.py).
Reviewed = dict[str, dict[str, str]]
# A set of items, stored sorted so that equal sets compare equal (the export sorts them too).
Unordered = AfterValidator(lambda values: sorted(set(values)))


def _choices(model_choices) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in model_choices]


STATUS = [("available", ""), ("limited", ""), ("unavailable", "")]
EFFECT = [("blocks", ""), ("helps", ""), ("depends", "")]
LEVELS = [(level.value, "") for level in questions.LEVEL_LABELS]
GROUPS = [(group, "") for group in questions.GROUP_LABELS]
HARMS = [(c.value, "") for c in questions.HARMS]
CASE_OUTCOMES = [(c.value, "") for c in questions.CASE_OUTCOMES]
ASKERS = [(c.value, "") for c in questions.ASKERS]
DUTY = [(c.value, "") for c in questions.DUTY]
CUSTODY = [(c.value, "") for c in questions.CUSTODY]
REMEDIES = [(v, "") for v in ("money", "prosecution", "discipline", "court_order", "information")]


class Item(BaseModel):
    """One item of content. Unknown fields are refused in files and restores (a typo must
    not vanish silently) but ignored when reading an old published version."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    KEY: ClassVar[str] = "slug"
    LABEL: ClassVar[str] = "name"  # what the review page calls an item

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            raise PydanticCustomError("item", "expected fields (name: value), got {value}", {"value": str(data)[:60]})
        # YAML writes an empty value as null; it means "the default", not "no value".
        data = {name: value for name, value in data.items() if value is not None or cls._nullable(name)}
        if _flag(info, STRICT) and (unknown := sorted(set(data) - set(cls.model_fields))):
            raise PydanticCustomError(
                "unknown",
                "unknown field {fields} (known: {known})",
                {"fields": ", ".join(unknown), "known": ", ".join(cls.model_fields)},
            )
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _keep_marks(cls, data: Any, handler) -> Any:
        """Text marked by its type (a str subclass: English shown on a Spanish page, see
        publishing/translations.py) keeps its mark through validation, which makes plain str."""
        item = handler(data)
        if isinstance(data, dict):
            for name, value in data.items():
                if name not in cls.model_fields:
                    continue
                if isinstance(value, str) and type(value) is not str:
                    item.__dict__[name] = type(value)(getattr(item, name))
                elif isinstance(value, list) and any(isinstance(v, str) and type(v) is not str for v in value):
                    item.__dict__[name] = [type(v)(w) for v, w in zip(value, getattr(item, name), strict=True)]
        return item

    @classmethod
    def _nullable(cls, name: str) -> bool:
        field = cls.model_fields.get(name)
        return field is not None and not field.is_required() and field.default is None

    @classmethod
    def columns(cls) -> list[str]:
        """The fields stored in a column of the same name (a Ref on one item: a foreign key)."""
        return [
            name for name, field in cls.model_fields.items() if not any(isinstance(m, Linked) for m in field.metadata)
        ]

    def ident(self) -> str:
        return getattr(self, self.KEY)

    def sort_key(self) -> tuple:
        """Items of a kind are kept in this order, in the files and in a version alike."""
        return (self.ident(),)

    def renamed(self, names: dict, kind: str = "") -> "Item":
        """A copy with its own key (if `kind` is in `names`) and every reference to a kind
        in `names` passed through that kind's renaming function."""
        changes = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            ref = next((m for m in field.metadata if isinstance(m, Ref)), None)
            if ref and ref.kind in names:
                rename = names[ref.kind]
                value = [rename(v) for v in value] if isinstance(value, list) else rename(value) if value else value
            elif isinstance(value, Item):
                value = value.renamed(names)
            elif isinstance(value, list) and value and isinstance(value[0], Item):
                value = [v.renamed(names) for v in value]
            changes[name] = value
        if kind in names:
            changes[self.KEY] = names[kind](self.ident())
        return self.model_copy(update=changes)

    def references(self, path: str = "") -> Iterator[tuple[str, str, str]]:
        """(field, kind, key) for every other item this one names."""
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            where = f"{path}{name}"
            for marker in field.metadata:
                if isinstance(marker, Ref):
                    for key in value if isinstance(value, list) else [value] if value else []:
                        yield where, marker.kind, key
            for i, child in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(child, Item):
                    yield from child.references(f"{where}[{i + 1}]." if isinstance(value, list) else f"{where}.")


# The kinds. Field order is the order of the files and the public JSON.


class Authority(Item):
    LABEL = "title"
    slug: str
    kind: Annotated[
        str, one_of(("statute", ""), ("case", ""), ("regulation", ""), ("constitution", ""), ("secondary", ""))
    ]
    title: str
    citation: str
    url: str
    verified: bool = False
    note: str = ""
    last_reviewed: date | None = None


class Doctrine(Item):
    slug: str
    name: str
    name_es: str = ""
    effect: Annotated[str, one_of(*EFFECT)] = "depends"
    summary: Text
    summary_es: str = ""
    body: Text
    body_es: str = ""
    authorities: Annotated[Citations, Linked()] = []
    verified: bool = False
    last_reviewed: date | None = None
    es_reviewed: Reviewed = {}


class Agency(Item):
    slug: str
    name: str
    name_es: str = ""
    department: str = ""
    department_es: str = ""
    complaint_name: str = ""
    complaint_name_es: str = ""
    complaint_url: str = ""
    claims_office: str = ""
    claims_office_es: str = ""
    claims_url: str = ""
    verified: bool = False
    es_reviewed: Reviewed = {}


class OfficerKind(Item):
    slug: str
    name: str
    name_es: str = ""
    level: Annotated[str, one_of(*LEVELS)]
    group: Annotated[str, one_of(*GROUPS)] = ""  # the kind of officer it is asked under: its level's unless said
    hint: str = ""
    hint_es: str = ""
    agency: Annotated[str, Ref("agencies")] = ""
    order: int = 0
    es_reviewed: Reviewed = {}

    def sort_key(self) -> tuple:
        return (self.order, self.slug)

    @model_validator(mode="after")
    def _group(self):
        self.group = self.group or questions.LEVEL_GROUPS.get(self.level, "unsure")
        return self


class Period(Item):
    """A state's § 1983 limitations period, in force for incidents in a range of dates."""

    KEY = "statute"
    years: int
    statute: str
    source: str
    applies_from: date | None = None
    applies_until: date | None = None
    verified: bool = False
    note: str = ""
    note_es: str = ""
    es_reviewed: Reviewed = {}


class Jurisdiction(Item):
    KEY = "code"
    code: str
    name: str
    kind: Annotated[str, one_of(("state", ""), ("district", ""), ("territory", ""))] = "state"
    notes: str = ""
    notes_es: str = ""
    periods: Annotated[list[Period], Linked()] = []
    # Issue 10: the place's pause for a child (borrowed by § 1983 and Bivens; majority 0:
    # no pause; years after that birthday, empty: the full period; an outer limit in years).
    minor_majority: int | None = None
    minor_years: int | None = None
    minor_limit: int | None = None
    minor_statute: str = ""
    minor_source: str = ""
    minor_verified: bool = False
    minor_note: str = ""
    minor_note_es: str = ""
    # Its wrongful-death period (from the death) and who may bring the claims.
    death_years: int | None = None
    death_who: str = ""
    death_who_es: str = ""
    death_statute: str = ""
    death_source: str = ""
    death_verified: bool = False
    death_note: str = ""
    death_note_es: str = ""
    last_reviewed: date | None = None
    es_reviewed: Reviewed = {}


class Notice(Item):
    """A notice-of-claim window, named `<place>-<covers>-<days>` (the files may leave the name out)."""

    KEY = "key"
    LABEL = "key"
    key: Annotated[str, Linked()] = ""  # made from the three below, not stored
    jurisdiction: Annotated[str, Ref("jurisdictions")]
    covers: Annotated[str, one_of(("state", ""), ("local", ""), ("all", ""))] = "all"
    days: int
    statute: str
    source: str
    verified: bool = False
    note: str = ""
    note_es: str = ""
    es_reviewed: Reviewed = {}

    def sort_key(self) -> tuple:
        return (self.jurisdiction, self.days, self.covers, self.statute)

    @model_validator(mode="after")
    def _key(self):
        self.key = self.key or f"{self.jurisdiction}-{self.covers}-{self.days}"
        return self


class Suit(Item):
    """A deadline to sue a public body under state law, named `<place>-<covers>-<counts_from>-<n>y<n>m`."""

    KEY = "key"
    LABEL = "key"
    key: Annotated[str, Linked()] = ""  # made from the fields below, not stored
    jurisdiction: Annotated[str, Ref("jurisdictions")]
    covers: Annotated[str, one_of(("state", ""), ("local", ""), ("all", ""))] = "all"
    counts_from: Annotated[str, one_of(("incident", ""), ("rejection", ""))] = "incident"
    years: int | None = None
    months: int | None = None
    days: int | None = None  # added to the years and months: New York's "1 year and 90 days"
    statute: str
    source: str = ""
    verified: bool = False
    note: str = ""
    note_es: str = ""
    es_reviewed: Reviewed = {}
    # Which claims this deadline covers when it is not every claim (e.g. D.C.'s 1 year for
    # assault and false arrest beside its general 3), shown with the date.
    claims: str = ""
    claims_es: str = ""
    # The words read in the source that prove the deadline: for the reviewer, not shown.
    quote: str = ""

    def sort_key(self) -> tuple:
        return (self.jurisdiction, self.covers, self.counts_from, self.statute)

    @model_validator(mode="after")
    def _key(self):
        self.key = (
            self.key
            or f"{self.jurisdiction}-{self.covers}-{self.counts_from}-{self.years or 0}y{self.months or 0}m"
            + (f"{self.days}d" if self.days else "")
        )
        return self


class Deadline(Item):
    KEY = "rule"
    rule: Annotated[str, one_of(("none", ""), ("fixed", ""), ("state_1983", ""), ("notice", ""))] = "none"
    years: int | None = None
    note: str = ""
    note_es: str = ""  # its review is the route's: es_reviewed["deadline_note"]
    authorities: Sources = []
    after_denial_months: int | None = None  # issue 10: months to sue after a written denial
    from_case_end: bool = False  # a claim that the charges were false runs from the case's end
    minor_note: str = ""  # what a child's age does to this deadline
    minor_note_es: str = ""  # reviewed as the route's es_reviewed["deadline_minor_note"]

    @model_validator(mode="after")
    def _cited(self, info: ValidationInfo):
        # A wrong or missing deadline is the worst bug: one with no source is never published (issue 16).
        if _flag(info, PUBLISH) and self.rule != "none" and not self.authorities:
            raise PydanticCustomError("uncited", "a deadline that cites no authority: cite the law that sets it")
        return self


class RouteDoctrine(Item):
    KEY = "doctrine"
    doctrine: Annotated[str, Ref("doctrines")]
    effect: Annotated[str, one_of(*EFFECT)] = "depends"


class Rule(Item):
    """When a route is open, limited or closed: every condition set must hold."""

    KEY = "reason"
    status: Annotated[str, one_of(*STATUS)]
    reason: Text
    reason_es: str = ""
    authorities: Annotated[Citations, Linked()] = []  # in the order given
    officer_levels: Annotated[list[str], one_of(*LEVELS)] = []
    officer_kinds: Annotated[list[str], Ref("officer_kinds"), Unordered, Linked()] = []
    harms: Annotated[list[str], one_of(*HARMS)] = []
    harms_match: Annotated[str, one_of(("any", ""), ("only", ""))] = "any"
    jurisdictions: Annotated[list[str], Ref("jurisdictions"), Unordered, Linked()] = []
    case_outcomes: Annotated[list[str], one_of(*CASE_OUTCOMES)] = []
    died: Annotated[str, one_of(("yes", ""), ("no", ""))] = ""
    askers: Annotated[list[str], one_of(*ASKERS)] = []
    incident_from: date | None = None
    incident_until: date | None = None
    duty: Annotated[list[str], one_of(*DUTY)] = []
    custody: Annotated[list[str], one_of(*CUSTODY)] = []
    es_reviewed: Reviewed = {}


class Route(Item):
    slug: str
    name: str
    name_es: str = ""
    kind: Annotated[str, one_of(("civil", ""), ("criminal", ""), ("administrative", ""))]
    decider: Annotated[str, one_of(("you", ""), ("prosecutor", ""), ("agency", ""))]
    remedies: Annotated[list[str], one_of(*REMEDIES)] = []
    summary: Text
    summary_es: str = ""
    gets: Text
    gets_es: str = ""
    first_steps: Annotated[list[str], Linked()] = []  # one line each in the admin
    first_steps_es: Annotated[list[str], Linked()] = []
    deadline: Annotated[Deadline, Linked()] = Deadline()
    jurisdictions: Annotated[list[str], Ref("jurisdictions"), Unordered, Linked()] = []
    # Shown only when one of these harms happened (e.g. someone held now); empty: always.
    only_for_harms: Annotated[list[str], one_of(*HARMS)] = []
    default_status: Annotated[str, one_of(*STATUS)]
    default_reason: Text
    default_reason_es: str = ""
    authorities: Annotated[Citations, Linked()] = []
    doctrines: Annotated[list[RouteDoctrine], Linked()] = []
    rules: Annotated[list[Rule], Linked()] = []
    # The doctrines the side-by-side table states for its cost and time cells (issue 10: no law
    # in templates): e.g. who pays the lawyers (42 U.S.C. § 1988), the FTCA's claim first.
    fees: Annotated[str, Ref("doctrines")] = ""
    timing: Annotated[str, Ref("doctrines")] = ""
    order: int | None = None  # its position in the files unless given
    verified: bool = False
    last_reviewed: date | None = None
    es_reviewed: Reviewed = {}

    def sort_key(self) -> tuple:
        return (self.order, self.slug)


class Myth(Item):
    LABEL = "question"
    slug: str
    question: str
    question_es: str = ""
    answer: Text
    answer_es: str = ""
    body: Text
    body_es: str = ""
    short: str = ""  # "No.": the answer in a word or two, on a result it applies to
    short_es: str = ""
    # When a result answers it near the top: every condition set holds (no short: never).
    officer_levels: Annotated[list[str], one_of(*LEVELS)] = []
    harms: Annotated[list[str], one_of(*HARMS)] = []
    jurisdictions: Annotated[list[str], Ref("jurisdictions"), Unordered, Linked()] = []
    died: Annotated[str, one_of(("yes", ""), ("no", ""))] = ""
    case_outcomes: Annotated[list[str], one_of(*CASE_OUTCOMES)] = []
    authorities: Annotated[Citations, Linked()] = []
    doctrines: Annotated[list[str], Ref("doctrines"), Unordered, Linked()] = []
    order: int | None = None
    verified: bool = False
    last_reviewed: date | None = None
    es_reviewed: Reviewed = {}

    def sort_key(self) -> tuple:
        return (self.order, self.slug)


class Term(Item):
    LABEL = "term"
    slug: str
    term: str
    term_es: str = ""
    definition: Text
    definition_es: str = ""
    doctrine: Annotated[str, Ref("doctrines")] = ""
    es_reviewed: Reviewed = {}


# The kinds in load order (a kind only names kinds before it), with their schema.
SCHEMA: dict[str, type[Item]] = {
    "authorities": Authority,
    "doctrines": Doctrine,
    "agencies": Agency,
    "officer_kinds": OfficerKind,
    "jurisdictions": Jurisdiction,
    "notices": Notice,
    "suits": Suit,
    "routes": Route,
    "myths": Myth,
    "glossary": Term,
}
KINDS = {kind: item.KEY for kind, item in SCHEMA.items()}  # the key that names an item of each kind
Document = dict[str, list[Item]]


def parse(data: dict[str, list], where: dict[str, str] | str = "", *, strict=True, publish=False) -> Document:
    """Content data as schema items: every problem is collected, each naming its source
    (`where`: a file name per kind, or one name such as "version 3"), the item and the
    field, and raised together as one ContentError. Nothing is written here."""
    context = {STRICT: strict, PUBLISH: publish}
    problems: list[str] = []
    document: Document = {}
    for kind, schema in SCHEMA.items():
        source = _source(where, kind)
        entries = data.get(kind) or []
        if not isinstance(entries, list):
            problems.append(f"{source}{kind} should be a list of items.")
            entries = []
        items: dict = {}
        for number, entry in enumerate(entries, 1):
            name = entry.get(schema.KEY) if isinstance(entry, dict) else None
            label = f"{source}{kind} {name!r}" if name else f"{source}{kind}, item {number}"
            try:
                item = schema.model_validate(entry, context=context)
            except PydanticError as error:
                problems.extend(f"{label}, {_field(e['loc'])}{e['msg']}." for e in error.errors(include_url=False))
                continue
            if kind in ("routes", "myths") and item.order is None:
                item.order = number - 1
            if item.ident() in items and items[item.ident()] != item and strict:
                problems.append(f"{label} is defined twice, differently.")
            items[item.ident() if strict else number] = item  # the working copy may hold look-alikes
        document[kind] = sorted(items.values(), key=lambda item: item.sort_key())
    if strict or publish:
        problems.extend(dangling(document, where))
    if problems:
        raise ContentError(problems)
    return document


def _field(loc: tuple) -> str:
    parts = [f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in loc]
    path = "".join(parts).lstrip(".")
    return f"field {path}: " if path else ""


def dangling(document: Document, where: dict[str, str] | str = "") -> Iterator[str]:
    """A reference to an item that does not exist."""
    known = {kind: {item.ident() for item in items} for kind, items in document.items()}
    for kind, items in document.items():
        for item in items:
            for field, other, key in item.references():
                if key not in known.get(other, ()):
                    yield (
                        f"{_source(where, kind)}{kind} {item.ident()!r}, field {field}: "
                        f"names {key!r}, which is not among the {other.replace('_', ' ')}."
                    )


def _source(where: dict[str, str] | str, kind: str) -> str:
    source = where.get(kind, "") if isinstance(where, dict) else where
    return f"{source}: " if source else ""


def dump(document: Document) -> dict[str, list[dict]]:
    """The content as plain data: the content files' format and a published version's JSON."""
    return {kind: [item.model_dump(mode="json") for item in items] for kind, items in document.items()}


def normalize(data: dict[str, list], where: dict[str, str] | str = "") -> dict[str, list[dict]]:
    """Data in the schema's exact shape (defaults filled in, keys in order), checked."""
    return dump(parse(data, where))
