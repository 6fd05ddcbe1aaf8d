"""The legal reasoning: which routes may be open to a person, which are likely closed
and why, and the deadlines.

Pure Python on purpose (no Django imports). `assess()` takes the person's facts and
a snapshot of the published content (what lawyers edit in the admin: routes, their
applicability rules, doctrines, authorities, limitation periods) and returns the
result with the reason for every status. No legal knowledge lives in this module:
only the method of applying it, which content/README.md explains to editors.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

from .deadlines import Span, Timing, add_months, add_years, paused_for_a_minor, spanned, timing


class Status(StrEnum):
    AVAILABLE = "available"
    LIMITED = "limited"
    UNAVAILABLE = "unavailable"

    @property
    def caution(self) -> int:
        return list(Status).index(self)


# What a person hopes for, and the remedies that answer it.
WANT_REMEDIES = {
    "money": {"money"},
    "prosecution": {"prosecution"},
    "discipline": {"discipline"},
    "change": {"court_order"},
    "understand": set(),
}


@dataclass(frozen=True)
class Facts:
    officer: str
    level: str
    harms: frozenset[str]
    died: bool
    asker: str
    place: str
    earliest: date | None  # the incident date, or the ends of the range it lies in
    latest: date | None
    case_outcome: str
    wants: frozenset[str]
    # Asked only where they change a route or a deadline; "" when not asked.
    age: int | None = None  # age on the day it happened, when the person told us
    minor: str = ""  # under18 | 18to20 | 21plus | unsure
    custody: str = ""  # jail (or prison) | immigration | no | unsure
    duty: str = ""  # on | off | unsure
    claim: str = ""  # a written claim already sent: none | waiting | denied | unsure
    claim_from: date | None = None  # when the claim arrived, or the denial letter's date (a range)
    claim_until: date | None = None
    case_end_from: date | None = None  # when charges were dropped or the person acquitted (a range)
    case_end_until: date | None = None


@dataclass(frozen=True)
class Authority:
    slug: str
    kind: str
    title: str
    citation: str
    url: str
    verified: bool


@dataclass(frozen=True)
class Doctrine:
    slug: str
    name: str
    effect: str
    summary: str
    verified: bool
    authorities: tuple[str, ...]


@dataclass(frozen=True)
class Said:
    """One answer a rule depended on: the question's key and the values it tested
    (empty for the date, whose answer the page shows as given)."""

    key: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    status: Status
    reason: str
    authorities: tuple[str, ...] = ()
    officer_levels: frozenset[str] = frozenset()
    officer_kinds: frozenset[str] = frozenset()
    harms: frozenset[str] = frozenset()
    # "any": some listed harm happened; "only": every harm that happened is listed
    # (e.g. retaliation alone, with no force), for rules that turn on what did NOT happen.
    harms_match: str = "any"
    jurisdictions: frozenset[str] = frozenset()
    case_outcomes: frozenset[str] = frozenset()
    died: str = ""  # "", "yes" or "no"
    askers: frozenset[str] = frozenset()
    incident_from: date | None = None
    incident_until: date | None = None
    duty: frozenset[str] = frozenset()  # on | off | unsure: was the officer acting as one
    custody: frozenset[str] = frozenset()  # jail | immigration | no | unsure

    def matches(self, facts: Facts) -> bool:
        """Every condition that is set must hold; an empty condition matches anything.
        A date condition holds if the incident may fall inside it."""
        return (
            (not self.officer_levels or facts.level in self.officer_levels)
            and (not self.officer_kinds or facts.officer in self.officer_kinds)
            and (not self.harms or self._harms_hold(facts.harms))
            and (not self.jurisdictions or facts.place in self.jurisdictions)
            and (not self.case_outcomes or facts.case_outcome in self.case_outcomes)
            and (not self.died or self.died == ("yes" if facts.died else "no"))
            and (not self.askers or facts.asker in self.askers)
            and (self.incident_from is None or facts.latest is None or facts.latest >= self.incident_from)
            and (self.incident_until is None or facts.earliest is None or facts.earliest <= self.incident_until)
            and (not self.duty or facts.duty in self.duty)
            and (not self.custody or facts.custody in self.custody)
        )

    def _harms_hold(self, harms: frozenset[str]) -> bool:
        if self.harms_match == "only":
            return bool(harms) and harms <= self.harms
        return bool(self.harms & harms)

    def tested(self, facts: Facts) -> tuple[Said, ...]:
        """The person's answers this rule's conditions looked at, so a reason can say
        "because you said ..." (keys are the questionnaire's, in its order)."""
        said = []
        if self.officer_levels or self.officer_kinds:
            said.append(Said("officer", (facts.officer,)))
        if self.harms:
            said.append(Said("harms", tuple(sorted(self.harms & facts.harms))))
        if self.died:
            said.append(Said("died", ("yes" if facts.died else "no",)))
        if self.askers:
            said.append(Said("asker", (facts.asker,)))
        if self.jurisdictions:
            said.append(Said("place", (facts.place,)))
        if self.incident_from or self.incident_until:
            said.append(Said("date"))
        if self.duty:
            said.append(Said("duty", (facts.duty,)))
        if self.custody:
            said.append(Said("custody", (facts.custody,)))
        if self.case_outcomes:
            said.append(Said("charged", (facts.case_outcome,)))
        return tuple(said)


@dataclass(frozen=True)
class DeadlineRule:
    rule: str = "none"  # none | fixed | state_1983 | notice
    years: int | None = None
    note: str = ""
    authorities: tuple[str, ...] = ()
    # Months to sue after a written claim is denied (the FTCA's six), and the wait before
    # silence counts as a denial: both counted from the claim, when the person made one.
    after_denial_months: int | None = None
    # A claim that the charges were false (malicious prosecution, made-up evidence) runs
    # from the day the case ended in the person's favour, with this route's period.
    from_case_end: bool = False
    # What being a child does to this deadline, said wherever pausing is mentioned (for
    # example that the FTCA's two years are not paused for a child).
    minor_note: str = ""


@dataclass(frozen=True)
class RouteDoctrine:
    doctrine: str
    effect: str


@dataclass(frozen=True)
class Route:
    slug: str
    name: str
    kind: str
    decider: str
    remedies: tuple[str, ...]
    summary: str
    gets: str
    first_steps: tuple[str, ...]
    deadline: DeadlineRule
    default_status: Status
    default_reason: str
    authorities: tuple[str, ...] = ()
    doctrines: tuple[RouteDoctrine, ...] = ()
    rules: tuple[Rule, ...] = ()
    jurisdictions: frozenset[str] = frozenset()
    only_for_harms: frozenset[str] = frozenset()  # shown only when one of these happened
    order: int = 0
    verified: bool = True
    fees: str = ""  # the doctrine stating who pays the lawyers, for the side-by-side table
    timing: str = ""  # the doctrine stating how long it takes (a claim that must come first)

    def shown_for(self, facts: "Facts") -> bool:
        """A route for some places or some situations (someone held now) is left out elsewhere."""
        return (not self.jurisdictions or facts.place in self.jurisdictions) and (
            not self.only_for_harms or bool(self.only_for_harms & facts.harms)
        )


@dataclass(frozen=True)
class Period:
    years: int
    statute: str
    source: str
    verified: bool
    applies_from: date | None = None
    applies_until: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Notice:
    """A notice-of-claim window for tort claims against public bodies."""

    days: int
    covers: str  # state | local | all
    statute: str
    source: str
    verified: bool
    note: str = ""


# Which public bodies a claim about each level of officer runs against.
# A federal officer's torts become an FTCA claim against the United States (Westfall
# Act), so no state notice-of-claim window applies to them.
NOTICE_COVERS = {"state": {"state", "all"}, "local": {"local", "all"}, "federal": set()}


@dataclass(frozen=True)
class SuitDeadline:
    """A state's deadline to sue a public body (or its officers) under state law: often
    shorter than the § 1983 period, and sometimes counted from a claim's rejection."""

    covers: str  # state | local | all
    counts_from: str  # incident | rejection
    years: int | None
    months: int | None
    statute: str
    source: str
    verified: bool
    note: str = ""
    days: int | None = None  # added to the years and months (New York: 1 year and 90 days)
    claims: str = ""  # which claims it covers, when not every claim


@dataclass(frozen=True)
class MinorRule:
    """How the place pauses its own period for a child: nothing runs until `majority`,
    then `years` more (None: the full period again). Borrowed by § 1983 and Bivens."""

    majority: int  # 0: the place does not pause the period for a child at all
    years: int | None
    statute: str
    source: str
    verified: bool
    note: str = ""
    limit: int | None = None  # an outer limit, in years from the incident, whatever the age


@dataclass(frozen=True)
class DeathRule:
    """The place's wrongful-death period (from the death) and who may bring the claims."""

    years: int | None
    who: str
    statute: str
    source: str
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    periods: tuple[Period, ...]
    notices: tuple[Notice, ...] = ()
    suits: tuple[SuitDeadline, ...] = ()
    minor: MinorRule | None = None
    death: DeathRule | None = None


@dataclass(frozen=True)
class OfficerKind:
    slug: str
    name: str
    level: str
    group: str
    hint: str
    agency: str = ""


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    department: str
    complaint_name: str
    complaint_url: str
    claims_office: str
    claims_url: str
    verified: bool


@dataclass(frozen=True)
class Myth:
    """A common belief, answered: shown near the top of a result it applies to."""

    slug: str
    question: str
    short: str
    officer_levels: frozenset[str] = frozenset()
    harms: frozenset[str] = frozenset()
    jurisdictions: frozenset[str] = frozenset()
    died: str = ""  # "", "yes" or "no"
    case_outcomes: frozenset[str] = frozenset()
    verified: bool = True

    def applies(self, facts: "Facts") -> bool:
        """Like a rule's conditions (each one set must hold, an empty one matches anything),
        but a myth with no one-line answer is never shown on a result."""
        return (
            bool(self.short)
            and (not self.officer_levels or facts.level in self.officer_levels)
            and (not self.harms or bool(self.harms & facts.harms))
            and (not self.jurisdictions or facts.place in self.jurisdictions)
            and (not self.died or self.died == ("yes" if facts.died else "no"))
            and (not self.case_outcomes or facts.case_outcome in self.case_outcomes)
        )


@dataclass(frozen=True)
class Content:
    """A snapshot of the published legal content."""

    routes: tuple[Route, ...]
    doctrines: Mapping[str, Doctrine]
    authorities: Mapping[str, Authority]
    jurisdictions: Mapping[str, Jurisdiction]
    officer_kinds: Mapping[str, OfficerKind]
    agencies: Mapping[str, Agency] = field(default_factory=dict)
    myths: tuple[Myth, ...] = ()

    @cached_property
    def result_fingerprint(self) -> str:
        """A fingerprint of everything a result can depend on: equal content, equal fingerprint.
        Cached: a published snapshot lives for the whole process, and this costs ~7 ms."""
        text = json.dumps(asdict(self), sort_keys=True, default=_plain)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(type(value))


# The result. Plain data, so that a shared snapshot can store it as JSON and show
# exactly what was shown, whatever the content says later.


@dataclass(frozen=True)
class Cite:
    citation: str
    url: str
    verified: bool


@dataclass(frozen=True)
class Reason:
    text: str
    cites: tuple[Cite, ...]
    because: tuple[Said, ...] = ()  # the answers it rests on; empty for a route's default


@dataclass(frozen=True)
class Pause:
    """The later deadline if the place's pause for a child applies (dates unknown when
    the age or the date is)."""

    earliest: date | None
    latest: date | None
    majority: int
    cites: tuple[Cite, ...]
    verified: bool
    note: str


@dataclass(frozen=True)
class Deadline:
    rule: str  # fixed | state_1983 | notice
    earliest: date | None  # the deadline, or the ends of its range for an approximate date
    latest: date | None
    years: int | None
    statute: str  # what sets the period, e.g. "Minn. Stat. § 541.05"
    note: str
    cites: tuple[Cite, ...]
    verified: bool
    passed: bool  # has probably run already
    may_have_passed: bool  # the range straddles today
    days: int | None = None  # for a notice window counted in days
    exceptions: str = ""  # the period's own exceptions and changes, e.g. a later effective date
    act_by: date | None = None  # the safe date: the earliest possible deadline
    # What this date is: "" (the route's own deadline), suit (to sue a public body), death
    # (wrongful death), after_denial (to sue after a written denial), may_sue (the day
    # silence counts as a denial: a start, not an end), case_end (from the case's end).
    label: str = ""
    months: int | None = None
    pause: Pause | None = None
    claims: str = ""  # which claims it covers, when not every claim (a suit deadline's)


@dataclass(frozen=True)
class DoctrineMention:
    slug: str
    name: str
    summary: str
    effect: str
    verified: bool


@dataclass(frozen=True)
class RouteResult:
    slug: str
    name: str
    kind: str
    decider: str
    remedies: tuple[str, ...]
    summary: str
    gets: str
    first_steps: tuple[str, ...]
    status: Status
    reasons: tuple[Reason, ...]
    doctrines: tuple[DoctrineMention, ...]
    deadline: Deadline | None
    deadline_note: str
    cites: tuple[Cite, ...]
    wanted: bool
    verified: bool
    also: tuple[Deadline, ...] = ()  # other deadlines that can close this route
    minor_note: str = ""


@dataclass(frozen=True)
class Assessment:
    routes: tuple[RouteResult, ...]
    result_fingerprint: str
    # "hybrid" or "unsure" officers get both tracks and a warning; the page needs to know.
    officer_level: str = ""

    @property
    def open(self) -> tuple[RouteResult, ...]:
        return tuple(r for r in self.routes if r.status is not Status.UNAVAILABLE)


def assess(facts: Facts, content: Content, today: date) -> Assessment:
    """Every route that applies in the person's place, with its status and reasons."""
    results = [_assess_route(route, facts, content, today) for route in content.routes if route.shown_for(facts)]
    results.sort(key=lambda r: (r.status.caution == 2, not r.wanted, r.status.caution))
    return Assessment(tuple(results), content.result_fingerprint, facts.level)


def _assess_route(route: Route, facts: Facts, content: Content, today: date) -> RouteResult:
    matched = sorted((r for r in route.rules if r.matches(facts)), key=lambda r: -r.status.caution)
    if matched:
        status = matched[0].status
        reasons = tuple(Reason(r.reason, _cites(r.authorities, content), r.tested(facts)) for r in matched)
    else:
        status = route.default_status
        reasons = (Reason(route.default_reason, _cites(route.authorities, content)),)
    deadline = _deadline(route, facts, content, today)
    also = _more_deadlines(route, facts, content, today)
    closing = [d for d in (deadline, *also) if d and d.label != "may_sue"]
    if any(d.passed or d.may_have_passed for d in closing) and status is Status.AVAILABLE:
        status = Status.LIMITED  # tolling or later discovery may still help, so not closed
    wanted = any(WANT_REMEDIES.get(w, set()) & set(route.remedies) for w in facts.wants)
    doctrines = tuple(
        DoctrineMention(d.slug, d.name, d.summary, link.effect, d.verified)
        for link in route.doctrines
        if (d := content.doctrines.get(link.doctrine))
    )
    return RouteResult(
        slug=route.slug,
        name=route.name,
        kind=route.kind,
        decider=route.decider,
        remedies=route.remedies,
        summary=route.summary,
        gets=route.gets,
        first_steps=route.first_steps,
        status=status,
        reasons=reasons,
        doctrines=doctrines,
        deadline=deadline,
        deadline_note=route.deadline.note,
        cites=_cites(route.authorities, content),
        wanted=wanted,
        verified=route.verified,
        also=also,
        minor_note=route.deadline.minor_note,
    )


def myths_for(facts: Facts, content: Content, count: int = 1) -> tuple[Myth, ...]:
    """The beliefs this person may have come with, answered: the first that apply, in the
    content's order."""
    return tuple(m for m in content.myths if m.applies(facts))[:count]


def _cites(slugs: tuple[str, ...], content: Content) -> tuple[Cite, ...]:
    return tuple(Cite(a.citation, a.url, a.verified) for s in slugs if (a := content.authorities.get(s)))


def _deadline(route: Route, facts: Facts, content: Content, today: date) -> Deadline | None:
    rule = route.deadline
    note, exceptions, sources, days, pause = rule.note, "", (), None, None
    if rule.after_denial_months and facts.claim in ("waiting", "denied"):
        # The claim was made: its deadline is behind the person, and what counts now is the
        # denial (or the agency's silence), shown beside the route (see _more_deadlines).
        if facts.claim == "waiting":
            return None
        return _after(
            facts.claim_from, facts.claim_until, rule.after_denial_months, "after_denial", rule, content, today
        )
    if rule.rule == "fixed" and rule.years:
        earliest = add_years(facts.earliest, rule.years) if facts.earliest else None
        latest = add_years(facts.latest, rule.years) if facts.latest else None
        years: int | None = rule.years
        statute = ""
        verified = all(c.verified for c in _cites(rule.authorities, content))
    elif rule.rule == "state_1983":
        place = content.jurisdictions.get(facts.place)
        if place is None:
            return None
        if facts.earliest is None and facts.latest is None and len(place.periods) != 1:
            return None  # unknown date and a period that changed: no honest single answer
        spans = [Span(p.years, p.applies_from, p.applies_until) for p in place.periods]
        earliest, latest, used_spans = spanned(facts.earliest, facts.latest, spans)
        used = [p for p, span in zip(place.periods, spans, strict=True) if span in used_spans]
        if not used:
            return None
        years = used[0].years if len({p.years for p in used}) == 1 else None
        statute = "; ".join(dict.fromkeys(p.statute for p in used))
        verified = all(p.verified for p in used)
        exceptions = " ".join(dict.fromkeys(p.note for p in used if p.note))
        sources = tuple(dict.fromkeys(Cite(p.statute, p.source, p.verified) for p in used))
        pause = _pause(place, facts, years or used[0].years, earliest)
    elif rule.rule == "notice":
        if facts.claim in ("waiting", "denied"):
            return None  # the notice (the claim) was sent; the suit deadlines follow it
        # The shortest notice-of-claim window that may apply to a claim about this officer.
        place = content.jurisdictions.get(facts.place)
        covers = NOTICE_COVERS.get(facts.level, {"state", "local", "all"})
        notices = sorted((n for n in place.notices if n.covers in covers), key=lambda n: n.days) if place else []
        if not notices:
            return None
        notice, days, years = notices[0], notices[0].days, None
        earliest = facts.earliest + timedelta(days=days) if facts.earliest else None
        latest = facts.latest + timedelta(days=days) if facts.latest else None
        statute, verified = notice.statute, notice.verified
        note = " ".join(n.note for n in notices if n.note)
        sources = (Cite(notice.statute, notice.source, notice.verified),)
    else:
        return None
    when = timing(earliest, latest, today)
    return Deadline(
        rule=rule.rule,
        earliest=earliest,
        latest=latest,
        years=years,
        statute=statute,
        note=note,
        cites=(*sources, *_cites(rule.authorities, content)),  # the statute that sets the period first
        verified=verified,
        **_standing(when),
        days=days,
        exceptions=exceptions,
        pause=pause,
    )


def _pause(place: Jurisdiction, facts: Facts, years: int, unpaused: date | None = None) -> Pause | None:
    """The place's pause for a child, borrowed with its period, if the person may have been
    one. Dates only when we know the age; the safe date stays the unpaused deadline
    (`unpaused`, its earliest end). Where the extra time after the birthday is short (one
    year in Minnesota or Michigan) the child's date can come before the normal deadline:
    the later one counts, so such a pause adds nothing and is not shown as "later"."""
    minor = place.minor
    if minor is None or facts.minor not in ("under18", "18to20", "unsure"):
        return None
    if not minor.majority:  # no pause here: say so, with its source
        return Pause(None, None, 0, (Cite(minor.statute, minor.source, minor.verified),), minor.verified, minor.note)
    if facts.age is not None and facts.age >= minor.majority:
        return None
    if facts.minor == "18to20" and facts.age is None and minor.majority <= 18:
        return None
    more = min(years, minor.years) if minor.years else years
    earliest = latest = None
    if facts.age is not None:
        earliest, latest = paused_for_a_minor(facts.earliest, facts.latest, facts.age, minor.majority, more)
        if minor.limit:
            earliest = earliest and min(earliest, add_years(facts.earliest, minor.limit))
            latest = latest and min(latest, add_years(facts.latest, minor.limit))
        if latest and unpaused and latest <= unpaused:
            return None
    return Pause(
        earliest=earliest,
        latest=latest,
        majority=minor.majority,
        cites=(Cite(minor.statute, minor.source, minor.verified),),
        verified=minor.verified,
        note=minor.note,
    )


def _after(
    start: date | None, end: date | None, months: int, label: str, rule: DeadlineRule, content: Content, today: date
) -> Deadline:
    """A deadline (or, for may_sue, a first day) some months after a claim or a denial."""
    earliest = add_months(start, months) if start else None
    latest = add_months(end, months) if end else None
    when = timing(earliest, latest, today)
    cites = _cites(rule.authorities, content)
    return Deadline(
        rule=rule.rule,
        earliest=earliest,
        latest=latest,
        years=None,
        statute="",
        note="",
        cites=cites,
        verified=all(c.verified for c in cites),
        passed=when.passed and label != "may_sue",
        may_have_passed=when.may_have_passed and label != "may_sue",
        act_by=when.act_by,
        label=label,
        months=months,
    )


def _more_deadlines(route: Route, facts: Facts, content: Content, today: date) -> tuple[Deadline, ...]:
    """The other dates that can close a route: the day silence counts as a denial, the
    state's deadlines to sue a public body and for a death, and a period that runs from
    the end of a criminal case. Each says what it is (`label`)."""
    rule = route.deadline
    more: list[Deadline] = []
    if rule.after_denial_months and facts.claim == "waiting":
        more.append(
            _after(facts.claim_from, facts.claim_until, rule.after_denial_months, "may_sue", rule, content, today)
        )
    place = content.jurisdictions.get(facts.place)
    if place and rule.rule == "notice":
        covers = NOTICE_COVERS.get(facts.level, {"state", "local", "all"})
        for suit in (s for s in place.suits if s.covers in covers):
            more.append(_suit(suit, facts, today))
        if facts.died and place.death and place.death.years:
            more.append(_death(place.death, facts, today))
    if rule.from_case_end and facts.case_outcome == "dropped" and place and rule.rule == "state_1983":
        spans = [Span(p.years, p.applies_from, p.applies_until) for p in place.periods]
        first, last, used_spans = spanned(facts.case_end_from, facts.case_end_until, spans)
        used = [p for p, span in zip(place.periods, spans, strict=True) if span in used_spans] or list(place.periods)
        if used:
            when = timing(first, last, today)
            more.append(
                Deadline(
                    rule=rule.rule,
                    earliest=first,
                    latest=last,
                    years=used[0].years,
                    statute="; ".join(dict.fromkeys(p.statute for p in used)),
                    note="",
                    cites=(*dict.fromkeys(Cite(p.statute, p.source, p.verified) for p in used),),
                    verified=all(p.verified for p in used),
                    **_standing(when),
                    label="case_end",
                )
            )
    return tuple(more)


def _standing(when: Timing) -> dict:
    """Where a dated deadline stands today, as the Deadline fields that say it."""
    return {"passed": when.passed, "may_have_passed": when.may_have_passed, "act_by": when.act_by}


def _suit(suit: SuitDeadline, facts: Facts, today: date) -> Deadline:
    if suit.counts_from == "rejection":
        start, end = (facts.claim_from, facts.claim_until) if facts.claim == "denied" else (None, None)
    else:
        start, end = facts.earliest, facts.latest

    def count(day: date | None) -> date | None:
        if day is None or not (suit.years or suit.months or suit.days):
            return None
        return add_months(add_years(day, suit.years or 0), suit.months or 0) + timedelta(days=suit.days or 0)

    earliest, latest = count(start), count(end)
    when = timing(earliest, latest, today)
    return Deadline(
        rule="suit",
        earliest=earliest,
        latest=latest,
        years=suit.years,
        statute=suit.statute,
        note=suit.note,
        cites=(Cite(suit.statute, suit.source, suit.verified),) if suit.source else (),
        verified=suit.verified,
        **_standing(when),
        label="suit_after_rejection" if suit.counts_from == "rejection" else "suit",
        months=suit.months,
        days=suit.days,
        claims=suit.claims,
    )


def _death(death: DeathRule, facts: Facts, today: date) -> Deadline:
    """Counted from the incident: the death may have come later, which only makes the
    real deadline later, so this date is the safe one."""
    years = death.years or 0
    earliest = add_years(facts.earliest, years) if facts.earliest else None
    latest = add_years(facts.latest, years) if facts.latest else None
    when = timing(earliest, latest, today)
    return Deadline(
        rule="death",
        earliest=earliest,
        latest=latest,
        years=death.years,
        statute=death.statute,
        note=death.note,
        cites=(Cite(death.statute, death.source, death.verified),) if death.source else (),
        verified=death.verified,
        **_standing(when),
        label="death",
    )
