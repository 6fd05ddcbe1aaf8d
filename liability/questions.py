"""THE questionnaire, as data: which question comes next is code, reviewed and tested.

The officer kinds and places are legal content that staff edit, so they arrive as
choices built from the content snapshot; everything else a person is asked lives here.
Ask only what is needed to route: no names, no free text, no story.
"""

from collections.abc import Collection, Sequence
from datetime import date
from enum import StrEnum

from . import law
from .engine import (
    Answers,
    Choice,
    Condition,
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

# Months ago, for dates a person may know only roughly: a claim's or a denial's.
SINCE = (
    ("lt6m", _("Less than 6 months ago"), 0, 6),
    ("gt6m", _("6 months ago or more"), 6, None),
    ("unsure", _("I'm not sure"), None, None),
)
DUTY = (
    Choice("on", _("Yes: on duty, or off duty but acting as an officer (showing a badge, arresting)")),
    Choice("off", _("No: off duty and acting for personal reasons")),
    Choice("unsure", _("I'm not sure")),
)
ROLE = (
    # No "task force", "deputized", "287(g)" or "local police" here: the public scenario driver
    # picks the first label matching the officer's own words (see officers.yaml).
    Choice("federal", _("Yes: doing the federal work under the federal agreement")),
    Choice("local", _("No: doing ordinary city, county or jail work")),
    Choice("unsure", _("I'm not sure")),
)
MINOR = (
    Choice("under18", _("Under 18")),
    Choice("18to20", _("18, 19 or 20")),
    Choice("21plus", _("21 or older")),
    Choice("unsure", _("I'm not sure")),
)
AGES = tuple(Choice(str(n), str(n)) for n in range(21))
CUSTODY = (
    Choice("jail", _("Yes, in a jail or prison")),
    Choice("immigration", _("Yes, in immigration detention")),
    Choice("no", _("No")),
    Choice("unsure", _("I'm not sure")),
)
CLAIMS = (
    Choice("none", _("No, not yet")),
    Choice("waiting", _("Yes, and we are still waiting for an answer")),
    Choice("denied", _("Yes, and it was denied in writing")),
    Choice("unsure", _("I'm not sure")),
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
    "case_end": _("When the case ended"),
    "role": _("Federal work"),
    "duty": _("Acting as an officer"),
    "minor": _("Age then"),
    "age": _("Age then"),
    "custody": _("Held in custody"),
    "claim": _("Claim already sent"),
    "claim_sent": _("When the claim arrived"),
    "denied": _("Date on the denial letter"),
    "wants": _("Hoping for"),
}


def _asks_claim(federal: Collection[str], hybrid: Collection[str], places: Collection[str]) -> Condition:
    """A claim already made changes a deadline for a federal officer (six months to sue
    after a denial) and in places whose claim system sets a deadline after a rejection."""

    def condition(answers: Answers) -> bool:
        officer = next(iter(answers.get("officer", ())), "")
        if officer in hybrid:
            return next(iter(answers.get("role", ())), "") != "local" or _in(answers, "place", places)
        return officer in federal or _in(answers, "place", places)

    return condition


def _in(answers: Answers, key: str, values: Collection[str]) -> bool:
    return any(v in values for v in answers.get(key, ()))


def build(
    officers: Sequence[Choice],
    places: Sequence[Choice],
    federal: Collection[str] = (),
    hybrid: Collection[str] = (),
    claim_places: Collection[str] = (),
) -> Flow:
    """The questionnaire, with the officer kinds and places from the published content.
    `federal`: officer kinds whose claims go to a federal agency first (and "not sure");
    `hybrid`: local officers who may have been doing federal work under a deputation or
    agreement; `claim_places`: places whose claim system sets a deadline after a rejection."""
    asks_claim = _asks_claim(federal, hybrid, claim_places)
    survived = unless("died", "yes")
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
        ),
        Question(
            "date",
            _("When did it happen?"),
            Kind.DATE,
            tuple(Choice(value, label) for value, label, *_years in RANGES),
            routes=((when("officer", *hybrid), "role"), (always, "duty")),
            hint=_("Deadlines run from this date. If you don't know it, choose about how long ago."),
            range_key="approx",
        ),
        Question(
            "role",
            _(
                "At that moment, was the officer doing the federal work: the task force, or immigration work under the 287(g) agreement?"
            ),
            Kind.ONE,
            ROLE,
            routes=((always, "duty"),),
            hint=_(
                "This decides whether federal or state rules apply. Reports, charges or the officer's own words may say."
            ),
        ),
        Question(
            "duty",
            _("Was the officer on duty, or acting as an officer?"),
            Kind.ONE,
            DUTY,
            routes=((survived, "minor"), (asks_claim, "claim"), (always, "wants")),
            hint=_("An officer acting for personal reasons, off duty, is sued like anyone else."),
        ),
        Question(
            "minor",
            _("How old was the person who was harmed, at the time?"),
            Kind.ONE,
            MINOR,
            routes=((when("minor", "under18", "18to20"), "age"), (always, "custody")),
            hint=_("Many deadlines are paused for a child, but not all of them."),
        ),
        Question(
            "age",
            _("Exactly how old were they then?"),
            Kind.SELECT,
            AGES,
            routes=((always, "custody"),),
            hint=_("We use it only to count the deadline."),
            offered_when={
                **{str(n): when("minor", "under18") for n in range(18)},
                **{str(n): when("minor", "18to20") for n in range(18, 21)},
            },
        ),
        Question(
            "custody",
            _("At the time, was the person held in a jail, prison or immigration detention?"),
            Kind.ONE,
            CUSTODY,
            routes=((always, "charged"),),
            hint=_("People held in a jail or prison often must use its complaint process first."),
        ),
        Question(
            "charged",
            _("Was the person who was harmed charged with a crime after this?"),
            Kind.ONE,
            CASE_OUTCOMES,
            routes=((when("charged", "dropped"), "case_end"), (asks_claim, "claim"), (always, "wants")),
            hint=_("A criminal case can change which routes are open and when."),
        ),
        Question(
            "case_end",
            _("About when did the criminal case end?"),
            Kind.DATE,
            tuple(Choice(value, label) for value, label, *_years in RANGES),
            routes=((asks_claim, "claim"), (always, "wants")),
            hint=_("Some claims count their deadline from the day the charges were dropped or the verdict."),
            range_key="case_end_approx",
        ),
        Question(
            "claim",
            _("Has a written claim for money already been sent to the government about this?"),
            Kind.ONE,
            CLAIMS,
            routes=((when("claim", "waiting"), "claim_sent"), (when("claim", "denied"), "denied"), (always, "wants")),
            hint=_("For example Standard Form 95 to a federal agency, or a claim form to a city or state."),
        ),
        Question(
            "claim_sent",
            _("About when did the government get the claim?"),
            Kind.DATE,
            tuple(Choice(value, label) for value, label, *_months in SINCE),
            routes=((always, "wants"),),
            hint=_("After six months without an answer, some claims may go to court."),
            range_key="claim_sent_approx",
        ),
        Question(
            "denied",
            _("What date is on the denial letter?"),
            Kind.DATE,
            tuple(Choice(value, label) for value, label, *_months in SINCE),
            routes=((always, "wants"),),
            hint=_("A short deadline to sue starts when the denial is mailed. Look at the letter's date."),
            range_key="denied_approx",
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


def incident_window(answers: Answers, today: date, key: str = "date") -> tuple[date | None, date | None, bool]:
    """The earliest and latest possible date of an answer (the incident's by default),
    and whether it is exact."""
    value = next(iter(answers.get(key, ())), "")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None:
        return day, day, True
    ranges, back = (SINCE, _months_before) if key in ("claim_sent", "denied") else (RANGES, _years_before)
    for value_, _label, start, end in ranges:
        if value_ == value and start is not None:
            earliest = back(today, end) if end is not None else None
            return earliest, back(today, start), False
    return None, None, False


def _months_before(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(today.day, day))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


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
    kinds = content.officer_kinds.values()
    officers = [Choice(o.slug, o.name, o.hint, o.group) for o in kinds]
    places = [Choice(j.code, j.name) for j in sorted(content.jurisdictions.values(), key=lambda j: j.name)]
    federal = [o.slug for o in kinds if o.level in (Level.FEDERAL, Level.UNSURE)]
    hybrid = [o.slug for o in kinds if o.level == Level.HYBRID and o.agency]  # deputized or under agreement
    claim_places = [
        j.code for j in content.jurisdictions.values() if any(s.counts_from == "rejection" for s in j.suits)
    ]
    return build(officers, places, federal, hybrid, claim_places)


def facts_of(step: Step, content: law.Content, today: date) -> law.Facts:
    """The facts the legal reasoning needs, from a completed journey."""
    answers = step.answers

    def one(key: str) -> str:
        return next(iter(answers.get(key, ())), "")

    officer = content.officer_kinds.get(one("officer"))
    earliest, latest, _exact = incident_window(answers, today)
    level = officer.level if officer else "unsure"
    if level == Level.HYBRID and one("role") in ("federal", "local"):
        level = one("role")  # the deciding question decided which track applies
    claim_from, claim_until, _exact = incident_window(
        answers, today, "denied" if one("claim") == "denied" else "claim_sent"
    )
    case_end_from, case_end_until, _exact = incident_window(answers, today, "case_end")
    return law.Facts(
        officer=one("officer"),
        level=level,
        harms=frozenset(answers.get("harms", ())),
        died=one("died") == "yes",
        asker=one("asker"),
        place=one("place"),
        earliest=earliest,
        latest=latest,
        case_outcome=one("charged") or "none",
        wants=frozenset(answers.get("wants", ())),
        age=int(one("age")) if one("age").isdigit() else None,
        minor=one("minor"),
        custody=one("custody"),
        duty=one("duty"),
        claim=one("claim"),
        claim_from=claim_from,
        claim_until=claim_until,
        case_end_from=case_end_from,
        case_end_until=case_end_until,
    )
