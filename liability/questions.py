"""THE questionnaire, as data: which question comes next is code, reviewed and tested.

The officer kinds and places are legal content that staff edit, so they arrive as
choices built from the content snapshot; everything else a person is asked lives here.
Ask only what is needed to route: no names, no free text, no story.
"""

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from . import law
from .engine import (
    Answers,
    Choice,
    Flow,
    Kind,
    Outcome,
    Question,
    Step,
    always,
    unless,
    when,
)


def _(text: str) -> str:
    """Marks a string for translation (makemessages finds `_`); templates translate it."""
    return text


class Level(StrEnum):
    FEDERAL = "federal"
    STATE = "state"
    LOCAL = "local"
    HYBRID = "hybrid"
    UNSURE = "unsure"


LEVEL_LABELS = {
    Level.FEDERAL: _("Federal agents and officers"),
    Level.STATE: _("State officers"),
    Level.LOCAL: _("Local police and sheriffs"),
    Level.HYBRID: _("Officers who may count as federal or local"),
    Level.UNSURE: _("Not sure"),
}

HARMS = (
    Choice("shot", _("Shot or shot at with a gun")),
    Choice("force", _("Other physical force: beaten, tackled, tased, pepper-sprayed or hit with pepper balls")),
    Choice("arrest", _("Arrested, detained or held in custody")),
    Choice("search", _("Searched: body, car, phone or home")),
    Choice("property", _("Property damaged, taken or destroyed")),
    Choice("retaliation", _("Targeted for recording, filming, protesting or speaking out")),
    # Someone taken away and not released: the "someone held now" actions (plan.ACTIONS)
    # and the habeas corpus route. The label avoids "held", "custody", "arrest": the public
    # scenario driver ticks every harm whose label matches its arrest words.
    Choice(
        "held",
        _("Taken away by officers and not released yet"),
        _("For example, taken by immigration officers, and you may not know where they are now."),
    ),
    Choice("other", _("Something else")),
)
DIED = (Choice("yes", _("Yes, they died")), Choice("no", _("No, they survived")))
ASKERS = (
    Choice("self", _("Myself: it happened to me")),
    Choice("family", _("A family member or loved one")),
    Choice("helper", _("Someone else I am helping, as a friend, advocate or lawyer")),
)
CASE_OUTCOMES = (
    Choice("none", _("No, not charged")),
    Choice("pending", _("Yes, and the case is still open")),
    Choice("convicted", _("Yes, and convicted or pleaded guilty")),
    Choice("dropped", _("Yes, but the charges were dropped or they were found not guilty")),
    Choice("unsure", _("I'm not sure")),
)
WANTS = (
    Choice("money", _("Money for the harm (compensation)")),
    Choice("prosecution", _("Criminal charges against the officer (prosecution)")),
    Choice("discipline", _("Discipline: an investigation, or the officer disciplined or fired")),
    Choice("change", _("Change a policy or practice so it stops")),
    Choice("understand", _("Just to understand my options")),
)
# (value, label, years ago from, years ago until): a person may not know the date.
RANGES = (
    ("lt1", _("Less than a year ago"), 0, 1),
    ("1to2", _("1 to 2 years ago"), 1, 2),
    ("2to3", _("2 to 3 years ago"), 2, 3),
    ("3to6", _("3 to 6 years ago"), 3, 6),
    ("gt6", _("More than 6 years ago"), 6, None),
    ("unsure", _("I'm not sure"), None, None),
)

# Harms after which a person may not have survived; others skip that question.
BODILY = ("shot", "force", "arrest", "other")

# Each question in a word or two, for "because you said: officer: ...; place: ...".
TOPICS = {
    "officer": _("Officer"),
    "harms": _("What happened"),
    "died": _("Whether the person died"),
    "asker": _("Asking for"),
    "place": _("Place"),
    "date": _("When"),
    "charged": _("Criminal case"),
    "wants": _("Hoping for"),
}


def build(officers: Sequence[Choice], places: Sequence[Choice]) -> Flow:
    """The questionnaire, with the officer kinds and places from the published content."""
    questions = [
        Question(
            "officer",
            _("Who did the officer work for?"),
            Kind.ONE,
            tuple(officers),
            routes=((always, "harms"),),
            hint=_("Look for words on the uniform, badge, vehicle or papers. If you don't know, choose “not sure”."),
        ),
        Question(
            "harms",
            _("What happened? Choose all that apply."),
            Kind.MANY,
            HARMS,
            routes=((when("harms", *BODILY), "died"), (always, "asker")),
        ),
        Question(
            "died",
            _("Did the person who was harmed die?"),
            Kind.ONE,
            DIED,
            routes=((always, "asker"),),
            hint=_("We are very sorry if they did. We ask because a family has its own rights."),
        ),
        Question(
            "asker",
            _("Who are you asking for?"),
            Kind.ONE,
            ASKERS,
            routes=((always, "place"),),
            offered_when={"self": unless("died", "yes")},
        ),
        Question(
            "place",
            _("Which state or territory did it happen in?"),
            Kind.SELECT,
            tuple(places),
            routes=((always, "date"),),
            hint=_("Deadlines and some laws depend on the place."),
            empty_label=_("Choose a state or territory"),
        ),
        Question(
            "date",
            _("When did it happen?"),
            Kind.DATE,
            tuple(Choice(value, label) for value, label, *_years in RANGES),
            routes=((when("died", "yes"), "wants"), (always, "charged")),
            hint=_("Deadlines run from this date. If you don't know it, choose about how long ago."),
            range_key="approx",
        ),
        Question(
            "charged",
            _("Was the person who was harmed charged with a crime after this?"),
            Kind.ONE,
            CASE_OUTCOMES,
            routes=((always, "wants"),),
            hint=_("A criminal case can change which routes are open and when."),
        ),
        Question(
            "wants",
            _("What are you hoping for? Choose all that apply."),
            Kind.MANY,
            WANTS,
            routes=((always, "result"),),
        ),
    ]
    return Flow(start="officer", nodes={q.key: q for q in questions} | {"result": Outcome("result")})


def incident_window(answers: Answers, today: date) -> tuple[date | None, date | None, bool]:
    """The earliest and latest possible incident date, and whether it is exact."""
    value = next(iter(answers.get("date", ())), "")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None:
        return day, day, True
    for key, _label, start, end in RANGES:
        if key == value and start is not None:
            earliest = _years_before(today, end) if end is not None else None
            return earliest, _years_before(today, start), False
    return None, None, False


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return date(today.year - years, 2, 28)


_built: dict[str, Flow] = {}


def build_for(content: law.Content) -> Flow:
    """The questionnaire with the officer kinds and places of this content. Kept per
    content version: building it takes time in proportion to the content, a page must not."""
    if content.result_fingerprint not in _built:
        if len(_built) > 8:
            _built.clear()
        _built[content.result_fingerprint] = _build_for(content)
    return _built[content.result_fingerprint]


def _build_for(content: law.Content) -> Flow:
    officers = [Choice(o.slug, o.name, o.hint, o.group) for o in content.officer_kinds.values()]
    places = [Choice(j.code, j.name) for j in sorted(content.jurisdictions.values(), key=lambda j: j.name)]
    return build(officers, places)


def facts_of(step: Step, content: law.Content, today: date) -> law.Facts:
    """The facts the legal reasoning needs, from a completed journey."""
    answers = step.answers

    def one(key: str) -> str:
        return next(iter(answers.get(key, ())), "")

    officer = content.officer_kinds.get(one("officer"))
    earliest, latest, _exact = incident_window(answers, today)
    return law.Facts(
        officer=one("officer"),
        level=officer.level if officer else "unsure",
        harms=frozenset(answers.get("harms", ())),
        died=one("died") == "yes",
        asker=one("asker"),
        place=one("place"),
        earliest=earliest,
        latest=latest,
        case_outcome=one("charged") or "none",
        wants=frozenset(answers.get("wants", ())),
    )
