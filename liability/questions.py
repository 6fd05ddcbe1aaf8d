"""THE questionnaire, as data: which question comes next is code, reviewed and tested.

The officer kinds and places are legal content that staff edit, so they arrive as
choices built from the content snapshot; everything else a person is asked lives here.
Ask only what is needed to route: no names, no free text, no story.
"""

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum

from . import law
from .engine import (
    TODAY,
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

# The first question about the officer: about six plain kinds of officer (officer kinds in
# the content say which one they belong to, in their `group`); a follow-up asks for the exact
# agency only where there is more than one. "Not sure" is a choice of its own, never buried.
# Labels follow officers.yaml's rules for the public scenario driver: only "immigration" says
# ICE or Border Patrol, only "local" says sheriff, only "joint" says task force or 287(g).
GROUP_LABELS = {
    "immigration": _("Immigration officers (ICE or Border Patrol)"),
    "federal": _("Other federal agents (for example FBI, DEA or U.S. Marshals)"),
    "state": _("State police or state troopers"),
    "local": _("City or county police, or a sheriff's office"),
    "joint": _(
        "Local officers working with a federal agency (on a task force, or under a 287(g) immigration agreement)"
    ),
    "military": _("National Guard or soldiers"),
    "unsure": _("Not sure"),
}
# A kind's group when the content gives none: its level's.
LEVEL_GROUPS = {"federal": "federal", "state": "state", "local": "local", "hybrid": "joint", "unsure": "unsure"}

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
# (value, label, months ago from, months ago until): a person may not know the date. Months
# in the first two years, where most deadlines fall (a notice window, the FTCA's 2 years).
RANGES = (
    ("lt3m", _("Less than 3 months ago"), 0, 3),
    ("3to6m", _("3 to 6 months ago"), 3, 6),
    ("6to12m", _("6 months to 1 year ago"), 6, 12),
    ("12to18m", _("1 year to 18 months ago"), 12, 18),
    ("18to24m", _("18 months to 2 years ago"), 18, 24),
    ("2to3", _("2 to 3 years ago"), 24, 36),
    ("3to6", _("3 to 6 years ago"), 36, 72),
    ("gt6", _("More than 6 years ago"), 72, None),
    ("unsure", _("I'm not sure"), None, None),
    # Offered before the months were: old links still read, the form no longer shows them.
    ("lt1", _("Less than a year ago"), 0, 12),
    ("1to2", _("1 to 2 years ago"), 12, 24),
)
OLD_RANGES = ("lt1", "1to2")

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
    "employer": _("Kind of officer"),
    "officer": _("Officer"),
    "exact": _("Exact date"),
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
    spans: Mapping[str, Collection[tuple[int, int]]] | None = None,
) -> Flow:
    """The questionnaire, with the officer kinds and places from the published content.
    `federal`: officer kinds whose claims go to a federal agency first (and "not sure");
    `hybrid`: local officers who may have been doing federal work under a deputation or
    agreement; `claim_places`: places whose claim system sets a deadline after a rejection;
    `spans`: by place ("" for everywhere), the deadlines counted from the incident, as
    (months, days): an approximate date whose range straddles one is asked exactly."""
    asks_claim = _asks_claim(federal, hybrid, claim_places)
    survived = unless("died", "yes")
    group_of = {o.value: o.group or "unsure" for o in officers}
    groups = tuple(Choice(g, label) for g, label in GROUP_LABELS.items() if g in group_of.values())
    after_date = ((when("officer", *hybrid), "role"), (always, "duty"))
    questions = [
        Question(
            "asker",
            _("Who are you asking for?"),
            Kind.ONE,
            ASKERS,
            routes=((always, "employer"),),
            hint=_("We ask first so that we ask only what fits you."),
        ),
        Question(
            "employer",
            _("Who did the officer work for?"),
            Kind.ONE,
            groups,
            routes=((always, "officer"),),
            hint=_("Look for words on the uniform, badge, vehicle or papers. If you don't know, choose “not sure”."),
            implied=lambda answers: group_of.get(next(iter(answers.get("officer", ())), ""), ""),
            resets=("officer",),
        ),
        Question(
            "officer",
            _("Which agency was it?"),
            Kind.ONE,
            tuple(officers),
            routes=((always, "harms"),),
            hint=_("Choose the one that fits best. You can change it later."),
            offered_when={o.value: _in_group(o.group or "unsure") for o in officers},
            auto=True,
        ),
        Question(
            "harms",
            _("What happened? Choose all that apply."),
            Kind.MANY,
            HARMS,
            # Someone asking about their own harm is not asked whether they died.
            routes=((lambda a: when("harms", *BODILY)(a) and unless("asker", "self")(a), "died"), (always, "place")),
        ),
        Question(
            "died",
            _("Did the person who was harmed die?"),
            Kind.ONE,
            DIED,
            routes=((always, "place"),),
            hint=_("We are very sorry if they did. We ask because a family has its own rights."),
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
            tuple(Choice(value, label) for value, label, *_months in RANGES),
            routes=((_straddles(spans or {}), "exact"), *after_date),
            hint=_("Deadlines run from this date. If you don't know it, choose about how long ago."),
            range_key="approx",
            offered_when=dict.fromkeys(OLD_RANGES, never),
        ),
        Question(
            "exact",
            _("Can you find the exact date?"),
            Kind.DATE,
            (Choice("unknown", _("I can't find the exact date")),),
            routes=after_date,
            hint=_(
                "A deadline may fall inside the range you chose. With the exact date, we can tell whether it "
                "has passed. Photos, messages, a police report or medical bills may show it."
            ),
            range_key="exact_unknown",
            range_legend=_("If you cannot find it:"),
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
            tuple(Choice(value, label) for value, label, *_months in RANGES),
            routes=((asks_claim, "claim"), (always, "wants")),
            offered_when=dict.fromkeys(OLD_RANGES, never),
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
    return Flow(start="asker", nodes={q.key: q for q in questions} | {"result": Outcome("result")})


def never(answers: Answers) -> bool:
    return False


def _in_group(group: str) -> Condition:
    """An agency is offered under its kind of officer, and every agency when that was not
    asked (the what-if page lists them all)."""
    return lambda answers: not answers.get("employer") or group in answers["employer"]


def _straddles(spans: Mapping[str, Collection[tuple[int, int]]]) -> Condition:
    """Whether an approximate date's range holds a day on which a deadline counted from
    the incident would fall due today: some dates in it are past that deadline, others not."""

    def condition(answers: Answers) -> bool:
        today = date.fromisoformat(answers[TODAY][0])
        earliest, latest, exact = incident_window(answers, today)
        if exact or latest is None:
            return False
        place = next(iter(answers.get("place", ())), "")
        for months, days in {*spans.get("", ()), *spans.get(place, ())}:
            due_last = _months_after(latest, months) + timedelta(days=days)
            due_first = _months_after(earliest, months) + timedelta(days=days) if earliest else None
            if due_last > today and (due_first is None or due_first <= today):
                return True
        return False

    return condition


def incident_window(answers: Answers, today: date, key: str = "date") -> tuple[date | None, date | None, bool]:
    """The earliest and latest possible date of an answer (the incident's by default),
    and whether it is exact."""
    keys = ("exact", key) if key == "date" else (key,)  # the exact date, when a range was narrowed
    for value in (next(iter(answers.get(k, ())), "") for k in keys):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            continue
        return day, day, True
    value = next(iter(answers.get(key, ())), "")
    ranges = SINCE if key in ("claim_sent", "denied") else RANGES
    for value_, _label, start, end in ranges:
        if value_ == value and start is not None:
            earliest = _months_before(today, end) if end is not None else None
            return earliest, _months_before(today, start), False
    return None, None, False


def _months_before(today: date, months: int) -> date:
    return _months_after(today, -months)


def _months_after(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the month's last day if it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


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
    # A version published before the plain kinds of officer has groups named like levels.
    group = lambda o: o.group if o.group in GROUP_LABELS else LEVEL_GROUPS.get(o.group or o.level, "unsure")  # noqa: E731
    officers = [Choice(o.slug, o.name, o.hint, group(o)) for o in kinds]
    places = [Choice(j.code, j.name) for j in sorted(content.jurisdictions.values(), key=lambda j: j.name)]
    federal = [o.slug for o in kinds if o.level in (Level.FEDERAL, Level.UNSURE)]
    hybrid = [o.slug for o in kinds if o.level == Level.HYBRID and o.agency]  # deputized or under agreement
    claim_places = [
        j.code for j in content.jurisdictions.values() if any(s.counts_from == "rejection" for s in j.suits)
    ]
    return build(officers, places, federal, hybrid, claim_places, _spans(content))


def _spans(content: law.Content) -> dict[str, set[tuple[int, int]]]:
    """Every deadline counted from the incident, as (months, days): the routes' fixed years
    everywhere, and each place's § 1983 periods, notice windows and suit deadlines."""
    spans: dict[str, set[tuple[int, int]]] = {"": set()}
    for route in content.routes:
        if route.deadline.rule == "fixed" and route.deadline.years:
            spans[""].add((route.deadline.years * 12, 0))
    for code, place in content.jurisdictions.items():
        spans[code] = {(p.years * 12, 0) for p in place.periods} | {(0, n.days) for n in place.notices}
        spans[code] |= {((s.years or 0) * 12 + (s.months or 0), 0) for s in place.suits if s.counts_from == "incident"}
    return spans


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
